// The benchmark harness (issue 6): the production server on a database, every main page and action
// measured with autocannon beside a trivial Remix page and a trivial Remix action served by the same
// server in the same run; prints a table, writes it as JSON, and records the server's peak RSS.
// Run: npm run bench [-- --scale demo|street|district | --db FILE|postgres://…] [--servers N] [--connections 50
//      --seconds 15 --rounds 3 --out bench-results.json --only "compound home"]
// Each measure runs in --rounds interleaved turns; the median turn is reported (noisy machines). --servers N
// starts N app servers on the one database behind a round-robin proxy on one port (bench-proxy.mjs).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type autocannon from "autocannon";
import { generateSessionToken } from "../../app/auth/session.server";
import { createSession } from "../../app/features/accounts/session-queries.server";
import { type Measured, log, measureInterleaved, measuredOf, peakRss, startBenchServer } from "./bench-support";
import { migrateToLatest, openDatabase } from "../connect";
import { isPostgresUrl } from "../engine";
import { copySqliteToPostgres } from "./copy-to-pg";
import { SCALES, type Scale, type Sidecar, generateDatabase } from "./generator";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    scale: { type: "string", default: "demo" },
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "15" },
    rounds: { type: "string", default: "3" },
    out: { type: "string", default: "bench-results.json" },
    profile: { type: "string" },
    servers: { type: "string", default: "1" },
    only: { type: "string" },
  },
});
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const SERVERS = Number(values.servers);
if (!Number.isInteger(SERVERS) || SERVERS < 1) throw new Error("--servers must be a whole number ≥ 1");

/**
 * The database to measure: a generated one (the default, at --scale), a given file (used in place: the run adds
 * comments and ballots to it), or a postgres:// URL (migrated; when it is empty, a database generated at --scale
 * is copied into it).
 */
async function databaseFile(): Promise<{ file: string; temporary: boolean; sidecar: Sidecar | null }> {
  if (values.db && isPostgresUrl(values.db)) {
    const db = openDatabase(values.db);
    let empty: boolean;
    try {
      await migrateToLatest(db);
      empty = !(await db.selectFrom("proposals").select("id").limit(1).executeTakeFirst());
    } finally {
      await db.destroy();
    }
    if (!empty) return { file: values.db, temporary: false, sidecar: null };
    // An empty database: the generator writes SQLite, copied into PostgreSQL row for row (the same data as a
    // SQLite run at that scale, which is what the two engines are compared on).
    const scale = values.scale as Scale;
    if (!SCALES.includes(scale)) throw new Error(`--scale must be one of ${SCALES.join(", ")}`);
    const file = path.join(os.tmpdir(), `gongzhi-bench-${scale}-${process.pid}.db`);
    log(`generating a ${scale} database, then copying it into PostgreSQL…`);
    const sidecar = await generateDatabase({ file, scale });
    const t0 = performance.now();
    await copySqliteToPostgres(file, values.db);
    log(`copied into PostgreSQL in ${Math.round(performance.now() - t0)} ms`);
    for (const suffix of ["", "-wal", "-shm", ".json"]) fs.rmSync(file + suffix, { force: true });
    return { file: values.db, temporary: false, sidecar };
  }
  if (values.db) {
    // A generated file's sidecar names the measured compound; without one, the busiest compound is measured.
    const file = path.resolve(values.db);
    const sidecar = fs.existsSync(`${file}.json`) ? (JSON.parse(fs.readFileSync(`${file}.json`, "utf8")) as Sidecar) : null;
    return { file, temporary: false, sidecar };
  }
  const scale = values.scale as Scale;
  if (!SCALES.includes(scale)) throw new Error(`--scale must be one of ${SCALES.join(", ")}`);
  const file = path.join(os.tmpdir(), `gongzhi-bench-${scale}-${process.pid}.db`);
  log(`generating a ${scale} database…`);
  const sidecar = await generateDatabase({ file, scale });
  return { file, temporary: true, sidecar };
}

interface Target {
  name: string;
  method: "GET" | "POST";
  path: string;
  /** A session per request (for actions that one person may take only once in a while). */
  sessions: string[];
  body?: (i: number) => string;
  baseline: "page" | "action";
  goal: number | null;
}

