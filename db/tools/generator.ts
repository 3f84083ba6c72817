// The synthetic database behind the benchmarks (npm run db:generate): a district of compounds with their
// rosters, residents, proposals and threads, votes with their ballots and published chains, resolutions
// and the service requests they spawned, written with the rows the app's services would have written.
// The schema comes from the real migrations; the bulk rows go in through raw prepared statements inside
// large transactions (the services' one-row-at-a-time path would take days at this size). Deterministic:
// one seeded PRNG per compound, ids assigned here; only the password hash (scrypt, once) has a random salt.
import { createHash } from "node:crypto";
import fs from "node:fs";
import SQLite from "better-sqlite3";
import { hashPassword } from "../../app/auth/password.server";
import { buildChain, resolutionNumber } from "../../app/domain/ballot-chain";
import { DEFAULT_OWNERS, SUBCATEGORY_KEYS, type Subcategory, categoryOf } from "../../app/domain/request-kinds";
import type { Level, Responsibility } from "../../app/domain/request-flow";
import { landingLevel } from "../../app/domain/request-flow";
import { indexText } from "../../app/domain/search-text";
import { type CountedBallot, tally } from "../../app/domain/tally";
import { beijingDate, deadlineAfter } from "../../app/domain/working-days";
import { renderMarkdown } from "../../app/web/markdown.server";
import { migrateToLatest, openDatabase } from "../connect";
import { RECOUNT_PLACES } from "../place-counters";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, area, chineseName, prng } from "./demo-data";
import * as T from "./generate-texts";
import type { ProposalState, Stance, VoteChoice, VoteRule } from "../schema";

export type Scale = "demo" | "street" | "district";
export const SCALES: readonly Scale[] = ["demo", "street", "district"];

interface ScaleSpec {
  streets: number;
  compoundsPerStreet: number;
  communitiesPerStreet: number;
  openVotes: number;
  /** Proposals per dwelling, and the share of them that went through a vote that has closed. */
  proposalsPerDwelling: number;
  votedShare: number;
  commentsPerProposal: number;
  requestsPerResolution: number;
}

// District: 1,000,000 dwellings in 3,000 compounds, 600,000 residents, 100,000 proposals, 2,000,000
// comments, 20,000 closed votes with about 10,000,000 ballots, 200,000 requests. A street is a twentieth.
const SPECS: Record<Scale, ScaleSpec> = {
  district: { streets: 20, compoundsPerStreet: 150, communitiesPerStreet: 9, openVotes: 50, proposalsPerDwelling: 0.1, votedShare: 0.2, commentsPerProposal: 22.5, requestsPerResolution: 13 },
  street: { streets: 1, compoundsPerStreet: 150, communitiesPerStreet: 9, openVotes: 3, proposalsPerDwelling: 0.1, votedShare: 0.2, commentsPerProposal: 22.5, requestsPerResolution: 13 },
  demo: { streets: 1, compoundsPerStreet: 4, communitiesPerStreet: 2, openVotes: 2, proposalsPerDwelling: 0.25, votedShare: 0.3, commentsPerProposal: 8, requestsPerResolution: 4 },
};

const SEED = 20261126;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const NO_HOLIDAYS = { holidays: new Set<string>(), makeupWorkdays: new Set<string>() };
/** The deadlines the migration writes into level_deadlines (accept, complete), in working days. */
const DEADLINES: Record<Level, [number, number]> = { compound: [2, 10], community: [3, 15], street: [3, 20], department: [3, 20] };
const LEVEL_ROLE: Record<Level, string> = { compound: "coordinator", community: "community_staff", street: "street_staff", department: "department_staff" };
const UP: Record<Level, Level | null> = { compound: "community", community: "street", street: null, department: null };

const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
const iso = (ms: number) => new Date(ms).toISOString();

/** Random hex from the seeded PRNG (a slot or receipt hash of a closed vote: indistinguishable from SHA-256). */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function hex(rand: () => number, chars: number): string {
  let s = "";
  for (let i = 0; i < chars; i += 8) {
    const x = (rand() * 4294967296) >>> 0;
    s += HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
  }
  return s.length === chars ? s : s.slice(0, chars);
}

