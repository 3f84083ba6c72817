// Benchmark (issue 4): an owners_ordinary vote in a compound of 10,000 dwellings, 10,000 ballots cast
// through the HTTP action, then closed. Reported beside baselines measured in the same run:
//   time to close   vs  the bare SQL aggregate over the same rows        (goal ≤ 2×)
//   ballots/s        vs  a trivial Remix action on the same server        (goal ≥ 70 %)
// Run: npm run bench:votes [-- --dwellings 10000 --connections 20 --profile DIR]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { withDatabase } from "../../app/db.server";
import { closeVote } from "../../app/features/votes/commands.server";
import { log, ms, startBenchServer } from "./bench-support";
import { migrateToLatest, openDatabase } from "../connect";
import { setupVoteFixture } from "./vote-fixture";

const { values } = parseArgs({
  options: { dwellings: { type: "string", default: "10000" }, connections: { type: "string", default: "20" }, profile: { type: "string" } },
});
const N = Number(values.dwellings);
const CONNECTIONS = Number(values.connections);

async function main() {
  const file = path.join(os.tmpdir(), `gongzhi-bench-votes-${process.pid}.db`);
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  const db = openDatabase(file);
  await migrateToLatest(db);
  const now = new Date();
  log(`setting up a compound of ${N} dwellings…`);
  const { voteId, tokens, openMs, rosterMs } = await setupVoteFixture(db, N, now);
  log(`  roster of ${N} rows imported in ${rosterMs} ms`);
  log(`  vote opened (electorate of ${N} frozen) in ${openMs} ms`);
  await db.destroy();

  const server = await startBenchServer(file, { profile: values.profile });
  const { origin, run } = server;
  const headers = { origin, "content-type": "application/x-www-form-urlencoded" };

  log("warming up…");
  await run({ connections: CONNECTIONS, duration: 2, requests: [{ method: "POST", path: "/bench/noop", headers, body: "x=1" }] });
  // Timed runs of 5 s (autocannon ends a run of a fixed number of requests on its one-second tick, which skews
  // a short run): the trivial action right before and right after the casting, the mean of the two as the
  // baseline; each owner casts at most once in the timed run, and the rest cast afterwards, untimed, so that
  // all N ballots are there to close.
  const TIMED_SECONDS = 5;
  const trivialRun = async () =>
    (await run({ connections: CONNECTIONS, duration: TIMED_SECONDS, requests: [{ method: "POST", path: "/bench/noop", headers, body: "x=1" }] })).requests
      .total / TIMED_SECONDS;
  log(`trivial Remix action, ${TIMED_SECONDS} s at ${CONNECTIONS} connections…`);
  const trivialBefore = await trivialRun();
  log(`casting through POST /votes/${voteId} at ${CONNECTIONS} connections, ${TIMED_SECONDS} s timed, then the rest of ${N}…`);
  let next = 0;
  const castRequests = [
    {
      method: "POST" as const,
      path: `/votes/${voteId}`,
      setupRequest: (req: object) => {
        const i = next++;
        return {
          ...req,
          headers: { ...headers, cookie: `session=${tokens[i % tokens.length]}` },
          body: `intent=cast&choice=${i % 5 === 0 ? "oppose" : i % 11 === 0 ? "abstain" : "agree"}`,
        };
      },
    },
  ];
  const cast = await run({ connections: CONNECTIONS, duration: TIMED_SECONDS, requests: castRequests as never });
  if (next >= N) throw new Error(`every owner cast within ${TIMED_SECONDS} s: use more dwellings`);
  const trivialAfter = await trivialRun();
  await run({ connections: CONNECTIONS, amount: N - next, requests: castRequests as never });
  await server.stop();

  const db2 = openDatabase(file);
  const castCount = Number(
    (
      await db2
        .selectFrom("ballot_casts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("vote_id", "=", voteId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  // Baseline: the bare SQL aggregate over the same rows (electors joined to casts, and the choices).
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await sql`select count(*), sum(e.area_centi), count(distinct e.owner_key) from vote_electors e join ballot_casts c on c.vote_id = e.vote_id and c.elector_id = e.id where e.vote_id = ${voteId}`.execute(
      db2,
    );
    await sql`select choice, count(*) from ballot_choices where vote_id = ${voteId} group by choice`.execute(db2);
    bare.push(performance.now() - t);
  }
  const bareMs = Math.round(Math.min(...bare) * 10) / 10;
  const tClose = performance.now();
  const closed = await withDatabase(db2, () => closeVote(voteId, new Date(now.getTime() + 3_600_000)));
  const closeMs = ms(tClose);
  await db2.destroy();
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });

  const ballotsPerSec = Math.round((cast.requests.total / TIMED_SECONDS) * 10) / 10;
  const trivialPerSec = Math.round(((trivialBefore + trivialAfter) / 2) * 10) / 10;
  const result = {
    dwellings: N,
    connections: CONNECTIONS,
    openVoteMs: openMs,
    ballotsCast: castCount,
    castErrors: cast.errors + cast.timeouts,
    castNon3xx: cast.requests.total - cast["3xx"],
    ballotsPerSec,
    trivialActionPerSec: trivialPerSec,
    castVsTrivial: Math.round((ballotsPerSec / trivialPerSec) * 1000) / 10,
    castLatencyP50: cast.latency.p50,
    castLatencyP99: cast.latency.p99,
    closeMs,
    bareAggregateMs: bareMs,
    closeVsBare: Math.round((closeMs / bareMs) * 10) / 10,
    passed: closed?.passed,
  };
  const lines2 = [
    `| measure | value | baseline | ratio | goal |`,
    `| --- | --- | --- | --- | --- |`,
    `| ballots cast per second (HTTP action) | ${ballotsPerSec} | trivial action ${trivialPerSec}/s | ${result.castVsTrivial} % | ≥ 70 % |`,
    `| time to close ${N} ballots | ${closeMs} ms | bare SQL aggregate ${bareMs} ms | ${result.closeVsBare}× | ≤ 2× |`,
    `| open the vote (freeze ${N} dwellings) | ${openMs} ms | | | |`,
    `| cast latency p50 / p99 | ${cast.latency.p50} / ${cast.latency.p99} ms | | | |`,
  ];
  console.log(lines2.join("\n"));
  console.log(JSON.stringify(result));
  if (castCount !== N) throw new Error(`expected ${N} ballots, found ${castCount}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