async function prepare(file: string, sidecar: Sidecar | null) {
  const db = openDatabase(file);
  await migrateToLatest(db);
  const now = new Date();
  const session = async (userId: number) => {
    // As a sign-in writes it: 30 days, seen now (a voter who opened the page a minute ago).
    const token = generateSessionToken();
    await createSession(db, token, userId, now);
    return token;
  };
  // The generator's compound and proposal with 200+ comments; otherwise the busiest compound and its most
  // discussed proposal.
  const compound = sidecar
    ? { compound_id: sidecar.compoundId }
    : await db
        .selectFrom("proposals")
        .select(["compound_id", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("compound_id")
        .orderBy("n", "desc")
        .limit(1)
        .executeTakeFirstOrThrow();
  const proposal = await db
    .selectFrom("proposals")
    .select(["id", "comment_count", "state"])
    .$if(sidecar !== null, (q) => q.where("id", "=", sidecar!.proposalWithComments.id))
    .where("compound_id", "=", compound.compound_id)
    .where("state", "in", ["published", "voting", "adopted"])
    .orderBy("comment_count", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  // Comments go to another proposal in consultation, so the measured page stays the same size.
  const open = await db
    .selectFrom("proposals")
    .select("id")
    .where("compound_id", "=", compound.compound_id)
    .where("state", "=", "published")
    .where("id", "!=", proposal.id)
    .orderBy("id")
    .executeTakeFirst();
  // Residents as residents see the pages: people with no role (a coordinator also sees the moderation forms).
  const resident = await db
    .selectFrom("residencies as r")
    .select("r.user_id")
    .where("r.compound_id", "=", compound.compound_id)
    .where("r.status", "=", "verified")
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("role_grants as g").select("g.id").whereRef("g.user_id", "=", "r.user_id").where("g.revoked_at", "is", null))),
    )
    .orderBy("r.id")
    .limit(400)
    .execute();
  const residentTokens = await Promise.all(resident.map((r) => session(r.user_id)));
  const streetStaff = await db
    .selectFrom("role_grants as g")
    .innerJoin("places as p", "p.id", "g.place_id")
    .select(["g.user_id", "p.id as street_id"])
    .where("g.role", "=", "street_staff")
    .where("g.revoked_at", "is", null)
    .orderBy("g.id")
    .executeTakeFirstOrThrow();
  const staffToken = await session(streetStaff.user_id);
  // Voters of open votes: one ballot per (vote, person), and one person per dwelling's elector — two members
  // of a household casting within 3 s of each other is a double submit (409), not a second ballot.
  const voters = await db
    .selectFrom("vote_voters as w")
    .innerJoin("votes as v", "v.id", "w.vote_id")
    .select(["w.vote_id", "w.user_id", "w.elector_id"])
    .where("v.status", "=", "open")
    .where("v.closes_at", ">", now.toISOString())
    .where("w.user_id", "is not", null)
    .orderBy("w.vote_id")
    .limit(6000)
    .execute();
  const electorsOfPair = new Map<string, number[]>();
  for (const v of voters) electorsOfPair.set(`${v.vote_id}:${v.user_id}`, [...(electorsOfPair.get(`${v.vote_id}:${v.user_id}`) ?? []), v.elector_id]);
  // The vote page: an open vote of the same compound, which its residents may see.
  const voteId =
    (await db.selectFrom("votes").select("id").where("compound_id", "=", compound.compound_id).where("status", "=", "open").orderBy("id").executeTakeFirst())
      ?.id ?? null;
  const voterTokens = new Map<number, string>();
  const casts: { vote: number; token: string }[] = [];
  const pairs = new Set<string>();
  const taken = new Set<number>();
  for (const v of voters) {
    // Someone with two dwellings in a vote casts for both at once.
    const pair = `${v.vote_id}:${v.user_id}`;
    const electors = electorsOfPair.get(pair)!;
    if (pairs.has(pair) || electors.some((e) => taken.has(e))) continue;
    pairs.add(pair);
    for (const e of electors) taken.add(e);
    let t = voterTokens.get(v.user_id!);
    if (!t) {
      t = await session(v.user_id!);
      voterTokens.set(v.user_id!, t);
    }
    casts.push({ vote: v.vote_id, token: t });
  }
  await db.destroy();
  return {
    compoundId: compound.compound_id,
    proposal,
    commentOn: open?.id ?? proposal.id,
    residentTokens,
    staffToken,
    streetId: streetStaff.street_id,
    voteId,
    casts,
  };
}