/** The n-th generated mobile number: a bijection of n onto 8 digits, so numbers never repeat. */
const PREFIXES = ["135", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188", "177"];
function phoneOf(n: number): string {
  const rest = (n * 48271 + 1234567) % 100_000_000;
  return PREFIXES[(n * 7 + (n >>> 5)) % PREFIXES.length] + String(rest).padStart(8, "0");
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** What renderMarkdown gives for one line of plain text (the generated comments have no Markdown). */
const paragraphHtml = (text: string) => `<p>${escapeHtml(text)}</p>\n`;

/** Rows buffered and written many to a statement. */
class Bulk {
  private buf: unknown[] = [];
  private n = 0;
  private readonly big: SQLite.Statement;
  private readonly one: SQLite.Statement;
  count = 0;
  constructor(
    db: SQLite.Database,
    readonly table: string,
    private readonly cols: string[],
    private readonly per = 50,
  ) {
    const tuple = `(${cols.map(() => "?").join(",")})`;
    const head = `insert into ${table} (${cols.join(",")}) values `;
    this.one = db.prepare(head + tuple);
    this.big = db.prepare(head + Array(per).fill(tuple).join(","));
  }
  add(...values: unknown[]) {
    if (values.length !== this.cols.length) throw new Error(`${this.table}: ${values.length} values for ${this.cols.length} columns`);
    for (const v of values) this.buf.push(v);
    this.count++;
    if (++this.n === this.per) {
      this.big.run(this.buf);
      this.buf = [];
      this.n = 0;
    }
  }
  flush() {
    const k = this.cols.length;
    for (let i = 0; i < this.n; i++) this.one.run(this.buf.slice(i * k, (i + 1) * k));
    this.buf = [];
    this.n = 0;
  }
}

export interface Sidecar {
  scale: Scale;
  file: string;
  now: string;
  password: string;
  accounts: Record<keyof typeof DEMO_ACCOUNTS, { id: number; phone: string; name: string }>;
  cityId: number;
  districtId: number;
  streetId: number;
  communityId: number;
  compoundId: number;
  buildingId: number;
  departmentId: number;
  /** A published proposal of the compound with ≥ 200 comments. */
  proposalWithComments: { id: number; comments: number };
  /** An open vote of the compound (residents, one per person) and people on its electorate who have not voted. */
  openVote: { id: number; proposalId: number; electors: number; notVoted: { id: number; phone: string }[] };
  closedVote: { id: number; proposalId: number; passed: boolean };
  resolutionId: number;
  /** Requests of the street, by state. */
  requests: Record<string, number>;
  searchTerms: string[];
  counts: Record<string, number>;
  seconds: number;
  bytes: number;
  /** Peak resident memory of the generating process, in MB. */
  peakRssMb: number;
}

interface Place {
  id: number;
  name: string;
  path: string;
}
interface Compound extends Place {
  index: number;
  street: Place & { departments: { id: number; name: string }[]; list: Responsibility[]; staff: number; depStaff: Map<number, number> };
  community: Place & { staff: number };
  size: number;
  highrise: boolean;
}

export interface GenerateOptions {
  file: string;
  scale: Scale;
  now?: Date;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export async function generateDatabase(opts: GenerateOptions): Promise<Sidecar> {
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
  const W = {
    places: new Bulk(db, "places", ["id", "kind", "name", "parent_id", "path", "created_at"]),
    departments: new Bulk(db, "departments", ["id", "place_id", "name", "created_at"]),
    responsibilities: new Bulk(db, "responsibilities", ["street_id", "subcategory", "level", "department_id", "updated_at"]),
    dwellings: new Bulk(db, "dwellings", ["id", "building_id", "compound_id", "unit", "room", "area_centi", "created_at"]),
    owners: new Bulk(db, "dwelling_owners", ["dwelling_id", "name", "phone", "created_at"]),
    users: new Bulk(db, "users", ["id", "phone", "name", "password_hash", "locale", "created_at"]),
    grants: new Bulk(db, "role_grants", ["user_id", "role", "place_id", "department_id", "granted_by", "granted_at"]),
    residencies: new Bulk(db, "residencies", ["user_id", "dwelling_id", "compound_id", "relation", "status", "method", "note", "decided_by", "decided_at", "created_at"]),
    audit: new Bulk(db, "audit_log", ["at", "actor_id", "action", "entity_type", "entity_id", "place_id", "reason", "data"]),
    proposals: new Bulk(db, "proposals", ["id", "compound_id", "author_id", "title", "body_md", "body_html", "category", "state", "state_reason", "merged_into_id", "locked", "hidden_reason", "cosponsor_count", "comment_count", "created_at", "updated_at", "last_activity_at"]),
    cosponsors: new Bulk(db, "cosponsors", ["proposal_id", "user_id", "dwelling_id", "created_at"]),
    follows: new Bulk(db, "follows", ["user_id", "proposal_id", "created_at"]),
    comments: new Bulk(db, "comments", ["id", "proposal_id", "author_id", "parent_id", "stance", "body_md", "body_html", "official", "hidden_reason", "created_at"]),
    minutes: new Bulk(db, "minutes", ["proposal_id", "kind", "meeting_date", "meeting_place", "attendance", "body_md", "body_html", "author_id", "created_at"]),
    reports: new Bulk(db, "reports", ["compound_id", "proposal_id", "comment_id", "reporter_id", "reason", "note", "status", "created_at"]),
    notifications: new Bulk(db, "notifications", ["user_id", "kind", "proposal_id", "comment_id", "actor_id", "data", "read_at", "created_at"]),
    search: new Bulk(db, "search_index", ["rowid", "text", "scope", "doc_type", "doc_id", "compound_id", "proposal_id"]),
    votes: new Bulk(db, "votes", ["id", "proposal_id", "compound_id", "rule", "per", "quorum_percent", "secret", "opens_at", "closes_at", "status", "slot_salt", "opened_by", "created_at", "closed_at", "result", "passed", "chain_head"]),
    electors: new Bulk(db, "vote_electors", ["id", "vote_id", "key", "owner_key", "area_centi", "dwelling_id", "building_id", "label"]),
    voters: new Bulk(db, "vote_voters", ["vote_id", "elector_id", "user_id", "phone"]),
    casts: new Bulk(db, "ballot_casts", ["vote_id", "elector_id", "channel", "cast_at"]),
    choices: new Bulk(db, "ballot_choices", ["vote_id", "slot", "choice", "receipt_hash"]),
    history: new Bulk(db, "ballot_history", ["vote_id", "slot", "id", "choice", "receipt_hash"]),
    paper: new Bulk(db, "paper_ballots", ["id", "vote_id", "elector_id", "choice", "entered_by", "entered_at", "confirmed_by", "confirmed_at", "status"]),
    published: new Bulk(db, "published_ballots", ["vote_id", "position", "receipt_hash", "choice", "chain_hash"]),
    resolutions: new Bulk(db, "resolutions", ["id", "proposal_id", "vote_id", "compound_id", "year", "seq", "number", "title", "tally", "notice_starts", "notice_ends", "created_at"]),
    requests: new Bulk(db, "requests", ["id", "resolution_id", "proposal_id", "compound_id", "community_id", "street_id", "title", "body", "body_html", "category", "subcategory", "budget_fen", "funding", "level", "office_id", "department_id", "state", "level_since", "accept_due", "accepted_at", "complete_due", "due_at", "first_accepted_at", "first_accept_due", "completed_at", "completed_level", "result", "result_html", "reopened", "round", "escalations", "returns", "created_by", "created_at", "updated_at"]),
    moves: new Bulk(db, "request_moves", ["request_id", "action", "from_level", "to_level", "from_state", "to_state", "office_name", "department_id", "actor_id", "actor_role", "reason", "result", "on_time", "at"]),
    ratings: new Bulk(db, "request_ratings", ["request_id", "round", "user_id", "rating", "created_at", "updated_at"]),
  };
  const ids = { place: 0, department: 0, paper: 0, dwelling: 0, user: 0, phone: 0, proposal: 0, comment: 0, vote: 0, elector: 0, resolution: 0, request: 0 };
  const audit = (at: number, actor: number | null, action: string, type: string, entity: number | null, place: number | null, reason: string | null = null, data: unknown = null) =>
    W.audit.add(iso(at), actor, action, type, entity, place, reason, data === null || typeof data === "string" ? data : JSON.stringify(data));
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
  for (const [key, a] of Object.entries(DEMO_ACCOUNTS)) accounts[key as keyof typeof DEMO_ACCOUNTS] = { id: addUser(a.phone, a.name, founded), phone: a.phone, name: a.name };
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
    const list: Responsibility[] = SUBCATEGORY_KEYS.map((sub, i) => ({ subcategory: sub, level: DEFAULT_OWNERS[sub], departmentId: departments[i % departments.length].id }));
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
        const size = opts.scale === "demo" ? 48 + Math.floor(rand() * 40) : r < 0.35 ? 40 + Math.floor(rand() * 90) : r < 0.75 ? 120 + Math.floor(rand() * 260) : 400 + Math.floor(rand() * rand() * 1900);
        // The measured compound (the first) is the same at every scale — its own seed, 900 dwellings in
        // high-rises, the district's rates — so a page measured on a small and on a large database is the same
        // page, and only the world around it grows.
        compounds.push({ ...cid, index: compounds.length, street, community, size: compounds.length === 0 ? 900 : size, highrise: compounds.length === 0 || highrise });
      }
    }
  }
  const bench = compounds[0];
  W.grants.add(accounts.coordinator.id, "coordinator", bench.id, null, null, iso(founded));

  // ── Compound by compound ──────────────────────────────────────────────────────────────────────────
  const totalDwellings = compounds.reduce((s, c) => s + c.size, 0);
  const side = { proposalWithComments: { id: 0, comments: 0 }, openVote: null as Sidecar["openVote"] | null, closedVote: null as Sidecar["closedVote"] | null, resolutionId: 0, buildingId: 0 };
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
  let done = 0;
  let sinceCommit = 0;
  db.exec("begin");
  for (const c of compounds) {
    const r = prng(SEED ^ Math.imul(c.index + 1, 0x9e3779b1));
    genCompound(c, r);
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

  function genCompound(c: Compound, rand: () => number) {
    const isBench = c === bench;
    const spec = isBench ? SPECS.district : scaleSpec;
    people.clear();
    if (isBench) for (const a of Object.values(accounts)) people.set(a.id, a);
    const start = founded + Math.floor(rand() * 60) * DAY;
    // Buildings and dwellings, as a roster import makes them.
    const floors = c.highrise ? 11 + Math.floor(rand() * 16) : 6;
    const units = c.highrise ? 2 : 2 + Math.floor(rand() * 2);
    const rooms = c.highrise ? 2 + Math.floor(rand() * 3) : 2;
    const perBuilding = floors * units * rooms;
    const buildingCount = Math.max(1, Math.round(c.size / perBuilding));
    interface D { id: number; building: number; label: string; area: number; owners: number[] }
    const dwellings: D[] = [];
    const buildings: number[] = [];
    for (let b = 1; b <= buildingCount; b++) {
      const bp = addPlace("building", `${b}号楼`, c, start);
      buildings.push(bp.id);
      for (let u = 1; u <= units; u++)
        for (let f = 1; f <= floors; f++)
          for (let k = 1; k <= rooms; k++) {
            const id = ++ids.dwelling;
            const room = `${f}0${k}`;
            const a = Math.round(Number(area(rand)) * 100);
            W.dwellings.add(id, bp.id, c.id, String(u), room, a, iso(start));
            dwellings.push({ id, building: bp.id, label: `${b}号楼 ${u}-${room}`, area: a, owners: [] });
          }
    }
    if (isBench) side.buildingId = buildings[0];
    // Owners on the roster: now and then one owner holds two dwellings; some dwellings have two owners.
    interface O { name: string; phone: string; dwellings: D[]; user: number | null }
    const owners: O[] = [];
    for (const [i, d] of dwellings.entries()) {
      const prev = owners[owners.length - 1];
      let o: O;
      if (prev && rand() < 0.05 && prev.dwellings.length < 3) o = prev;
      else {
        o = { name: chineseName(rand), phone: phoneOf(++ids.phone), dwellings: [], user: null };
        if (isBench && i === 0) Object.assign(o, { name: DEMO_ACCOUNTS.resident.name, phone: DEMO_ACCOUNTS.resident.phone, user: accounts.resident.id });
        if (isBench && i === units * floors * rooms - 1 - rooms) Object.assign(o, { name: DEMO_ACCOUNTS.buildingLead.name, phone: DEMO_ACCOUNTS.buildingLead.phone, user: accounts.buildingLead.id });
        owners.push(o);
      }
      o.dwellings.push(d);
      d.owners.push(owners.indexOf(o));
      if (rand() < 0.08) {
        const spouse: O = { name: chineseName(rand), phone: phoneOf(++ids.phone), dwellings: [d], user: null };
        owners.push(spouse);
        d.owners.push(owners.length - 1);
      }
    }
    for (const o of owners) for (const d of o.dwellings) W.owners.add(d.id, o.name, o.phone, iso(start));
    audit(start, null, "roster.import", "place", c.id, c.id, null, { rows: dwellings.length, created: dwellings.length, updated: 0, owners: owners.length });

    // Residents: about half the owners sign up and are verified, plus tenants and family members.
    interface R { user: number; dwelling: D; relation: "owner" | "tenant" | "family" }
    const residents: R[] = [];
    const coordinator = isBench ? accounts.coordinator.id : null;
    let coord = coordinator ?? 0;
    const verify = (user: number, d: D, relation: R["relation"], at: number) => {
      const method = rand() < 0.3 ? "code" : "claim";
      const decider = method === "claim" && coord && coord !== user ? coord : null;
      W.residencies.add(user, d.id, c.id, relation, "verified", method, null, decider, iso(at + HOUR), iso(at));
      if (method === "claim") audit(at + HOUR, decider, "residency.approve", "residency", null, c.id);
      else audit(at, user, "residency.code", "residency", null, c.id);
      residents.push({ user, dwelling: d, relation });
    };
    for (const o of owners) {
      if (o.user === null && rand() >= 0.47) continue;
      const at = start + Math.floor(rand() * 200) * DAY;
      if (o.user === null) o.user = addUser(o.phone, o.name, at);
      if (!coord) coord = o.user; // the first verified owner coordinates the compound
      for (const d of o.dwellings) verify(o.user, d, "owner", at);
    }
    if (!coordinator) W.grants.add(coord, "coordinator", c.id, null, null, iso(start));
    for (const [i, d] of dwellings.entries()) {
      if (isBench && i === 5) verify(accounts.tenant.id, d, "tenant", start + 10 * DAY);
      else if (rand() < 0.12) verify(addUser(phoneOf(++ids.phone), chineseName(rand), start), d, rand() < 0.6 ? "tenant" : "family", start + Math.floor(rand() * 600) * DAY);
      if (rand() < 0.01 || (isBench && i === 9)) {
        const u = isBench && i === 9 ? accounts.newcomer.id : addUser(phoneOf(++ids.phone), chineseName(rand), now - 3 * DAY);
        W.residencies.add(u, d.id, c.id, "tenant", "pending", "claim", rand() < 0.5 ? "刚搬来，租期两年" : null, null, null, iso(now - 2 * DAY));
        audit(now - 2 * DAY, u, "residency.claim", "residency", null, c.id);
      }
    }
    // A building lead in the first building (the bench compound's is the demo account).
    const leadOwner = isBench ? accounts.buildingLead.id : (residents.find((x) => x.dwelling.building === buildings[0] && x.user !== coord)?.user ?? null);
    if (leadOwner) W.grants.add(leadOwner, "building_lead", buildings[0], null, null, iso(start));
    if (residents.length < 3) return;
    const someone = () => residents[Math.floor(rand() * residents.length)];

    // Proposals, threads, votes, resolutions and requests.
    let count = Math.max(1, Math.round(c.size * spec.proposalsPerDwelling * (0.6 + rand() * 0.8)));
    const opensVote = openVoteAt.has(c.index);
    if (isBench) count = Math.max(count, 12);
    const visible: number[] = [];
    const resolutionSeq = new Map<number, number>();
    for (let k = 0; k < count; k++) {
      const id = ++ids.proposal;
      const topic = T.pick(rand, T.TOPICS);
      const author = someone();
      const text = T.proposalText(rand, topic);
      let state: ProposalState;
      if (isBench && k < BENCH_STATES.length) state = BENCH_STATES[k];
      else if (opensVote && !isBench && k === count - 1) state = "voting";
      else {
        const x = rand();
        state = x < spec.votedShare ? "adopted" : x < spec.votedShare + 0.04 ? "draft" : x < spec.votedShare + 0.1 ? "submitted" : x < spec.votedShare + 0.42 ? "published" : x < spec.votedShare + 0.52 ? "declined" : x < spec.votedShare + 0.6 ? "withdrawn" : x < spec.votedShare + 0.63 ? "merged" : "archived";
      }
      if (state === "merged" && visible.length === 0) state = "published";
      const voted = state === "adopted" || state === "rejected";
      const created = voted ? now - (60 + Math.floor(rand() * 640)) * DAY - Math.floor(rand() * DAY) : state === "voting" ? now - (20 + Math.floor(rand() * 10)) * DAY : now - Math.floor(rand() * 700 * DAY);
      // How the compound leans: stances and ballots follow it (the bench compound has a sure pass and fail).
      const sure = isBench && k < BENCH_STATES.length && voted ? state : null;
      const support = sure === "adopted" ? 0.85 : sure === "rejected" ? 0.05 : 0.35 + rand() * 0.55;
      let last = created;
      const followers = [author.user];
      audit(created, author.user, "proposal.create", "proposal", id, c.id);
      const move = (from: ProposalState, to: ProposalState, mv: string, actor: number | null, at: number, reason: string | null = null, mergedInto?: number) => {
        audit(at, actor, "proposal.transition", "proposal", id, c.id, reason, { from, to, move: mv, mergedInto });
        last = Math.max(last, at);
        return at;
      };
      let reason: string | null = null;
      let mergedInto: number | null = null;
      let published = created;
      if (state !== "draft") move("draft", "submitted", "submit", author.user, created);
      // Co-sponsors: distinct dwellings, not the author's.
      const cos: R[] = [];
      if (state !== "draft") {
        const want = Math.floor(rand() * 7);
        for (let t = 0; t < want * 2 && cos.length < want; t++) {
          const x = someone();
          if (x.user !== author.user && !cos.some((y) => y.user === x.user || y.dwelling === x.dwelling)) cos.push(x);
        }
        for (const [i, x] of cos.entries()) {
          const at = created + (i + 1) * HOUR;
          W.cosponsors.add(id, x.user, x.dwelling.id, iso(at));
          followers.push(x.user);
          audit(at, x.user, "proposal.cosponsor", "cosponsor", id, c.id);
          W.notifications.add(author.user, "cosponsor", id, null, x.user, null, at < now - 7 * DAY ? iso(at + DAY) : null, iso(at));
        }
      }
      for (const f of followers) W.follows.add(f, id, iso(created));
      const reaches = ["published", "voting", "adopted", "rejected", "merged"].includes(state);
      if (reaches) published = move("submitted", "published", cos.length >= 5 ? "auto_publish" : "publish", cos.length >= 5 ? null : coord, created + (cos.length + 1) * HOUR + Math.floor(rand() * 3 * DAY));
      if (state === "declined" || state === "archived") {
        reason = T.pick(rand, T.DECLINE_REASONS);
        move("submitted", "declined", "decline", coord, created + 2 * DAY, reason);
        if (state === "archived") move("declined", "archived", "archive", coord, created + 30 * DAY);
      }
      if (state === "withdrawn") move("submitted", "withdrawn", "withdraw", author.user, created + DAY);
      if (state === "merged") {
        mergedInto = visible[Math.floor(rand() * visible.length)];
        move("published", "merged", "merge", coord, published + 3 * DAY, null, mergedInto);
        audit(published + 3 * DAY, coord, "proposal.merged_in", "proposal", mergedInto, c.id, null, { from: id });
      }
      const hidden = state !== "draft" && rand() < 0.003 ? "违反社区公约" : null;
      if (state !== "draft" && !hidden) {
        W.search.add(id * 2, indexText(`${text.title}\n${text.body}`, c.id), `c${c.id}`, "proposal", id, c.id, id);
        visible.push(id);
      }

      // The vote.
      let voteEnd = now;
      let finalState = state;
      if (voted || state === "voting") {
        const opens = state === "voting" ? now - (1 + Math.floor(rand() * 4)) * DAY : published + (5 + Math.floor(rand() * 20)) * DAY;
        const closes = state === "voting" ? now + (5 + Math.floor(rand() * 10)) * DAY : opens + (7 + Math.floor(rand() * 8)) * DAY;
        move("published", "voting", "open_vote", coord, opens);
        const isBenchVote = isBench && state === "voting";
        const v = genVote(c, rand, { proposal: id, title: text.title, opens, closes, open: state === "voting", support, residents, dwellings, owners, coord, lead: leadOwner, rule: isBenchVote ? "residents" : undefined, sure: sure !== null });
        voteEnd = closes;
        if (v.closed) {
          finalState = v.closed.passed ? "adopted" : "rejected";
          move("voting", finalState, v.closed.passed ? "adopt" : "reject", null, v.closed.at);
          for (const f of followers) W.notifications.add(f, "state", id, null, null, JSON.stringify({ from: "voting", to: finalState }), v.closed.at < now - 7 * DAY ? iso(v.closed.at + DAY) : null, iso(v.closed.at));
          if (!side.closedVote && isBench) side.closedVote = { id: v.id, proposalId: id, passed: v.closed.passed };
          if (v.closed.passed) {
            const year = Number(beijingDate(new Date(v.closed.at)).slice(0, 4));
            const seq = (resolutionSeq.get(year) ?? 0) + 1;
            resolutionSeq.set(year, seq);
            const rid = ++ids.resolution;
            const number = resolutionNumber(year, c.name, seq);
            W.resolutions.add(rid, id, v.id, c.id, year, seq, number, text.title, v.closed.result, iso(v.closed.at), iso(v.closed.at + 7 * DAY), iso(v.closed.at));
            audit(v.closed.at, null, "resolution.create", "resolution", rid, c.id, null, { number });
            if (isBench && !side.resolutionId) side.resolutionId = rid;
            const n = Math.max(1, Math.round(spec.requestsPerResolution * (0.3 + rand() * 1.4)));
            for (let q = 0; q < n; q++) genRequest(c, rand, { resolution: rid, proposal: id, author: author.user, topic, closedAt: v.closed.at, residents, coord, someone });
            // The bench compound's first resolution also has a recent request in each state.
            if (isBench && side.resolutionId === rid) for (const stopAt of ["received", "accepted", "in_progress", "completed"] as const) genRequest(c, rand, { resolution: rid, proposal: id, author: author.user, topic, closedAt: now - 30 * DAY, residents, coord, someone, stopAt });
          }
          if (rand() < 0.3) {
            const meeting = iso(opens - 2 * DAY).slice(0, 10);
            const body = `到会 ${20 + Math.floor(rand() * 60)} 户。多数住户${v.closed.passed ? "赞成" : "对方案仍有顾虑"}，会后提交表决。`;
            W.minutes.add(id, "meeting", meeting, "小区议事厅", 20 + Math.floor(rand() * 60), body, markdown(body), coord, iso(opens - 2 * DAY));
          }
        } else if (isBenchVote) {
          side.openVote = { id: v.id, proposalId: id, electors: v.electors, notVoted: v.notVoted };
        }
      }

      // The thread: stances lean with the compound; some replies; now and then the coordinator answers.
      let comments = 0;
      if (state !== "draft" && state !== "submitted") {
        let n: number;
        if (isBench && state === "published" && !side.proposalWithComments.id) n = 240;
        else n = rand() < 0.025 ? 150 + Math.floor(rand() * 250) : Math.floor(rand() * rand() * spec.commentsPerProposal * 2.6);
        const from = published;
        const until = Math.min(now - HOUR, state === "voting" || voted ? voteEnd : published + 60 * DAY);
        const tops: { id: number; author: number }[] = [];
        for (let j = 0; j < n; j++) {
          const cid = ++ids.comment;
          const at = from + Math.floor(((j + rand()) / n) * Math.max(HOUR, until - from));
          const official = j === 3 && rand() < 0.5;
          const by = official ? { user: coord } : someone();
          const x = rand();
          const stance: Stance = official ? "neutral" : x < support * 0.8 ? "for" : x < 0.8 ? "against" : "neutral";
          const parent = !official && tops.length && rand() < 0.15 ? tops[Math.floor(rand() * tops.length)] : null;
          const body = official ? T.pick(rand, T.OFFICIAL) : parent && rand() < 0.5 ? T.pick(rand, T.REPLIES) : T.commentText(rand, topic, stance);
          const hiddenComment = !official && rand() < 0.004 ? "人身攻击" : null;
          W.comments.add(cid, id, by.user, parent?.id ?? null, stance, body, paragraphHtml(body), official ? 1 : 0, hiddenComment, iso(at));
          if (!hidden && !hiddenComment) W.search.add(cid * 2 + 1, indexText(body, c.id), `c${c.id}`, "comment", cid, c.id, id);
          if (hiddenComment) audit(at + HOUR, coord, "comment.hide", "comment", cid, c.id, hiddenComment);
          const readAt = at < now - 7 * DAY && rand() < 0.85 ? iso(at + Math.floor(rand() * 2 * DAY)) : null;
          if (parent && parent.author !== by.user) W.notifications.add(parent.author, "reply", id, cid, by.user, null, readAt, iso(at));
          if (author.user !== by.user && parent?.author !== author.user) W.notifications.add(author.user, "comment", id, cid, by.user, null, readAt, iso(at));
          if (!parent) tops.push({ id: cid, author: by.user });
          if (rand() < 0.002) W.reports.add(c.id, id, cid, someone().user, T.pick(rand, ["spam", "abuse", "offtopic", "personal"] as const), null, "open", iso(at + HOUR));
          last = Math.max(last, at);
        }
        comments = n;
        if (n >= 200 && isBench && !side.proposalWithComments.id) side.proposalWithComments = { id, comments: n };
      }
      W.proposals.add(id, c.id, author.user, text.title, text.body, markdown(text.body), topic.category, finalState, reason, mergedInto, 0, hidden, cos.length, comments, iso(created), iso(last), iso(last));
    }
  }

  interface VoteInput {
    proposal: number;
    title: string;
    opens: number;
    closes: number;
    open: boolean;
    support: number;
    residents: { user: number; dwelling: { id: number; building: number; label: string; area: number; owners: number[] }; relation: string }[];
    dwellings: { id: number; building: number; label: string; area: number; owners: number[] }[];
    owners: { name: string; phone: string; user: number | null }[];
    coord: number;
    lead: number | null;
    rule?: VoteRule;
    /** Turnout high enough for the outcome to follow the leaning alone. */
    sure?: boolean;
  }

  function genVote(c: Compound, rand: () => number, v: VoteInput) {
    const id = ++ids.vote;
    const x = rand();
    const rule: VoteRule = v.rule ?? (x < 0.55 ? "owners_ordinary" : x < 0.7 ? "owners_major" : "residents");
    const per = rule === "residents" ? (v.rule || rand() < 0.65 ? "person" : "dwelling") : "dwelling";
    const quorum = rule === "residents" ? T.pick(rand, [0, 0, 30, 50]) : 0;
    const secret = rand() < 0.7 ? 1 : 0;
    const salt = v.open ? hex(rand, 64) : null;
    // The electorate frozen at opening (as freezeElectorate builds it).
    interface E { id: number; key: string; ownerKey: string; area: number; online: boolean; voters: (number | null)[] }
    const electors: E[] = [];
    if (rule === "residents") {
      if (per === "person") {
        const seen = new Set<number>();
        for (const r of v.residents) {
          if (seen.has(r.user)) continue;
          seen.add(r.user);
          const eid = ++ids.elector;
          W.electors.add(eid, id, `u:${r.user}`, `u:${r.user}`, 0, null, r.dwelling.building, people.get(r.user)?.name ?? "");
          W.voters.add(id, eid, r.user, null);
          electors.push({ id: eid, key: `u:${r.user}`, ownerKey: `u:${r.user}`, area: 0, online: true, voters: [r.user] });
        }
      } else {
        const byDwelling = new Map<number, number[]>();
        for (const r of v.residents) {
          const list = byDwelling.get(r.dwelling.id) ?? [];
          if (!list.includes(r.user)) list.push(r.user);
          byDwelling.set(r.dwelling.id, list);
        }
        for (const d of v.dwellings) {
          const users = byDwelling.get(d.id);
          if (!users) continue;
          const eid = ++ids.elector;
          W.electors.add(eid, id, `d:${d.id}`, `d:${d.id}`, d.area, d.id, d.building, d.label);
          for (const u of users) W.voters.add(id, eid, u, null);
          electors.push({ id: eid, key: `d:${d.id}`, ownerKey: `d:${d.id}`, area: d.area, online: true, voters: users });
        }
      }
    } else {
      for (const d of v.dwellings) {
        const phones = d.owners.map((o) => v.owners[o].phone).sort();
        const eid = ++ids.elector;
        W.electors.add(eid, id, `d:${d.id}`, `o:${phones.join(",")}`, d.area, d.id, d.building, d.label);
        // The account of a verified owner is frozen with the roster phone (every owner with an account is verified).
        for (const o of d.owners) W.voters.add(id, eid, v.owners[o].user, v.owners[o].phone);
        electors.push({ id: eid, key: `d:${d.id}`, ownerKey: `o:${phones.join(",")}`, area: d.area, online: d.owners.some((o) => v.owners[o].user !== null), voters: [] });
      }
    }
    audit(v.opens, v.coord, "vote.open", "vote", id, c.id, null, { proposalId: v.proposal, rule, per, secret: !!secret, electors: electors.length });
    // Ballots: turnout and leaning vary from vote to vote; owners without an account vote on paper.
    const turnout = v.open ? 0.2 + rand() * 0.3 : v.sure ? 0.97 : 0.6 + rand() * 0.33;
    const lean = Math.min(0.95, v.support + 0.15);
    const end = v.open ? now - HOUR : v.closes;
    interface Cast { e: E; at: number; channel: "online" | "paper"; choice: VoteChoice; receipt: string; slot: string }
    const casts: Cast[] = [];
    // One owner, one choice: an owner's ballot (online or paper) is cast for all their dwellings at once.
    const byOwner = new Map<string, E[]>();
    for (const e of electors) byOwner.set(e.ownerKey, [...(byOwner.get(e.ownerKey) ?? []), e]);
    const papers = new Set<Cast>();
    for (const group of byOwner.values()) {
      const e = group[0];
      if (rand() >= turnout) continue;
      const channel = e.online && (v.sure || rand() < 0.93) ? "online" : "paper";
      if (channel === "paper" && v.open) continue;
      const y = rand();
      const choice: VoteChoice = y < lean ? "agree" : y < lean + (1 - lean) * 0.7 ? "oppose" : "abstain";
      const at = v.opens + Math.floor(rand() * (end - v.opens));
      for (const [i, g] of group.entries()) {
        const slot = salt ? sha256Hex(`${salt}:${g.id}`) : hex(rand, 64);
        const receipt = v.open ? sha256Hex(`receipt:${hex(rand, 12).toUpperCase()}`) : hex(rand, 64);
        const cast: Cast = { e: g, at, channel, choice, receipt, slot };
        casts.push(cast);
        // One paper ballot, entered for the owner's first dwelling, counts for all of them.
        if (channel === "paper" && i === 0) papers.add(cast);
      }
    }
    casts.sort((a, b) => a.at - b.at || a.e.id - b.e.id);
    for (const b of casts) {
      W.casts.add(id, b.e.id, b.channel, iso(b.at));
      W.choices.add(id, b.slot, b.choice, b.receipt);
      if (rand() < 0.05) W.history.add(id, b.slot, hex(rand, 24), b.choice === "agree" ? "oppose" : "agree", hex(rand, 64));
      W.history.add(id, b.slot, hex(rand, 24), b.choice, b.receipt);
      if (papers.has(b)) {
        const confirmer = v.lead && v.lead !== v.coord ? v.lead : c.community.staff;
        const paperId = ++ids.paper;
        W.paper.add(paperId, id, b.e.id, secret ? null : b.choice, v.coord, iso(b.at - HOUR), confirmer, iso(b.at), "confirmed");
        audit(b.at - HOUR, v.coord, "vote.paper_enter", "vote", id, c.id, null, `{"paperId":${paperId}}`);
        audit(b.at, confirmer, "vote.paper_confirm", "vote", id, c.id, null, `{"paperId":${paperId}}`);
      }
    }
    let closed: { at: number; passed: boolean; result: string } | null = null;
    let chainHead: string | null = null;
    let resultJson: string | null = null;
    if (!v.open) {
      const counted: CountedBallot[] = casts.map((b, i) => ({ electorKey: b.e.key, choice: b.choice, seq: i }));
      const result = tally({ rule, electors: electors.map((e) => ({ key: e.key, ownerKey: e.ownerKey, areaCenti: e.area })), ballots: counted, quorumPercent: quorum });
      const chain = buildChain(id, casts.map((b) => ({ receiptHash: b.receipt, choice: b.choice })), sha256Hex);
      for (const e of chain) W.published.add(id, e.position, e.receiptHash, e.choice, e.chainHash);
      chainHead = chain.at(-1)?.chainHash ?? null;
      resultJson = JSON.stringify(result);
      const at = v.closes + 60_000 + Math.floor(rand() * 300_000);
      closed = { at, passed: result.passed, result: resultJson };
      audit(at, null, "vote.close", "vote", id, c.id, null, { passed: result.passed, failed: result.failed, ballots: chain.length });
    }
    W.votes.add(id, v.proposal, c.id, rule, per, quorum, secret, iso(v.opens), iso(v.closes), v.open ? "open" : "closed", salt, v.coord, iso(v.opens), closed ? iso(closed.at) : null, resultJson, closed ? (closed.passed ? 1 : 0) : null, chainHead);
    const castIds = new Set(casts.map((b) => b.e.id));
    const notVoted = v.open
      ? electors
          .filter((e) => !castIds.has(e.id) && e.voters.length === 1 && e.voters[0] !== null)
          .slice(0, 500)
          .map((e) => ({ id: e.voters[0] as number, phone: people.get(e.voters[0] as number)?.phone ?? "" }))
      : [];
    return { id, closed, electors: electors.length, notVoted };
  }

  interface RequestInput {
    resolution: number;
    proposal: number;
    author: number;
    topic: (typeof T.TOPICS)[number];
    closedAt: number;
    residents: { user: number }[];
    coord: number;
    someone: () => { user: number };
    /** Stop the walk once it gets there (and move quickly to get there). */
    stopAt?: "received" | "accepted" | "in_progress" | "completed";
  }

  function genRequest(c: Compound, rand: () => number, q: RequestInput) {
    const id = ++ids.request;
    const sub: Subcategory = rand() < 0.8 ? q.topic.subcategory : T.pick(rand, SUBCATEGORY_KEYS);
    const topic = T.TOPICS.find((t) => t.subcategory === sub) ?? q.topic;
    const text = T.requestText(rand, topic);
    const list = c.street.list;
    // Most follow the resolution within weeks; some come later, up to today, so every state is present.
    const from = q.closedAt + 7 * DAY;
    const created = q.stopAt ? now - 20 * DAY : Math.min(now - HOUR, rand() < 0.7 ? from + Math.floor(rand() * 20 * DAY) : from + Math.floor(rand() * Math.max(0, now - from)));
    const officeOf = (l: Level) => (l === "compound" ? c.id : l === "community" ? c.community.id : l === "street" ? c.street.id : null);
    const officeName = (l: Level, dep: number | null) => (l === "department" ? (c.street.departments.find((d) => d.id === dep)?.name ?? "") : l === "compound" ? c.name : l === "community" ? c.community.name : c.street.name);
    const staffAt = (l: Level, dep: number | null) => (l === "compound" ? q.coord : l === "community" ? c.community.staff : l === "street" ? c.street.staff : (c.street.depStaff.get(dep!) ?? null));
    const due = (l: Level, from: number, k: 0 | 1) => deadlineAfter(new Date(from), DEADLINES[l][k], NO_HOLIDAYS).getTime();
    const r = {
      level: landingLevel(sub, list) as Level,
      state: "received" as "received" | "accepted" | "in_progress" | "completed",
      dep: null as number | null,
      levelSince: created,
      acceptDue: 0,
      acceptedAt: null as number | null,
      completeDue: null as number | null,
      dueAt: null as number | null,
      firstAccepted: null as number | null,
      firstAcceptDue: null as number | null,
      completedAt: null as number | null,
      completedLevel: null as Level | null,
      result: null as string | null,
      reopened: 0,
      round: 0,
      escalations: 0,
      returns: 0,
      updated: created,
    };
    r.acceptDue = due(r.level, created, 0);
    r.dueAt = r.acceptDue;
    W.moves.add(id, "create", null, r.level, null, "received", officeName(r.level, null), null, q.coord, "coordinator", null, null, null, iso(created));
    audit(created, q.coord, "request.create", "request", id, c.id, null, { level: r.level, subcategory: sub });
    W.notifications.add(q.author, "request", q.proposal, null, q.coord, JSON.stringify({ requestId: id, title: text.title, action: "create", level: r.level }), created < now - 7 * DAY ? iso(created + DAY) : null, iso(created));
    const step = (action: string, at: number, to: { level: Level; state: typeof r.state }, extra: { reason?: string | null; result?: string | null; system?: boolean } = {}) => {
      const waitedOn = r.state === "received" ? r.acceptDue : (r.completeDue ?? r.acceptDue);
      const onTime = action === "start" || action === "reopen" ? null : at <= waitedOn ? 1 : 0;
      const fromLevel = r.level;
      const fromState = r.state;
      const fromDep = r.dep;
      const actor = extra.system ? null : action === "reopen" ? q.coord : staffAt(fromLevel, fromDep);
      const role = extra.system ? "system" : action === "reopen" ? "coordinator" : LEVEL_ROLE[fromLevel];
      const levelChanges = to.level !== r.level || action === "reopen";
      const dep = action === "dispatch" ? (list.find((x) => x.subcategory === sub)?.departmentId ?? null) : to.level === "department" ? r.dep : null;
      r.level = to.level;
      r.state = to.state;
      r.dep = dep;
      if (levelChanges && to.state === "received") {
        r.levelSince = at;
        r.acceptDue = due(to.level, at, 0);
        r.acceptedAt = null;
        r.completeDue = null;
        r.dueAt = r.acceptDue;
      }
      if (action === "accept" || action === "reopen") {
        r.acceptedAt = at;
        r.completeDue = due(to.level, at, 1);
        r.dueAt = r.completeDue;
        if (action === "reopen") Object.assign(r, { levelSince: at, reopened: 1, round: r.round + 1, completedAt: null });
        if (action === "accept" && !r.firstAccepted) Object.assign(r, { firstAccepted: at, firstAcceptDue: r.acceptDue });
      }
      if (action === "complete") Object.assign(r, { completedAt: at, completedLevel: fromLevel, result: extra.result, dueAt: null });
      if (action === "escalate" || action === "auto_escalate") r.escalations++;
      r.updated = at;
      W.moves.add(id, action, fromLevel, to.level, fromState, to.state, officeName(fromLevel, fromDep), action === "dispatch" ? dep : fromLevel === "department" ? fromDep : null, actor, role, extra.reason ?? null, action === "complete" ? extra.result : null, onTime, iso(at));
      audit(at, actor, `request.${action}`, "request", id, c.id, extra.reason ?? null, { from: fromLevel, to: to.level, state: to.state });
    };
    // The walk: escalations now and then, the clock's for what waits too long, dispatch to a department,
    // acceptance, work and completion, ratings, and once in a while a reopen after unsatisfied ratings.
    let t = created;
    const pace = q.stopAt ? 0.1 : 1;
    for (let guard = 0; guard < 12; guard++) {
      if (q.stopAt && q.stopAt !== "completed" && r.state === q.stopAt) break;
      if (r.state === "received") {
        const wait = pace * (rand() < 0.12 ? (4 + rand() * 6) * DAY : rand() * 2.5 * DAY);
        const at = t + wait;
        if (at > now) break;
        const up = UP[r.level];
        if (up && r.level !== "department" && at > r.acceptDue && rand() < 0.7 && (r.level === "compound" || r.level === "community")) {
          t = r.acceptDue + 5 * 60_000;
          if (t > now) break;
          step("auto_escalate", t, { level: up, state: "received" }, { system: true });
        } else if (up && rand() < 0.1) {
          t = at;
          step("escalate", t, { level: up, state: "received" }, { reason: T.pick(rand, T.ESCALATE_REASONS) });
        } else if (r.level === "street" && rand() < 0.6) {
          t = at;
          step("dispatch", t, { level: "department", state: "received" });
        } else {
          t = at;
          step("accept", t, { level: r.level, state: "accepted" });
        }
      } else if (r.state === "accepted") {
        const at = t + pace * rand() * 3 * DAY;
        if (at > now) break;
        t = at;
        if (rand() < 0.85) step("start", t, { level: r.level, state: "in_progress" });
        else step("complete", t, { level: r.level, state: "completed" }, { result: T.requestResult(rand, topic) });
      } else if (r.state === "in_progress") {
        const at = t + pace * (1 + rand() * (rand() < 0.2 ? 40 : 14)) * DAY;
        if (at > now) break;
        t = at;
        step("complete", t, { level: r.level, state: "completed" }, { result: T.requestResult(rand, topic) });
      } else {
        // Ratings by residents of the compound within the 14-day window.
        const raters = Math.floor(rand() * 6);
        const unhappy = !r.reopened && !q.stopAt && rand() < 0.04;
        const seen = new Set<number>();
        for (let k = 0; k < raters; k++) {
          const u = q.someone().user;
          const at = t + Math.floor(rand() * 13 * DAY);
          if (seen.has(u) || at > now) continue;
          seen.add(u);
          const z = rand();
          const rating = unhappy ? (z < 0.8 ? "unsatisfied" : "basic") : z < 0.7 ? "satisfied" : z < 0.92 ? "basic" : "unsatisfied";
          W.ratings.add(id, r.round, u, rating, iso(at), iso(at));
        }
        if (unhappy && seen.size > 0 && t + 14 * DAY < now) {
          t += 13 * DAY;
          step("reopen", t, { level: r.completedLevel ?? r.level, state: "accepted" }, { reason: "多数居民不满意，重新办理" });
          continue;
        }
        break;
      }
    }
    const budget = (5 + Math.floor(rand() * 500)) * 100_00;
    W.requests.add(
      id, q.resolution, q.proposal, c.id, c.community.id, c.street.id, text.title, text.body, markdown(text.body), categoryOf(sub), sub, budget, T.pick(rand, ["maintenance_fund", "micro_fund", "street_budget", "other"]),
      r.level, officeOf(r.level), r.level === "department" ? r.dep : null, r.state, iso(r.levelSince), iso(r.acceptDue), r.acceptedAt === null ? null : iso(r.acceptedAt), r.completeDue === null ? null : iso(r.completeDue),
      r.state === "completed" ? null : r.dueAt === null ? null : iso(r.dueAt), r.firstAccepted === null ? null : iso(r.firstAccepted), r.firstAcceptDue === null ? null : iso(r.firstAcceptDue),
      r.completedAt === null ? null : iso(r.completedAt), r.completedLevel, r.result, r.result === null ? null : markdown(r.result), r.reopened, r.round, r.escalations, r.returns, q.coord, iso(created), iso(r.updated),
    );
  }

  // ── The sidecar: what a benchmark needs to find its way in ───────────────────────────────────────────
  const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const counts: Record<string, number> = {};
  for (const t of ["places", "dwellings", "dwelling_owners", "users", "residencies", "proposals", "comments", "search_index", "follows", "notifications", "votes", "vote_electors", "vote_voters", "ballot_casts", "ballot_history", "paper_ballots", "published_ballots", "resolutions", "requests", "request_moves", "request_ratings", "audit_log"]) counts[t] = count(t);
  counts.compounds = compounds.length;
  counts.verifiedResidents = (db.prepare("select count(distinct user_id) as n from residencies where status = 'verified'").get() as { n: number }).n;
  counts.closedVotes = (db.prepare("select count(*) as n from votes where status = 'closed'").get() as { n: number }).n;
  counts.openVotes = counts.votes - counts.closedVotes;
  const requestIds: Record<string, number> = {};
  for (const row of db.prepare("select state, min(id) as id from requests where street_id = ? group by state").all(bench.street.id) as { state: string; id: number }[]) requestIds[row.state] = row.id;
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

/** The bench compound's first proposals go through every state, so each can be found there. */
const BENCH_STATES: ProposalState[] = ["published", "adopted", "adopted", "rejected", "voting", "draft", "submitted", "declined", "withdrawn", "merged", "archived", "adopted"];
