// The synthetic database behind the benchmarks (npm run db:generate): a district of compounds with their
// rosters, residents, proposals and threads, votes with their ballots and published chains, resolutions
// and the service requests they spawned, written with the rows the app's services would have written.
// The schema comes from the real migrations; the bulk rows go in through raw prepared statements inside
// large transactions (the services' one-row-at-a-time path would take days at this size). Deterministic:
// one seeded PRNG per compound, ids assigned here; only the password hash (scrypt, once) has a random salt.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { hashPassword } from "../../app/auth/password.server";
import { DEFAULT_OWNERS, SUBCATEGORY_KEYS } from "../../app/domain/request-kinds";
import { SEARCH_TOKENS_VERSION } from "../../app/domain/search-text";
import type { Responsibility } from "../../app/domain/request-flow";
import { renderMarkdown } from "../../app/web/markdown.server";
import { migrateToLatest, openDatabase } from "../connect";
import { RECOUNT_PLACES } from "../place-counters";
import { isPostgresUrl } from "../engine";
import { copySqliteToPostgres } from "./copy-to-pg";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, chineseName, prng } from "./demo-data";
import * as T from "./generate-texts";
import { SPECS, SEED, DAY, iso, phoneOf, type Sidecar, type Place, type Compound, type GenerateOptions, writers, newIds, type Gen } from "./generator-support";
import { genCompound } from "./generator-compound";

export { SCALES, type Scale, type Sidecar, type GenerateOptions } from "./generator-support";

/**
 * Generates the synthetic database at `opts.file`: a SQLite path, or a postgres:// URL — then it is generated
 * into a SQLite file beside the system's temporary files and copied over (db/tools/copy-to-pg.ts), the same rows.
 */
export async function generateDatabase(opts: GenerateOptions): Promise<Sidecar> {
  if (!isPostgresUrl(opts.file)) return generateSqlite(opts);
  const t0 = performance.now();
  const file = path.join(os.tmpdir(), `gongzhi-generate-${process.pid}-${Date.now()}.db`);
  try {
    const sidecar = await generateSqlite({ ...opts, file });
    await copySqliteToPostgres(file, opts.file, (table, rows) => opts.onProgress?.(rows, rows, `copy ${table}`));
    const pg = openDatabase(opts.file);
    const size = await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(pg);
    await pg.destroy();
    return { ...sidecar, file: opts.file, seconds: Math.round((performance.now() - t0) / 100) / 10, bytes: size.rows[0].n };
  } finally {
    for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + s, { force: true });
  }
}

