// Benchmark (issue 4): an owners_ordinary vote in a compound of 10,000 dwellings, 10,000 ballots cast
// through the HTTP action, then closed. Reported beside baselines measured in the same run:
//   time to close   vs  the bare SQL aggregate over the same rows        (goal ≤ 2×)
//   ballots/s        vs  a trivial Remix action on the same server        (goal ≥ 70 %)
// Run: npm run bench:votes [-- --dwellings 10000 --connections 20 --seconds 10 --profile DIR]
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "kysely";
import { closeVote } from "../app/services/votes.server";
import { migrateToLatest, openDatabase } from "./connect";
import { setupVoteFixture } from "./vote-fixture";

const { values } = parseArgs({
  options: { dwellings: { type: "string", default: "10000" }, connections: { type: "string", default: "20" }, seconds: { type: "string", default: "10" }, profile: { type: "string" } },
});
const N = Number(values.dwellings);
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const ROOT = path.resolve(import.meta.dirname, "..");

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const log = (s: string) => process.stderr.write(`${s}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

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

  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  // --profile DIR: the server writes a V8 CPU profile there when it stops.
  const profile = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
  const server: ChildProcess = spawn(process.execPath, [...profile, path.join(ROOT, "app/server.mjs")], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: file, NODE_ENV: "production", APP_ORIGIN: origin, LOG_REQUESTS: "0", RATE_LIMITS: "off", BENCH: "1", SEED_DEMO: "0", JOB_INTERVAL_MS: "3600000" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/bench/noop`)).ok) break;
    } catch {}
    if (i > 200) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const headers = { origin, "content-type": "application/x-www-form-urlencoded" };
  const run = (opts: Omit<autocannon.Options, "url">) =>
    new Promise<autocannon.Result>((resolve, reject) => autocannon({ ...opts, url: origin }, (err, res) => (err ? reject(err) : resolve(res))));

  log("warming up…");
  await run({ connections: CONNECTIONS, duration: 2, requests: [{ method: "POST", path: "/bench/noop", headers, body: "x=1" }] });
  log(`trivial Remix action, ${SECONDS} s at ${CONNECTIONS} connections…`);
  const trivial = await run({ connections: CONNECTIONS, duration: SECONDS, requests: [{ method: "POST", path: "/bench/noop", headers, body: "x=1" }] });
  log(`casting ${N} ballots through POST /votes/${voteId} at ${CONNECTIONS} connections…`);
  let next = 0;
  const cast = await run({
    connections: CONNECTIONS,
    amount: N,
    requests: [
      {
        method: "POST",
        path: `/votes/${voteId}`,
        setupRequest: (req) => {
          const i = next++;
          return { ...req, headers: { ...headers, cookie: `session=${tokens[i % tokens.length]}` }, body: `intent=cast&choice=${i % 5 === 0 ? "oppose" : i % 11 === 0 ? "abstain" : "agree"}` };
        },
      },
    ],
  });
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));

  const db2 = openDatabase(file);
  const castCount = Number((await db2.selectFrom("ballot_casts").select((eb) => eb.fn.countAll<number>().as("n")).where("vote_id", "=", voteId).executeTakeFirstOrThrow()).n);
  // Baseline: the bare SQL aggregate over the same rows (electors joined to casts, and the choices).
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await sql`select count(*), sum(e.area_centi), count(distinct e.owner_key) from vote_electors e join ballot_casts c on c.vote_id = e.vote_id and c.elector_id = e.id where e.vote_id = ${voteId}`.execute(db2);
    await sql`select choice, count(*) from ballot_choices where vote_id = ${voteId} group by choice`.execute(db2);
    bare.push(performance.now() - t);
  }
  const bareMs = Math.round(Math.min(...bare) * 10) / 10;
  const tClose = performance.now();
  const closed = await closeVote(db2, voteId, new Date(now.getTime() + 3_600_000));
  const closeMs = ms(tClose);
  await db2.destroy();
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });

  const ballotsPerSec = Math.round((cast.requests.total / cast.duration) * 10) / 10;
  const trivialPerSec = Math.round(trivial.requests.average * 10) / 10;
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
