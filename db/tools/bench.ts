// The benchmark harness (issues 6 and 14): the production server on a database, every main page and action
// measured with autocannon beside a trivial Remix page and a trivial Remix action served by the same server in
// the same run; prints a table, writes it as JSON, and records the server's peak RSS.
// Run: npm run bench [-- --scale demo|street|district | --db FILE|postgres://…] [--engines sqlite,pg
//      [--pg-url postgres://…]] [--servers N] [--connections 50 --seconds 15 --rounds 3 --out bench-results.json
//      --only "compound home" --profile DIR --voters 3000]
// Each measure runs in --rounds interleaved turns; the median turn is reported (noisy machines). --engines
// sqlite,pg: the same data on both engines (bench-engines.ts), one set of servers on each, every measure
// interleaved across them. --servers N starts N app servers per engine behind a round-robin proxy on one port
// (bench-proxy.mjs), and measures each page and action also through a proxy to the first server alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type autocannon from "autocannon";
import { openDatabase } from "../connect";
import { isPostgresUrl } from "../engine";
import { BARE_PATH, type BareServer, startBareRemix } from "./bench-bare";
import { type BenchServer, type Measured, log, measureInterleaved, peakRss, startBenchServer } from "./bench-support";
import { MIN_CASTERS, measureCasting } from "./bench-cast";
import { type EngineDb, hideSecret, parseEngines, setUpDatabases } from "./bench-engines";
import { type Baseline, type EngineResult, tables, withRatios } from "./bench-report";
import { type Target, prepare, targetsOf } from "./bench-targets";
import { newestProfile, profileReport } from "./profile-report";
import { setupVoteFixture } from "./vote-fixture";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    scale: { type: "string", default: "demo" },
    engines: { type: "string" },
    "pg-url": { type: "string" },
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "15" },
    rounds: { type: "string", default: "3" },
    out: { type: "string", default: "bench-results.json" },
    profile: { type: "string" },
    servers: { type: "string", default: "1" },
    only: { type: "string" },
    voters: { type: "string", default: "0" },
    bare: { type: "boolean", default: true },
  },
  allowNegative: true,
});
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const SERVERS = Number(values.servers);
if (!Number.isInteger(SERVERS) || SERVERS < 1) throw new Error("--servers must be a whole number ≥ 1");
const VOTERS = Number(values.voters);
if (!Number.isInteger(VOTERS) || VOTERS < 0) throw new Error("--voters must be a whole number");
const ENGINES = parseEngines(values.engines);
const PG_URL = values["pg-url"];
if (PG_URL && (!ENGINES?.includes("pg") || !isPostgresUrl(PG_URL))) throw new Error("--pg-url takes a postgres:// URL, with --engines …pg");

/** One way to reach an engine's servers: through the proxy to all of them, or (with N) to the first alone. */
interface Lane {
  key: string;
  db: EngineDb;
  server: BenchServer;
  /** Where the requests go. */
  url: string;
  /** The origin the servers answer as (the Origin header of actions; X-Forwarded-Host names its host). */
  origin: string;
}

/** Issue 18 measures every page compressed by gzip on both sides, as its table was measured (phones ask for it). */
const ACCEPT_ENCODING = "gzip";
const headersOf = (lane: Lane, token: string) => ({
  "accept-encoding": ACCEPT_ENCODING,
  cookie: `session=${token}`,
  origin: lane.origin,
  "x-forwarded-host": new URL(lane.origin).host,
  "content-type": "application/x-www-form-urlencoded",
});