async function main() {
  const t0 = performance.now();
  const { file, temporary, sidecar } = await databaseFile();
  const pg = isPostgresUrl(file);
  const size = pg ? "PostgreSQL" : `${Math.round(fs.statSync(file).size / 1e6)} MB`;
  log(`database ready in ${Math.round(performance.now() - t0)} ms: ${pg ? file.replace(/:[^:@/]*@/, ":***@") : file} (${size})`);
  const ids = await prepare(file, sidecar);
  // On PostgreSQL the servers need a shared upload folder (the benchmark uploads nothing).
  const uploadDir = pg ? fs.mkdtempSync(path.join(os.tmpdir(), "gongzhi-bench-uploads-")) : undefined;
  const server = await startBenchServer(file, { profile: values.profile, servers: SERVERS, uploadDir });
  const resident = ids.residentTokens;
  const targets: Target[] = [
    { name: "trivial Remix page", method: "GET", path: "/bench/page", sessions: resident, baseline: "page", goal: null },
    { name: "trivial Remix action", method: "POST", path: "/bench/noop", sessions: resident, body: () => "x=1", baseline: "action", goal: null },
    { name: "compound home", method: "GET", path: `/compounds/${ids.compoundId}`, sessions: resident, baseline: "page", goal: 60 },
    {
      name: `proposal page (${ids.proposal.comment_count} comments)`,
      method: "GET",
      path: `/proposals/${ids.proposal.id}`,
      sessions: resident,
      baseline: "page",
      goal: 50,
    },
    ...(ids.voteId
      ? [{ name: "vote page", method: "GET" as const, path: `/votes/${ids.voteId}`, sessions: resident, baseline: "page" as const, goal: null }]
      : []),
    {
      name: "search",
      method: "GET",
      path: `/compounds/${ids.compoundId}/search?q=${encodeURIComponent("电梯")}`,
      sessions: resident,
      baseline: "page",
      goal: null,
    },
    { name: "street inbox", method: "GET", path: "/requests", sessions: [ids.staffToken], baseline: "page", goal: 50 },
    // The same street inbox filtered to the measured compound: the same requests at every scale (unfiltered,
    // a district's street shows a full page of 30 where the demo's shows a few), so it shows flatness.
    {
      name: "street inbox, one compound",
      method: "GET",
      path: `/requests?compound=${ids.compoundId}`,
      sessions: [ids.staffToken],
      baseline: "page",
      goal: null,
    },
    { name: "street metrics", method: "GET", path: `/places/${ids.streetId}/metrics`, sessions: [ids.staffToken], baseline: "page", goal: 50 },
    {
      name: "post a comment",
      method: "POST",
      path: `/proposals/${ids.commentOn}`,
      sessions: resident,
      body: (i) => `intent=comment&stance=for&body=${encodeURIComponent(`基准评论 ${i}：赞成，建议尽快落实。`)}`,
      baseline: "action",
      goal: null,
    },
  ];
  // --only WORD: the measures whose name holds WORD, beside the two baselines (a short run on a busy machine).
  if (values.only) targets.splice(2, targets.length, ...targets.slice(2).filter((t) => t.name.includes(values.only!)));
  const origin = server.origin;
  // Check every target answers as it should before measuring (a 4xx measured fast would flatter us).
  for (const t of targets) {
    const res = await fetch(`${origin}${t.path}`, {
      method: t.method,
      redirect: "manual",
      headers: { cookie: `session=${t.sessions[0]}`, origin, "content-type": "application/x-www-form-urlencoded" },
      body: t.body?.(-1),
    });
    if (res.status >= 400) {
      await server.stop();
      throw new Error(`${t.name}: ${t.path} answered ${res.status}`);
    }
  }
  log("warming up…");
  await server.run({
    connections: CONNECTIONS,
    duration: 2,
    requests: [{ method: "GET", path: (targets[2] ?? targets[0]).path, headers: { cookie: `session=${resident[0]}` } }],
  });
  const counters = new Map<string, number>();
  const requestsOf = (t: Target) => [
    {
      method: t.method,
      path: t.path,
      setupRequest: (req: { headers?: Record<string, string> }) => {
        const i = counters.get(t.name) ?? 0;
        counters.set(t.name, i + 1);
        return {
          ...req,
          headers: { cookie: `session=${t.sessions[i % t.sessions.length]}`, origin, "content-type": "application/x-www-form-urlencoded" },
          body: t.body?.(i),
        };
      },
    },
  ];
  // With N servers, each page is also measured through a proxy to the first server alone, interleaved (pages
  // only: an action's Origin would not match that proxy's Host).
  const single = (t: Target) => ({ name: `${t.name} · 1 server`, requests: requestsOf(t) as never, origin: server.single! });
  const all = targets.flatMap((t) => [{ name: t.name, requests: requestsOf(t) as never }, ...(server.single && t.method === "GET" ? [single(t)] : [])]);
  const measured = await measureInterleaved(server, all, { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS });
  // Casting: timed runs of 2 s, each person casting at most once a run (a second ballot within 3 s is a double
  // submit, refused with 409; in a later round, more than 3 s on, each changes their ballot), one voter per
  // household. Each round is compared with a trivial action run the same way right before and right after (the
  // mean of the two), and the round with the median ratio is kept. (Runs of a fixed number of requests are not
  // used: autocannon ends them on its one-second tick, which skews a run of a few seconds.)
  const CAST_SECONDS = 2;
  const canCast = ids.casts.length >= 2500;
  if (canCast) {
    const timed = async (requests: autocannon.Request[]) => {
      const r = await server.run({ connections: CONNECTIONS, duration: CAST_SECONDS, requests });
      return { r, m: measuredOf(r, CAST_SECONDS) };
    };
    const trivialAction = async () => (await timed(requestsOf(targets.find((t) => t.baseline === "action")!) as never)).m;
    const rounds: { cast: Measured; trivial: Measured }[] = [];
    let n = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS}: casting for ${CAST_SECONDS} s, beside a trivial action before and after…`);
      const before = await trivialAction();
      const { r, m } = await timed([
        {
          method: "POST",
          path: `/votes/${ids.casts[0].vote}`,
          setupRequest: (req) => {
            const c = ids.casts[n++ % ids.casts.length];
            return {
              ...req,
              path: `/votes/${c.vote}`,
              headers: { cookie: `session=${c.token}`, origin, "content-type": "application/x-www-form-urlencoded" },
              body: `intent=cast&choice=${(n + round) % 5 ? "agree" : "oppose"}`,
            };
          },
        },
      ]);
      if (m.bad > 0) log(`casting: answers by status ${JSON.stringify(r.statusCodeStats)}`);
      const after = await trivialAction();
      rounds.push({
        cast: m,
        trivial: { ...before, rps: Math.round(((before.rps + after.rps) / 2) * 10) / 10, errors: before.errors + after.errors, bad: before.bad + after.bad },
      });
    }
    const median = [...rounds].sort((a, b) => a.cast.rps / a.trivial.rps - b.cast.rps / b.trivial.rps)[Math.floor(rounds.length / 2)];
    measured.set("cast a ballot", { ...median.cast, errors: rounds.reduce((k, x) => k + x.cast.errors, 0), bad: rounds.reduce((k, x) => k + x.cast.bad, 0) });
    measured.set("trivial Remix action (before and after casting)", median.trivial);
  } else log(`only ${ids.casts.length} open-vote electors with accounts: casting is measured by npm run bench:votes`);
  const results = [
    ...targets.map((t) => ({ name: t.name, baseline: t.baseline, goal: t.goal, ...measured.get(t.name)! })),
    ...(canCast
      ? [
          {
            name: "trivial Remix action (before and after casting)",
            baseline: "cast" as const,
            goal: null,
            ...measured.get("trivial Remix action (before and after casting)")!,
          },
          { name: "cast a ballot", baseline: "cast" as const, goal: 70, ...measured.get("cast a ballot")! },
        ]
      : []),
  ];
  const rss = peakRss(server.pid);
  await server.stop();
  if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
  if (temporary) for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });

  const base = { page: results[0].rps, action: results[1].rps, cast: measured.get("trivial Remix action (before and after casting)")?.rps ?? results[1].rps };
  const rows = results.map((r) => ({ ...r, ratio: Math.round((r.rps / base[r.baseline as "page" | "action" | "cast"]) * 1000) / 10 }));
  const lines = [
    `scale: ${values.db ? (pg ? "PostgreSQL" : path.basename(values.db)) : values.scale} · ${SERVERS} server${SERVERS > 1 ? "s behind one proxy" : ""} · ${CONNECTIONS} connections · ${SECONDS} s each · server peak RSS ${rss ?? "?"} MB`,
    "| measure | requests/s | p50 ms | p99 ms | vs baseline | goal |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.rps}${r.errors || r.bad ? ` (${r.errors} errors, ${r.bad} 4xx/5xx)` : ""} | ${r.p50} | ${r.p99} | ${r.ratio} % of trivial ${r.baseline === "page" ? "page" : "action"} | ${r.goal ? `≥ ${r.goal} %` : ""} |`,
    ),
  ];
  if (server.single) {
    lines.push("", `| page | 1 server, requests/s | ${SERVERS} servers, requests/s | ratio |`, "| --- | --- | --- | --- |");
    for (const r of rows.filter((x) => measured.has(`${x.name} · 1 server`)))
      lines.push(
        `| ${r.name} | ${measured.get(`${r.name} · 1 server`)!.rps} | ${r.rps} | ${Math.round((r.rps / measured.get(`${r.name} · 1 server`)!.rps) * 100) / 100}× |`,
      );
  }
  console.log(lines.join("\n"));
  fs.writeFileSync(
    values.out!,
    `${JSON.stringify({ at: new Date().toISOString(), scale: pg ? "postgres" : (values.db ?? values.scale), servers: SERVERS, connections: CONNECTIONS, seconds: SECONDS, peakRssMb: rss, results: rows }, null, 2)}\n`,
  );
  log(`written to ${values.out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
