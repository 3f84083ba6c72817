// The generator's parts shared by its modules: the scales, the bulk writer, the ids and helpers, the sidecar's shape.
import { createHash } from "node:crypto";
import SQLite from "better-sqlite3";
import type { Level, Responsibility } from "../../app/domain/request-flow";
import { DEFAULT_DEADLINES } from "../../app/domain/request-kinds";
import { DEMO_ACCOUNTS } from "./demo-data";
import type { ProposalState } from "../schema";

export type Scale = "demo" | "street" | "district";
export const SCALES: readonly Scale[] = ["demo", "street", "district"];

export interface ScaleSpec {
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
export const SPECS: Record<Scale, ScaleSpec> = {
  district: {
    streets: 20,
    compoundsPerStreet: 150,
    communitiesPerStreet: 9,
    openVotes: 50,
    proposalsPerDwelling: 0.1,
    votedShare: 0.2,
    commentsPerProposal: 22.5,
    requestsPerResolution: 13,
  },
  street: {
    streets: 1,
    compoundsPerStreet: 150,
    communitiesPerStreet: 9,
    openVotes: 3,
    proposalsPerDwelling: 0.1,
    votedShare: 0.2,
    commentsPerProposal: 22.5,
    requestsPerResolution: 13,
  },
  demo: {
    streets: 1,
    compoundsPerStreet: 4,
    communitiesPerStreet: 2,
    openVotes: 2,
    proposalsPerDwelling: 0.25,
    votedShare: 0.3,
    commentsPerProposal: 8,
    requestsPerResolution: 4,
  },
};

export const SEED = 20261126;
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const NO_HOLIDAYS = { holidays: new Set<string>(), makeupWorkdays: new Set<string>() };
/** The deadlines the migration writes into level_deadlines (accept, complete), in working days. */
/** Working days to accept and to complete at each level: the services' defaults (app/domain/request-kinds). */
export const DEADLINES = Object.fromEntries(DEFAULT_DEADLINES.map((d) => [d.level, [d.acceptDays, d.completeDays]])) as Record<Level, [number, number]>;

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
export const iso = (ms: number) => new Date(ms).toISOString();

/** Random hex from the seeded PRNG (a slot or receipt hash of a closed vote: indistinguishable from SHA-256). */
export const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
export function hex(rand: () => number, chars: number): string {
  let s = "";
  for (let i = 0; i < chars; i += 8) {
    const x = (rand() * 4294967296) >>> 0;
    s += HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
  }
  return s.length === chars ? s : s.slice(0, chars);
}

/** The n-th generated mobile number: a bijection of n onto 8 digits, so numbers never repeat. */
export const PREFIXES = ["135", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188", "177"];
export function phoneOf(n: number): string {
  const rest = (n * 48271 + 1234567) % 100_000_000;
  return PREFIXES[(n * 7 + (n >>> 5)) % PREFIXES.length] + String(rest).padStart(8, "0");
}

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** What renderMarkdown gives for one line of plain text (the generated comments have no Markdown). */
export const paragraphHtml = (text: string) => `<p>${escapeHtml(text)}</p>\n`;

/** Rows buffered and written many to a statement. */
export class Bulk {
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

export interface Place {
  id: number;
  name: string;
  path: string;
}
export interface Compound extends Place {
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

/** The bulk writers, one per table the generator fills. */
export function writers(db: SQLite.Database) {
  return {
    places: new Bulk(db, "places", ["id", "kind", "name", "parent_id", "path", "created_at"]),
    departments: new Bulk(db, "departments", ["id", "place_id", "name", "created_at"]),
    responsibilities: new Bulk(db, "responsibilities", ["street_id", "subcategory", "level", "department_id", "updated_at"]),
    dwellings: new Bulk(db, "dwellings", ["id", "building_id", "compound_id", "unit", "room", "area_centi", "created_at"]),
    owners: new Bulk(db, "dwelling_owners", ["dwelling_id", "name", "phone", "created_at"]),
    users: new Bulk(db, "users", ["id", "phone", "name", "password_hash", "locale", "created_at"]),
    grants: new Bulk(db, "role_grants", ["user_id", "role", "place_id", "department_id", "granted_by", "granted_at"]),
    residencies: new Bulk(db, "residencies", [
      "user_id",
      "dwelling_id",
      "compound_id",
      "relation",
      "status",
      "method",
      "note",
      "decided_by",
      "decided_at",
      "created_at",
    ]),
    audit: new Bulk(db, "audit_log", ["at", "actor_id", "action", "entity_type", "entity_id", "place_id", "reason", "data"]),
    proposals: new Bulk(db, "proposals", [
      "id",
      "compound_id",
      "author_id",
      "title",
      "body_md",
      "body_html",
      "category",
      "state",
      "state_reason",
      "merged_into_id",
      "locked",
      "hidden_reason",
      "cosponsor_count",
      "comment_count",
      "created_at",
      "updated_at",
      "last_activity_at",
    ]),
    cosponsors: new Bulk(db, "cosponsors", ["proposal_id", "user_id", "dwelling_id", "created_at"]),
    follows: new Bulk(db, "follows", ["user_id", "proposal_id", "created_at"]),
    comments: new Bulk(db, "comments", [
      "id",
      "proposal_id",
      "author_id",
      "parent_id",
      "stance",
      "body_md",
      "body_html",
      "official",
      "hidden_reason",
      "created_at",
    ]),
    minutes: new Bulk(db, "minutes", ["proposal_id", "kind", "meeting_date", "meeting_place", "attendance", "body_md", "body_html", "author_id", "created_at"]),
    reports: new Bulk(db, "reports", ["compound_id", "proposal_id", "comment_id", "reporter_id", "reason", "note", "status", "created_at"]),
    notifications: new Bulk(db, "notifications", ["user_id", "kind", "proposal_id", "comment_id", "actor_id", "data", "read_at", "created_at"]),
    search: new Bulk(db, "search_index", ["rowid", "text", "scope", "doc_type", "doc_id", "compound_id", "proposal_id"]),
    votes: new Bulk(db, "votes", [
      "id",
      "proposal_id",
      "compound_id",
      "rule",
      "per",
      "quorum_percent",
      "secret",
      "opens_at",
      "closes_at",
      "status",
      "slot_salt",
      "opened_by",
      "created_at",
      "closed_at",
      "result",
      "passed",
      "chain_head",
    ]),
    electors: new Bulk(db, "vote_electors", ["id", "vote_id", "key", "owner_key", "area_centi", "dwelling_id", "building_id", "label"]),
    voters: new Bulk(db, "vote_voters", ["vote_id", "elector_id", "user_id", "phone"]),
    casts: new Bulk(db, "ballot_casts", ["vote_id", "elector_id", "channel", "cast_at"]),
    choices: new Bulk(db, "ballot_choices", ["vote_id", "slot", "choice", "receipt_hash"]),
    history: new Bulk(db, "ballot_history", ["vote_id", "slot", "id", "choice", "receipt_hash"]),
    paper: new Bulk(db, "paper_ballots", ["id", "vote_id", "elector_id", "choice", "entered_by", "entered_at", "confirmed_by", "confirmed_at", "status"]),
    published: new Bulk(db, "published_ballots", ["vote_id", "position", "receipt_hash", "choice", "chain_hash"]),
    resolutions: new Bulk(db, "resolutions", [
      "id",
      "proposal_id",
      "vote_id",
      "compound_id",
      "year",
      "seq",
      "number",
      "title",
      "tally",
      "notice_starts",
      "notice_ends",
      "created_at",
    ]),
    requests: new Bulk(db, "requests", [
      "id",
      "resolution_id",
      "proposal_id",
      "compound_id",
      "community_id",
      "street_id",
      "title",
      "body",
      "body_html",
      "category",
      "subcategory",
      "budget_fen",
      "funding",
      "level",
      "office_id",
      "department_id",
      "state",
      "level_since",
      "accept_due",
      "accepted_at",
      "complete_due",
      "due_at",
      "first_accepted_at",
      "first_accept_due",
      "completed_at",
      "completed_level",
      "result",
      "result_html",
      "reopened",
      "round",
      "escalations",
      "returns",
      "created_by",
      "created_at",
      "updated_at",
    ]),
    moves: new Bulk(db, "request_moves", [
      "request_id",
      "action",
      "from_level",
      "to_level",
      "from_state",
      "to_state",
      "office_name",
      "department_id",
      "actor_id",
      "actor_role",
      "reason",
      "result",
      "on_time",
      "at",
    ]),
    ratings: new Bulk(db, "request_ratings", ["request_id", "round", "user_id", "rating", "created_at", "updated_at"]),
  };
}
export type Writers = ReturnType<typeof writers>;

/** The id counters (ids are assigned here, not by SQLite). */
export const newIds = () => ({
  place: 0,
  department: 0,
  paper: 0,
  dwelling: 0,
  user: 0,
  phone: 0,
  proposal: 0,
  comment: 0,
  vote: 0,
  elector: 0,
  resolution: 0,
  request: 0,
});
export type Ids = ReturnType<typeof newIds>;

/** What the generation of one compound shares with the run: the bulk writers, the id counters, the helpers. */
export interface Gen {
  W: Writers;
  ids: Ids;
  audit: (
    at: number,
    actor: number | null,
    action: string,
    type: string,
    entity: number | null,
    place: number | null,
    reason?: string | null,
    data?: unknown,
  ) => void;
  addUser: (phone: string, name: string, at: number) => number;
  addPlace: (kind: string, name: string, parent: Place | null, at: number) => Place;
  founded: number;
  people: Map<number, { name: string; phone: string }>;
  markdown: (s: string) => string;
  side: {
    proposalWithComments: { id: number; comments: number };
    openVote: Sidecar["openVote"] | null;
    closedVote: Sidecar["closedVote"] | null;
    resolutionId: number;
    buildingId: number;
  };
  openVoteAt: Set<number>;
  now: number;
  scaleSpec: ScaleSpec;
  opts: GenerateOptions;
  accounts: Sidecar["accounts"];
  bench: Compound;
}

/** The bench compound's first proposals go through every state, so each can be found there. */
export const BENCH_STATES: ProposalState[] = [
  "published",
  "adopted",
  "adopted",
  "rejected",
  "voting",
  "draft",
  "submitted",
  "declined",
  "withdrawn",
  "merged",
  "archived",
  "adopted",
];