async function main() {
  const t0 = performance.now();
  const dbs = await setUpDatabases({ db: values.db, scale: values.scale!, engines: ENGINES, pgUrl: PG_URL });
  const started: BenchServer[] = [];
  let bareServer: BareServer | null = null;
  const uploadDirs: string[] = [];
  let failed = true;
  try {
    const ids = await prepare(dbs.prepareOn, dbs.sidecar);
    // --voters N: casting measured at any scale, on a compound of its own with N owners and an open vote (as
    // bench:votes builds it), added before the copy into PostgreSQL so both engines have it.
    if (VOTERS > 0) {
      const db = openDatabase(dbs.prepareOn);
      try {
        const t1 = performance.now();
        const f = await setupVoteFixture(db, VOTERS, new Date(), `基准${process.pid}`);
        ids.casts = f.tokens.map((token) => ({ vote: f.voteId, token }));
        log(`a compound of ${VOTERS} voters with an open vote added in ${Math.round(performance.now() - t1)} ms`);
      } finally {
        await db.destroy();
      }
    }
    await dbs.afterPrepare();
    log(`databases ready in ${Math.round(performance.now() - t0)} ms: ${dbs.list.map((d) => `${d.label} ${hideSecret(d.database)}`).join(", ")}`);
    const lanes: Lane[] = [];
    for (const [i, db] of dbs.list.entries()) {
      // Each engine's servers have an upload folder of their own (required on PostgreSQL; the benchmark uploads nothing).
      const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), `gongzhi-bench-uploads-${db.engine}-`));
      uploadDirs.push(uploadDir);
      const server = await startBenchServer(db.database, { profile: values.profile, servers: SERVERS, uploadDir, build: i === 0 });
      started.push(server);
      lanes.push({ key: db.engine, db, server, url: server.origin, origin: server.origin });
      if (server.single) lanes.push({ key: `${db.engine} · 1 server`, db, server, url: server.single, origin: server.origin });
    }
    // --no-bare: without the bare Remix page (issue 18's reference), served by remix-serve beside the app.
    if (values.bare) bareServer = await startBareRemix();
    const targets = targetsOf(ids, values.only);
    // Check every target answers as it should on every lane before measuring (a 4xx measured fast would flatter us).
    for (const lane of lanes)
      for (const t of targets) {
        const res = await fetch(`${lane.url}${t.path}`, { method: t.method, redirect: "manual", headers: headersOf(lane, t.sessions[0]), body: t.body?.(-1) });
        if (res.status >= 400) throw new Error(`${t.name} (${lane.key}): ${t.path} answered ${res.status}`);
      }
    const counters = new Map<string, number>();
    const requestsOf = (t: Target, lane: Lane): autocannon.Request[] => [
      {
        method: t.method,
        path: t.path,
        setupRequest: (req) => {
          const key = `${t.name} @ ${lane.key}`;
          const i = counters.get(key) ?? 0;
          counters.set(key, i + 1);
          return { ...req, headers: headersOf(lane, t.sessions[i % t.sessions.length]), body: t.body?.(i) };
        },
      },
    ];
    // Warm-up: every page and action for a second on each engine's servers (all of them, through the proxy), so
    // that no lane pays the servers' first compilation of a route in a short run.
    log("warming up…");
    for (const lane of lanes.filter((l) => l.url === l.origin))
      for (const t of targets) await lane.server.run({ connections: CONNECTIONS, duration: 1, requests: requestsOf(t, lane) }, lane.url);
    // Target by target, each on every lane in turn: the engines and server counts compared are measured side by side.
    const all = targets.flatMap((t) =>
      lanes.map((lane) => ({
        name: `${t.name} @ ${lane.key}`,
        requests: requestsOf(t, lane),
        origin: lane.url,
        pids: lane.url === lane.origin ? lane.server.pids : lane.server.pids.slice(0, 1),
      })),
    );
    const BARE = "bare Remix page";
    if (bareServer) {
      const requests: autocannon.Request[] = [{ method: "GET", path: BARE_PATH, headers: { "accept-encoding": ACCEPT_ENCODING } }];
      await started[0].run({ connections: CONNECTIONS, duration: 1, requests }, bareServer.origin);
      all.unshift({ name: BARE, requests, origin: bareServer.origin, pids: [bareServer.pid] });
    }
    const measured = await measureInterleaved(started[0], all, { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS });
    const bare = measured.get(BARE) ?? null;
    const canCast = ids.casts.length >= MIN_CASTERS;
    const cursors = new Map(dbs.list.map((d) => [d.engine, { n: 0 }]));
    const trivialAction = targets.find((t) => t.baseline === "action")!;
    const cast = canCast
      ? await measureCasting(
          lanes.map((lane) => ({
            key: lane.key,
            run: (o) => lane.server.run(o, lane.url),
            casts: ids.casts,
            cursor: cursors.get(lane.db.engine)!,
            headers: (token) => headersOf(lane, token),
            trivial: requestsOf(trivialAction, lane),
          })),
          { connections: CONNECTIONS, rounds: ROUNDS },
        )
      : null;
    if (!canCast)
      log(
        `only ${ids.casts.length} open-vote electors with accounts (${MIN_CASTERS} needed): casting is measured with --voters 3000, at the district scale, or by npm run bench:votes`,
      );

    const engines: EngineResult[] = dbs.list.map((db, i) => {
      const get = (name: string, single = false) => measured.get(`${name} @ ${db.engine}${single ? " · 1 server" : ""}`)!;
      const results: (Measured & { name: string; baseline: Baseline; goal: number | null; bareGoal?: number })[] = targets.map((t) => ({
        name: t.name,
        baseline: t.baseline,
        goal: t.goal,
        bareGoal: t.bareGoal,
        ...get(t.name),
      }));
      const castOf = (key: string) => cast?.get(key);
      const c = castOf(db.engine);
      if (c)
        results.push(
          { name: "trivial Remix action (before and after casting)", baseline: "cast", goal: null, ...c.trivial },
          { name: "cast a ballot", baseline: "cast", goal: 70, ...c.cast },
        );
      const single = new Map<string, Measured>();
      if (started[i].single) {
        for (const t of targets) single.set(t.name, get(t.name, true));
        const one = castOf(`${db.engine} · 1 server`);
        if (one) single.set("cast a ballot", one.cast).set("trivial Remix action (before and after casting)", one.trivial);
      }
      return { label: db.label, rows: withRatios(results, bare), single, rssMb: peakRss(started[i].pid) };
    });
    const scale = values.db ? (isPostgresUrl(values.db) ? "PostgreSQL" : path.basename(values.db)) : values.scale;
    const lines = [
      `scale: ${scale} · ${SERVERS} server${SERVERS > 1 ? "s behind one proxy" : ""}${engines.length > 1 ? " per engine" : ` · ${engines[0].label}`} · ${CONNECTIONS} connections · ${SECONDS} s each · server peak RSS ${engines.map((e) => `${e.label} ${e.rssMb ?? "?"} MB`).join(", ")}`,
      ...tables(engines, SERVERS, bare),
    ];
    console.log(lines.join("\n"));
    const json = {
      at: new Date().toISOString(),
      scale: dbs.list.length === 1 && dbs.list[0].engine === "pg" && !ENGINES ? "postgres" : (values.db ?? values.scale),
      engines: dbs.list.map((d) => d.engine),
      servers: SERVERS,
      connections: CONNECTIONS,
      seconds: SECONDS,
      peakRssMb: engines[0].rssMb,
      bare,
      results: engines[0].rows,
      byEngine: Object.fromEntries(
        engines.map((e, i) => [dbs.list[i].engine, { peakRssMb: e.rssMb, results: e.rows, oneServer: Object.fromEntries(e.single) }]),
      ),
    };
    fs.writeFileSync(values.out!, `${JSON.stringify(json, null, 2)}\n`);
    log(`written to ${values.out}`);
    failed = false;
  } finally {
    for (const s of started) await s.stop();
    await bareServer?.stop();
    // --profile DIR: the server wrote its CPU profile when it stopped; what it shows (issue 18).
    const profile = values.profile && newestProfile(values.profile);
    if (profile && !failed) console.log(["", ...profileReport(profile)].join("\n"));
    for (const d of uploadDirs) fs.rmSync(d, { recursive: true, force: true });
    await dbs.cleanup(failed);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
