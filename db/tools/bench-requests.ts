// Benchmark (issue 5): a street of 40 compounds and 20,000 service requests in all states. Measures the
// street's inbox and metrics pages beside a trivial Remix page served by the same server in the same run,
// all signed in as the street's staff (so every page pays for the same session and root loader).
// Goal: both ≥ 50 % of the trivial page's requests per second.
// Run: npm run bench:requests [-- --requests 20000 --connections 20 --seconds 15 --rounds 3 --profile DIR --keep FILE]
// Each page is measured in --rounds turns of seconds/rounds each, interleaved; the median turn is reported.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { hashPassword } from "../../app/auth/password.server";
import { setDatabase } from "../../app/db.server";
import { generateSessionToken } from "../../app/auth/session.server";
import { createSession } from "../../app/features/accounts/session-queries.server";
import { CATEGORIES } from "../../app/domain/categories";
import { SUBCATEGORY_KEYS, categoryOf } from "../../app/domain/request-kinds";
import { deadlineAfter } from "../../app/domain/working-days";
import { SYSTEM_ACTOR } from "../../app/features/errors";
import { addDepartment, addPlace } from "../../app/features/places/commands.server";
import { placeMetrics } from "../../app/features/requests/metrics-queries.server";
import { log, measureInterleaved, ms, startBenchServer } from "./bench-support";
import { migrateToLatest, openDatabase } from "../connect";
import type { RequestLevel, RequestStateName } from "../schema";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "20000" },
    connections: { type: "string", default: "20" },
    seconds: { type: "string", default: "15" },
    rounds: { type: "string", default: "3" },
    profile: { type: "string" },
    keep: { type: "string" },
  },
});
const N = Number(values.requests);
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const DAY = 86_400_000;
const NO_HOLIDAYS = { holidays: new Set<string>(), makeupWorkdays: new Set<string>() };

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function main() {
  // --keep FILE: build the database there and leave it for a look afterwards.
  const file = values.keep ? path.resolve(values.keep) : path.join(os.tmpdir(), `gongzhi-bench-requests-${process.pid}.db`);
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  const db = openDatabase(file);
  setDatabase(db);
  await migrateToLatest(db);
  const now = new Date();
  const rand = prng(5);
  const t0 = performance.now();
  log(`setting up a street of 40 compounds and ${N} requests…`);
  const city = await addPlace(SYSTEM_ACTOR, { parentId: null, name: "基准市" }, now);
  const district = await addPlace(SYSTEM_ACTOR, { parentId: city.id, name: "基准区" }, now);
  const street = await addPlace(SYSTEM_ACTOR, { parentId: district.id, name: "基准街道" }, now);
  const departments: number[] = [];
  for (const name of ["城管科", "住建科", "民政科", "平安办"]) departments.push(await addDepartment(SYSTEM_ACTOR, { placeId: street.id, name }, now));
  const communities: number[] = [];
  const compounds: { id: number; community: number }[] = [];
  for (let c = 0; c < 8; c++) {
    const community = await addPlace(SYSTEM_ACTOR, { parentId: street.id, name: `第${c + 1}社区` }, now);
    communities.push(community.id);
    for (let k = 0; k < 5; k++)
      compounds.push({ id: (await addPlace(SYSTEM_ACTOR, { parentId: community.id, name: `第${c + 1}社区${k + 1}号小区` }, now)).id, community: community.id });
  }

  // People: the street's staff (signed in for the run) and three residents who rate.
  const hash = await hashPassword("bench-password");
  const at = now.toISOString();
  const users = await db
    .insertInto("users")
    .values(
      [0, 1, 2, 3].map((i) => ({ phone: `1300000000${i}`, name: i === 0 ? "街道工作人员" : `居民${i}`, password_hash: hash, locale: null, created_at: at })),
    )
    .returning("id")
    .execute();
  const staffId = users[0].id;
  await db
    .insertInto("role_grants")
    .values({
      user_id: staffId,
      role: "street_staff",
      place_id: street.id,
      department_id: null,
      granted_by: null,
      granted_at: at,
      revoked_at: null,
      revoked_by: null,
    })
    .execute();
  const token = generateSessionToken();
  await createSession(db, token, staffId, now);

  // One adopted proposal, closed vote and resolution per compound (set-up rows, not what is measured).
  const resolutions: { id: number; proposal: number }[] = [];
  await db.transaction().execute(async (trx) => {
    for (const [i, c] of compounds.entries()) {
      const p = await trx
        .insertInto("proposals")
        .values({
          compound_id: c.id,
          author_id: users[1].id,
          title: `第${i + 1}号决议的提案`,
          body_md: "基准",
          body_html: "<p>基准</p>",
          category: CATEGORIES[i % 6],
          state: "adopted",
          state_reason: null,
          merged_into_id: null,
          hidden_reason: null,
          created_at: at,
          updated_at: at,
          last_activity_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const v = await trx
        .insertInto("votes")
        .values({
          proposal_id: p.id,
          compound_id: c.id,
          rule: "residents",
          per: "person",
          secret: 0,
          opens_at: at,
          closes_at: at,
          status: "closed",
          slot_salt: null,
          opened_by: null,
          created_at: at,
          closed_at: at,
          result: "{}",
          passed: 1,
          chain_head: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const r = await trx
        .insertInto("resolutions")
        .values({
          proposal_id: p.id,
          vote_id: v.id,
          compound_id: c.id,
          year: 2026,
          seq: i + 1,
          number: `2026-基准-${i + 1}`,
          title: `第${i + 1}号决议`,
          tally: "{}",
          notice_starts: at,
          notice_ends: at,
          created_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      resolutions.push({ id: r.id, proposal: p.id });
    }
  });

  const levels: RequestLevel[] = ["compound", "community", "street", "department"];
  const states: RequestStateName[] = ["received", "accepted", "in_progress", "completed"];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < N; i += 500) {
      const rows = [];
      for (let j = i; j < Math.min(N, i + 500); j++) {
        const ci = j % compounds.length;
        const c = compounds[ci];
        const level = levels[Math.floor(rand() * 4)];
        const state = states[Math.floor(rand() * 4)];
        const created = new Date(now.getTime() - Math.floor(rand() * 330) * DAY - Math.floor(rand() * DAY));
        const acceptDue = deadlineAfter(created, 3, NO_HOLIDAYS).toISOString();
        const accepted = state === "received" ? null : new Date(created.getTime() + rand() * 6 * DAY);
        const completeDue = accepted ? deadlineAfter(accepted, 15, NO_HOLIDAYS).toISOString() : null;
        const completed = state === "completed" ? new Date(accepted!.getTime() + rand() * 25 * DAY).toISOString() : null;
        const sub = SUBCATEGORY_KEYS[j % SUBCATEGORY_KEYS.length];
        const office = level === "compound" ? c.id : level === "community" ? c.community : level === "street" ? street.id : null;
        rows.push({
          resolution_id: resolutions[ci].id,
          proposal_id: resolutions[ci].proposal,
          compound_id: c.id,
          community_id: c.community,
          street_id: street.id,
          title: `基准项目 ${j + 1}`,
          body: "基准",
          body_html: "<p>基准</p>",
          category: categoryOf(sub),
          subcategory: sub,
          budget_fen: 100_000 + j,
          funding: "micro_fund" as const,
          level,
          office_id: office,
          department_id: level === "department" ? departments[j % departments.length] : null,
          state,
          level_since: created.toISOString(),
          accept_due: acceptDue,
          accepted_at: accepted?.toISOString() ?? null,
          complete_due: completeDue,
          due_at: state === "completed" ? null : state === "received" ? acceptDue : completeDue,
          first_accepted_at: accepted?.toISOString() ?? null,
          first_accept_due: accepted ? acceptDue : null,
          completed_at: completed,
          completed_level: completed ? level : null,
          result: completed ? "已办结" : null,
          result_html: completed ? "<p>已办结</p>" : null,
          escalations: levels.indexOf(level) > 0 ? Math.min(levels.indexOf(level), 2) : 0,
          returns: j % 17 === 0 ? 1 : 0,
          created_by: null,
          created_at: created.toISOString(),
          updated_at: created.toISOString(),
        });
      }
      const ids = await trx.insertInto("requests").values(rows).returning(["id", "state", "created_at", "level"]).execute();
      await trx
        .insertInto("request_moves")
        .values(
          ids.flatMap((r) => [
            {
              request_id: r.id,
              action: "create",
              from_level: null,
              to_level: "compound" as const,
              from_state: null,
              to_state: "received" as const,
              office_name: "小区",
              department_id: null,
              actor_id: null,
              actor_role: "coordinator" as const,
              reason: null,
              result: null,
              on_time: null,
              at: r.created_at,
            },
            ...(r.level !== "compound"
              ? [
                  {
                    request_id: r.id,
                    action: "escalate" as const,
                    from_level: "compound" as const,
                    to_level: r.level,
                    from_state: "received" as const,
                    to_state: "received" as const,
                    office_name: "小区",
                    department_id: null,
                    actor_id: null,
                    actor_role: "coordinator" as const,
                    reason: "超出小区能力",
                    result: null,
                    on_time: 1,
                    at: r.created_at,
                  },
                ]
              : []),
          ]),
        )
        .execute();
      const rated = ids.filter((r) => r.state === "completed");
      if (rated.length) {
        await trx
          .insertInto("request_ratings")
          .values(
            rated.flatMap((r, k) =>
              [1, 2, 3].slice(0, 1 + (k % 3)).map((u) => ({
                request_id: r.id,
                round: 0,
                user_id: users[u].id,
                rating: (["satisfied", "basic", "unsatisfied"] as const)[(r.id + u) % 3],
                created_at: at,
                updated_at: at,
              })),
            ),
          )
          .execute();
      }
    }
  });
  log(`  set up in ${ms(t0)} ms`);
  const streetPlace = await db.selectFrom("places").selectAll().where("id", "=", street.id).executeTakeFirstOrThrow();
  const tCold = performance.now();
  const year = { from: `${now.getUTCFullYear() - 1}-01-01T00:00:00.000Z`, to: new Date(now.getTime() + DAY).toISOString() };
  const m = await placeMetrics(db, streetPlace, year, now);
  const coldMs = ms(tCold);
  log(`  street metrics computed from scratch over ${m.received} requests in ${coldMs} ms`);
  await db.destroy();

  const server = await startBenchServer(file, { profile: values.profile });
  const headers = { cookie: `session=${token}` };
  for (const p of ["/bench/page", "/requests", `/places/${street.id}/metrics`]) {
    const res = await fetch(`${server.origin}${p}`, { headers });
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
  }
  log("warming up…");
  await server.run({ connections: CONNECTIONS, duration: 2, requests: [{ method: "GET", path: "/requests", headers }] });
  const targets = [
    { name: "trivial Remix page", requests: [{ method: "GET" as const, path: "/bench/page", headers }] },
    { name: "street inbox", requests: [{ method: "GET" as const, path: "/requests", headers }] },
    { name: "street metrics", requests: [{ method: "GET" as const, path: `/places/${street.id}/metrics`, headers }] },
  ];
  const measured = await measureInterleaved(server, targets, { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS });
  await server.stop();
  if (!values.keep) for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });

  const base = measured.get("trivial Remix page")!.rps;
  const lines = [`| page | requests/s | p50 ms | p99 ms | vs trivial page | goal |`, `| --- | --- | --- | --- | --- | --- |`];
  for (const [name, r] of measured) {
    const ratio = Math.round((r.rps / base) * 1000) / 10;
    const bad = r.errors || r.bad ? ` (${r.errors} errors, ${r.bad} non-2xx)` : "";
    lines.push(`| ${name} | ${r.rps}${bad} | ${r.p50} | ${r.p99} | ${ratio} % | ${name.startsWith("street") ? "≥ 50 %" : ""} |`);
  }
  lines.push(`| street metrics from scratch (in process, ${m.received} requests) | | ${coldMs} | | | |`);
  console.log(lines.join("\n"));
  if ([...measured.values()].some((r) => r.bad > 0 || r.errors > 0)) throw new Error("some requests failed");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