async function generateSqlite(opts: GenerateOptions): Promise<Sidecar> {
  const t0 = performance.now();
  const scaleSpec = SPECS[opts.scale];
  const now = (opts.now ?? new Date(Math.floor(Date.now() / DAY) * DAY)).getTime();
  const nowIso = iso(now);
  for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(opts.file + s, { force: true });

  // The schema from the real migrations.
  const kdb = openDatabase(opts.file);
  await migrateToLatest(kdb);
  await kdb.destroy();

  const db = new SQLite(opts.file);
  // The rollback journal in memory (better-sqlite3's defensive mode refuses OFF): a fresh file being filled
  // has next to nothing to roll back. WAL comes back at the end.
  db.pragma("journal_mode = DELETE");
  if (db.pragma("journal_mode = MEMORY", { simple: true }) !== "memory") throw new Error("could not set journal_mode = MEMORY");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("locking_mode = EXCLUSIVE");
  db.pragma("temp_store = MEMORY");
  db.pragma("cache_size = -524288"); // 512 MB
  // Secondary indexes are built once at the end, from sorted data, rather than kept up row by row.
  const indexes = db.prepare("select name, sql from sqlite_master where type = 'index' and sql is not null").all() as { name: string; sql: string }[];
  for (const ix of indexes) db.exec(`drop index ${ix.name}`);
  // Likewise the triggers (the places' counters, the audit log's guards): off while loading, put back at the
  // end once the counters are counted.
  const triggers = db.prepare("select name, sql from sqlite_master where type = 'trigger'").all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`drop trigger ${t.name}`);

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const W = writers(db);
  const ids = newIds();
  const audit = (
    at: number,
    actor: number | null,
    action: string,
    type: string,
    entity: number | null,
    place: number | null,
    reason: string | null = null,
    data: unknown = null,
  ) => W.audit.add(iso(at), actor, action, type, entity, place, reason, data === null || typeof data === "string" ? data : JSON.stringify(data));
  // Names and phones of the people created for the compound being generated (labels of residents' votes, the sidecar).
  const people = new Map<number, { name: string; phone: string }>();
  const addUser = (phone: string, name: string, at: number) => {
    const id = ++ids.user;
    W.users.add(id, phone, name, passwordHash, null, iso(at));
    people.set(id, { name, phone });
    return id;
  };
  const addPlace = (kind: string, name: string, parent: Place | null, at: number): Place => {
    const id = ++ids.place;
    const path = `${parent?.path ?? "/"}${id}/`;
    W.places.add(id, kind, name, parent?.id ?? null, path, iso(at));
    return { id, name, path };
  };

  // ── The places, their offices and staff ───────────────────────────────────────────────────────────
  const rand = prng(SEED);
  const founded = now - 3 * 365 * DAY;
  const accounts = {} as Sidecar["accounts"];
  for (const [key, a] of Object.entries(DEMO_ACCOUNTS))
    accounts[key as keyof typeof DEMO_ACCOUNTS] = { id: addUser(a.phone, a.name, founded), phone: a.phone, name: a.name };
  W.grants.add(accounts.admin.id, "admin", null, null, null, iso(founded));
  const city = addPlace("city", "示范市", null, founded);
  const district = addPlace("district", "和平区", city, founded);
  const names = new Set<string>();
  const compounds: Compound[] = [];
  for (let s = 0; s < scaleSpec.streets; s++) {
    const sp = addPlace("street", T.uniqueName(rand, names, T.streetName), district, founded);
    const departments = T.DEPARTMENTS.slice(0, 4 + (s % 3)).map((name) => {
      const id = ++ids.department;
      W.departments.add(id, sp.id, name, iso(founded));
      return { id, name };
    });
    // The responsibility list: the defaults, each sub-category with a department the street can dispatch to.
    const list: Responsibility[] = SUBCATEGORY_KEYS.map((sub, i) => ({
      subcategory: sub,
      level: DEFAULT_OWNERS[sub],
      departmentId: departments[i % departments.length].id,
    }));
    for (const r of list) W.responsibilities.add(sp.id, r.subcategory, r.level, r.departmentId, iso(founded));
    const first = s === 0;
    const staff = first ? accounts.streetStaff.id : addUser(phoneOf(++ids.phone), chineseName(rand), founded);
    W.grants.add(staff, "street_staff", sp.id, null, null, iso(founded));
    const depStaff = new Map<number, number>();
    for (const [i, d] of departments.entries()) {
      const u = first && i === 0 ? accounts.departmentStaff.id : addUser(phoneOf(++ids.phone), chineseName(rand), founded);
      W.grants.add(u, "department_staff", sp.id, d.id, null, iso(founded));
      depStaff.set(d.id, u);
    }
    const street = { ...sp, departments, list, staff, depStaff };
    const perCommunity = scaleSpec.compoundsPerStreet / scaleSpec.communitiesPerStreet;
    for (let m = 0; m < scaleSpec.communitiesPerStreet; m++) {
      const cp = addPlace("community", T.uniqueName(rand, names, T.communityName), sp, founded);
      const firstCommunity = first && m === 0;
      const cstaff = firstCommunity ? accounts.communityStaff.id : addUser(phoneOf(++ids.phone), chineseName(rand), founded);
      W.grants.add(cstaff, "community_staff", cp.id, null, null, iso(founded));
      if (firstCommunity) W.grants.add(accounts.communityCoordinator.id, "coordinator", cp.id, null, null, iso(founded));
      const community = { ...cp, staff: cstaff };
      const from = Math.round(m * perCommunity);
      const to = Math.round((m + 1) * perCommunity);
      for (let k = from; k < to; k++) {
        const cid = addPlace("compound", T.uniqueName(rand, names, T.compoundName), cp, founded);
        // Sizes: small old compounds, six-storey estates, high-rise estates (a few thousand dwellings).
        const r = rand();
        const highrise = opts.scale !== "demo" && r > 0.75;
        const size =
          opts.scale === "demo"
            ? 48 + Math.floor(rand() * 40)
            : r < 0.35
              ? 40 + Math.floor(rand() * 90)
              : r < 0.75
                ? 120 + Math.floor(rand() * 260)
                : 400 + Math.floor(rand() * rand() * 1900);
        // The measured compound (the first) is the same at every scale — its own seed, 900 dwellings in
        // high-rises, the district's rates — so a page measured on a small and on a large database is the same
        // page, and only the world around it grows.
        compounds.push({
          ...cid,
          index: compounds.length,
          street,
          community,
          size: compounds.length === 0 ? 900 : size,
          highrise: compounds.length === 0 || highrise,
        });
      }
    }
  }
  const bench = compounds[0];
  W.grants.add(accounts.coordinator.id, "coordinator", bench.id, null, null, iso(founded));

  // ── Compound by compound ──────────────────────────────────────────────────────────────────────────
  const totalDwellings = compounds.reduce((s, c) => s + c.size, 0);
  const side = {
    proposalWithComments: { id: 0, comments: 0 },
    openVote: null as Sidecar["openVote"] | null,
    closedVote: null as Sidecar["closedVote"] | null,
    resolutionId: 0,
    buildingId: 0,
  };
  const openVoteAt = new Set<number>();
  for (let i = 0; i < scaleSpec.openVotes; i++) openVoteAt.add(Math.floor((i * compounds.length) / scaleSpec.openVotes));
  const htmlCache = new Map<string, string>();
  const markdown = (s: string) => {
    let h = htmlCache.get(s);
    if (h === undefined) {
      h = renderMarkdown(s);
      if (htmlCache.size > 50_000) htmlCache.clear();
      htmlCache.set(s, h);
    }
    return h;
  };
  const g: Gen = { W, ids, audit, addUser, addPlace, founded, people, markdown, side, openVoteAt, now, scaleSpec, opts, accounts, bench };
  let done = 0;
  let sinceCommit = 0;
  db.exec("begin");
  for (const c of compounds) {
    const r = prng(SEED ^ Math.imul(c.index + 1, 0x9e3779b1));
    genCompound(g, c, r);
    done += c.size;
    opts.onProgress?.(done, totalDwellings, "rows");
    const rows = Object.values(W).reduce((s, w) => s + w.count, 0);
    if (rows - sinceCommit > 500_000) {
      db.exec("commit");
      db.exec("begin");
      sinceCommit = rows;
    }
  }
  for (const w of Object.values(W)) w.flush();
  db.exec("commit");

  // The sorts behind the indexes spill to temporary files rather than memory, on two threads.
  db.pragma("temp_store = DEFAULT");
  db.pragma("threads = 2");
  opts.onProgress?.(0, indexes.length, "indexes");
  for (const [i, ix] of indexes.entries()) {
    db.exec(ix.sql);
    opts.onProgress?.(i + 1, indexes.length, "indexes");
  }
  for (const statement of RECOUNT_PLACES) db.exec(statement);
  for (const t of triggers) db.exec(t.sql);

  // Every document was indexed with today's tokens (a server would otherwise index them all again at start).
  db.prepare("insert into settings (name, value) values ('search_tokens', ?) on conflict (name) do update set value = excluded.value").run(
    SEARCH_TOKENS_VERSION,
  );

  // ── The sidecar: what a benchmark needs to find its way in ───────────────────────────────────────────
  const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const counts: Record<string, number> = {};
  for (const t of [
    "places",
    "dwellings",
    "dwelling_owners",
    "users",
    "residencies",
    "proposals",
    "comments",
    "search_index",
    "follows",
    "notifications",
    "votes",
    "vote_electors",
    "vote_voters",
    "ballot_casts",
    "ballot_history",
    "paper_ballots",
    "published_ballots",
    "resolutions",
    "requests",
    "request_moves",
    "request_ratings",
    "audit_log",
  ])
    counts[t] = count(t);
  counts.compounds = compounds.length;
  counts.verifiedResidents = (db.prepare("select count(distinct user_id) as n from residencies where status = 'verified'").get() as { n: number }).n;
  counts.closedVotes = (db.prepare("select count(*) as n from votes where status = 'closed'").get() as { n: number }).n;
  counts.openVotes = counts.votes - counts.closedVotes;
  const requestIds: Record<string, number> = {};
  for (const row of db.prepare("select state, min(id) as id from requests where street_id = ? group by state").all(bench.street.id) as {
    state: string;
    id: number;
  }[])
    requestIds[row.state] = row.id;
  db.pragma("locking_mode = NORMAL");
  db.pragma("journal_mode = WAL");
  db.close();
  const bytes = fs.statSync(opts.file).size;
  const sidecar: Sidecar = {
    scale: opts.scale,
    file: opts.file,
    now: nowIso,
    password: DEMO_PASSWORD,
    accounts,
    cityId: city.id,
    districtId: district.id,
    streetId: bench.street.id,
    communityId: bench.community.id,
    compoundId: bench.id,
    buildingId: side.buildingId,
    departmentId: bench.street.departments[0].id,
    proposalWithComments: side.proposalWithComments,
    openVote: side.openVote ?? { id: 0, proposalId: 0, electors: 0, notVoted: [] },
    closedVote: side.closedVote ?? { id: 0, proposalId: 0, passed: false },
    resolutionId: side.resolutionId,
    requests: requestIds,
    searchTerms: ["电梯", "停车", "垃圾分类", "加装电梯"],
    counts,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    bytes,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  return sidecar;
}
