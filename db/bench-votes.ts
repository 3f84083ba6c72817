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
import { hashPassword } from "../app/auth/password.server";
import { generateSessionToken, sessionIdOf } from "../app/auth/session.server";
import { loadActor } from "../app/models/actor.server";
import { SYSTEM_ACTOR } from "../app/services/errors";
import { addPlace } from "../app/services/places.server";
import { createDraft, moveProposal } from "../app/services/proposals.server";
import { grantRole } from "../app/services/roles.server";
import { importRoster } from "../app/services/roster.server";
import { closeVote, openVote } from "../app/services/votes.server";
import { createAccount } from "../app/services/auth.server";
import { migrateToLatest, openDatabase } from "./connect";

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
  let parent: number | null = null;
  for (const name of ["基准市", "基准区", "基准街道", "基准社区", "基准小区"]) parent = (await addPlace(db, SYSTEM_ACTOR, { parentId: parent, name }, now)).id;
  const compoundId = parent!;
  const phone = (i: number) => `13${String(100_000_000 + i).padStart(9, "0")}`;
  const lines = ["building,unit,room,area_m2,owner_name,owner_phone"];
  for (let i = 0; i < N; i++) lines.push(`${1 + Math.floor(i / 400)}号楼,${1 + (Math.floor(i / 100) % 4)},${1000 + (i % 100)},${(55 + (i % 90) + (i % 7) / 10).toFixed(2)},业主${i},${phone(i)}`);
  const t0 = performance.now();
  const roster = await importRoster(db, SYSTEM_ACTOR, { compoundId, csv: lines.join("\n") }, now);
  if (!roster.ok) throw new Error("roster refused");
  log(`  roster of ${N} rows imported in ${ms(t0)} ms`);

  // Accounts, verified residencies and sessions for every owner, written in bulk (set-up, not measured).
  const hash = await hashPassword("bench-password");
  const at = now.toISOString();
  const expires = new Date(now.getTime() + 86_400_000).toISOString();
  const tokens: string[] = [];
  await db.transaction().execute(async (trx) => {
    const dwellings = await trx.selectFrom("dwellings").select(["id"]).where("compound_id", "=", compoundId).orderBy("id").execute();
    for (let i = 0; i < N; i += 500) {
      const chunk = dwellings.slice(i, i + 500);
      const users = await trx
        .insertInto("users")
        .values(chunk.map((_, j) => ({ phone: phone(i + j), name: `业主${i + j}`, password_hash: hash, locale: null, created_at: at })))
        .returning("id")
        .execute();
      await trx
        .insertInto("residencies")
        .values(users.map((u, j) => ({ user_id: u.id, dwelling_id: chunk[j].id, compound_id: compoundId, relation: "owner" as const, status: "verified" as const, method: "roster" as const, decided_at: at, created_at: at })))
        .execute();
      const batch = users.map(() => generateSessionToken());
      tokens.push(...batch);
      await trx
        .insertInto("sessions")
        .values(users.map((u, j) => ({ id: sessionIdOf(batch[j]), user_id: u.id, expires_at: expires, created_at: at })))
        .execute();
    }
  });
  await createAccount(db, { phone: "13000000001", name: "基准协调员", passwordHash: hash, locale: null }, now);
  await grantRole(db, SYSTEM_ACTOR, { phone: "13000000001", role: "coordinator", placeId: compoundId, departmentId: null }, now);
  const coordinator = await loadActor(db, (await db.selectFrom("users").select("id").where("phone", "=", "13000000001").executeTakeFirstOrThrow()).id);
  const author = await loadActor(db, (await db.selectFrom("users").select("id").where("phone", "=", phone(0)).executeTakeFirstOrThrow()).id);
  const proposalId = await createDraft(db, author, { compoundId, title: "基准表决", body: "基准", category: "housing", submit: true }, now);
  await moveProposal(db, coordinator, { proposalId, action: "publish", reason: null }, now);
  const tOpen = performance.now();
  const voteId = await openVote(db, coordinator, { proposalId, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret: true, opensAt: now, closesAt: new Date(now.getTime() + 3_600_000) }, now);
  const openMs = ms(tOpen);
  log(`  vote opened (electorate of ${N} frozen) in ${openMs} ms`);
  await db.destroy();

  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  // --profile DIR: the server writes a V8 CPU profile there when it stops.
  const profile = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
  const server: ChildProcess = spawn(process.execPath, [...profile, path.join(ROOT, "app/server.mjs")], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: file, NODE_ENV: "production", APP_ORIGIN: origin, LOG_REQUESTS: "0", BENCH: "1", SEED_DEMO: "0", JOB_INTERVAL_MS: "3600000" },
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
