// Reading requests in bulk: lists in a scope — an office's inbox, what went on from it, what waits below it, a
// place's or everyone's (one page at a time, in deadline order) — and the metrics of a place over a period
// (cached until a request changes, and at most a minute).
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Category, Database, RequestLevel, RequestStateName } from "../../../db/schema";
import { contains } from "../../../db/like";
import { CATEGORIES } from "~/domain/categories";
import { pathRange } from "~/domain/places";
import { requestMetrics, supplyDemand } from "~/domain/request-metrics";
import { requestGeneration } from "~/features/requests/commands.server";

type Db = Kysely<Database>;

export interface Office {
  level: RequestLevel;
  /** The compound, community or street; for a department, its id. */
  id: number;
}

export interface InboxFilter {
  state: RequestStateName | "open";
  category: Category | null;
  compoundId: number | null;
  overdue: boolean;
  page: number;
  /** Words of the title, or a request's number (编号, with or without "#"); empty or absent for none. */
  q?: string;
}

export const INBOX_PAGE = 30;

/**
 * Where a list of requests is drawn from. Every scope is a place's or a department's, so a list never reaches
 * beyond what the office (or the place) is responsible for.
 * - office: waiting at the office now (its inbox);
 * - passed: were at the office and have gone on — escalated up, dispatched, or sent back — wherever they are
 *   now and in whatever state (已上报);
 * - below: waiting at the levels below the office within its area (a street's communities and compounds).
 */
export type RequestScope = { kind: "office" | "passed" | "below"; office: Office };

/** The views of an inbox: what waits here, what went on from here (已上报), and what waits below. */
export const INBOX_VIEWS = ["here", "up", "below"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

const ABOVE: Record<RequestLevel, RequestLevel[]> = { compound: ["community", "street", "department"], community: ["street", "department"], street: ["department"], department: [] };
const BELOW: Record<RequestLevel, RequestLevel[]> = { compound: [], community: ["compound"], street: ["community", "compound"], department: [] };

/** The views an office has: every office its own and what went on from it; a community or street what waits below. */
export function viewsOf(level: RequestLevel): InboxView[] {
  return BELOW[level].length ? ["here", "up", "below"] : ["here", "up"];
}

export function scopeOf(office: Office, view: InboxView): RequestScope {
  return { kind: view === "here" ? "office" : view === "up" ? "passed" : "below", office };
}

function scoped(db: Db, office: Office) {
  let q = db.selectFrom("requests as r").where("r.level", "=", office.level);
  if (office.level === "department") q = q.where("r.department_id", "=", office.id);
  // A coordinator may hold the compound level for one compound or for every compound of a community.
  else if (office.level === "compound") q = q.where((eb) => eb.or([eb("r.office_id", "=", office.id), eb("r.community_id", "=", office.id)]));
  else q = q.where("r.office_id", "=", office.id);
  return q;
}

/** The requests from an office's area (a place office: its compounds; a coordinator's may be a community). */
function inArea(db: Db, office: Office) {
  const q = db.selectFrom("requests as r");
  if (office.level === "compound") return q.where((eb) => eb.or([eb("r.compound_id", "=", office.id), eb("r.community_id", "=", office.id)]));
  if (office.level === "community") return q.where("r.community_id", "=", office.id);
  return q.where("r.street_id", "=", office.id);
}

/** A scope that holds nothing by its kind (below a compound or a department): no query needed. */
function emptyScope(scope: RequestScope): boolean {
  return scope.kind === "below" && BELOW[scope.office.level].length === 0;
}

function scopedTo(db: Db, scope: RequestScope) {
  switch (scope.kind) {
    case "office":
      return scoped(db, scope.office);
    case "passed": {
      const o = scope.office;
      if (o.level === "department") {
        // What this department sent back (or had taken from it) and no longer holds.
        return db
          .selectFrom("requests as r")
          .where("r.id", "in", db.selectFrom("request_moves as m").select("m.request_id").where("m.department_id", "=", o.id).where("m.from_level", "=", "department"))
          .where((eb) => eb.or([eb("r.level", "!=", "department"), eb("r.department_id", "!=", o.id)]));
      }
      // Now above this level, and once moved on from it: escalated by this office, or passed through it.
      return inArea(db, o)
        .where("r.level", "in", ABOVE[o.level])
        .where((eb) => eb.exists(eb.selectFrom("request_moves as m").select("m.id").whereRef("m.request_id", "=", "r.id").where("m.from_level", "=", o.level)));
    }
    case "below": {
      const o = scope.office;
      // (An empty scope is answered without a query; this clause only keeps the statement valid.)
      return BELOW[o.level].length ? inArea(db, o).where("r.level", "in", BELOW[o.level]) : db.selectFrom("requests as r").where("r.id", "<", 0);
    }
  }
}


/** A search by title or number: "#12" or "12" also finds request 12. */
function matching(q: string) {
  const text = q.trim();
  const number = /^#?(\d{1,15})$/.exec(text);
  const id = number ? Number(number[1]) : null;
  return (eb: ExpressionBuilder<Database & { r: Database["requests"] }, "r">) =>
    eb.or([...(id !== null && Number.isSafeInteger(id) ? [eb("r.id", "=", id)] : []), contains("r.title", text)]);
}

/**
 * One page of requests in a scope, filtered, in deadline order (completed ones latest first), with the count
 * of all that match and of the scope's overdue ones. Each row says where the request is now and in what state.
 */
export async function listRequests(db: Db, scope: RequestScope, f: InboxFilter, now: Date) {
  if (emptyScope(scope)) return { rows: [], total: 0, overdue: 0 };
  const at = now.toISOString();
  let q = scopedTo(db, scope);
  q = f.state === "open" ? q.where("r.due_at", "is not", null) : q.where("r.state", "=", f.state);
  if (f.category) q = q.where("r.category", "=", f.category);
  if (f.compoundId) q = q.where("r.compound_id", "=", f.compoundId);
  if (f.overdue) q = q.where("r.due_at", "<", at);
  const search = f.q?.trim() ?? "";
  if (search) q = q.where(matching(search));
  // The whole scope's overdue count; when the filter is the plain "not completed", one query counts both.
  const plain = f.state === "open" && !f.category && !f.compoundId && !f.overdue && !search;
  const [rows, count, overdue] = await Promise.all([
    q
      .innerJoin("places as c", "c.id", "r.compound_id")
      .leftJoin("places as o", "o.id", "r.office_id")
      .leftJoin("departments as d", "d.id", "r.department_id")
      .select(["r.id", "r.title", "r.state", "r.level", "r.category", "r.subcategory", "r.due_at", "r.completed_at", "r.compound_id", "c.name as compound", "o.name as office", "d.name as department"])
      .orderBy(f.state === "completed" ? sql`r.completed_at desc` : sql`r.due_at`)
      .orderBy("r.id")
      .limit(INBOX_PAGE)
      .offset((f.page - 1) * INBOX_PAGE)
      .execute(),
    q.select((eb) => [eb.fn.countAll<number>().as("n"), sql<number>`sum(r.due_at < ${at})`.as("late")]).executeTakeFirstOrThrow(),
    plain ? null : scopedTo(db, scope).where("r.due_at", "<", at).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map(({ office, department, ...r }) => ({ ...r, place: r.level === "department" ? (department ?? "") : (office ?? "") })),
    total: Number(count.n),
    overdue: Number(overdue ? overdue.n : (count.late ?? 0)),
  };
}

/** An office's inbox: what waits at it. */
export function inbox(db: Db, office: Office, f: InboxFilter, now: Date) {
  return listRequests(db, { kind: "office", office }, f, now);
}

/** How many requests wait at an office and how many of them are overdue: the inbox's plain count, no rows. */
export async function inboxCount(db: Db, office: Office, now: Date) {
  const at = now.toISOString();
  const c = await scoped(db, office)
    .where("r.due_at", "is not", null)
    .select((eb) => [eb.fn.countAll<number>().as("n"), sql<number>`sum(r.due_at < ${at})`.as("late")])
    .executeTakeFirstOrThrow();
  return { total: Number(c.n), overdue: Number(c.late ?? 0) };
}

/**
 * The compounds a list can filter by: those with requests open in its scope (a street of 150 compounds lists
 * the few that have work there, not all 150), and the one filtered by now. An office stands for its inbox.
 */
export async function compoundsOf(db: Db, scope: Office | RequestScope, selected: number | null) {
  const s: RequestScope = "kind" in scope ? scope : { kind: "office", office: scope };
  const rows = emptyScope(s)
    ? []
    : await scopedTo(db, s).where("r.due_at", "is not", null).innerJoin("places as c", "c.id", "r.compound_id").select(["c.id", "c.name"]).distinct().execute();
  if (selected && !rows.some((r) => r.id === selected)) {
    const c = await db.selectFrom("places").select(["id", "name"]).where("id", "=", selected).where("kind", "=", "compound").executeTakeFirst();
    if (c) rows.push(c);
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

export interface Period {
  from: string;
  to: string;
}

const cache = new Map<string, { generation: number; readAt: number; value: Awaited<ReturnType<typeof readFacts>> }>();
const TTL_MS = 60_000;

/**
 * Metrics of the requests from a compound, community or street's compounds received within the period, as
 * they stand at `now` (a request still within its accept deadline is pending, not late). What is read from
 * the database is cached until a request changes, and at most a minute; the arithmetic is done each time.
 */
export async function placeMetrics(db: Db, place: { id: number; kind: string; path: string }, period: Period, now: Date) {
  const key = `${place.id}|${period.from}|${period.to}`;
  const hit = cache.get(key);
  let facts = hit && hit.generation === requestGeneration() && Date.now() - hit.readAt < TTL_MS ? hit.value : null;
  if (!facts) {
    facts = await readFacts(db, place, period);
    if (cache.size > 500) cache.clear();
    cache.set(key, { generation: requestGeneration(), readAt: Date.now(), value: facts });
  }
  return {
    ...requestMetrics(facts.facts, facts.counts, now.toISOString()),
    ratings: facts.counts,
    escalations: facts.escalations,
    returns: facts.returns,
    supply: supplyDemand(facts.facts, facts.byCategory, CATEGORIES),
  };
}

const COLUMN = { compound: "compound_id", community: "community_id", street: "street_id" } as const;

async function readFacts(db: Db, place: { id: number; kind: string; path: string }, period: Period) {
  const column = COLUMN[place.kind as keyof typeof COLUMN];
  const [from, to] = pathRange(place.path);
  if (!column) throw new Error(`no metrics for a ${place.kind}`);
  const [requests, ratings, proposals] = await Promise.all([
    db
      .selectFrom("requests")
      .select(["category", "created_at", "first_accepted_at", "first_accept_due", "accept_due", "completed_at", "escalations", "returns"])
      .where(column, "=", place.id)
      .where("created_at", ">=", period.from)
      .where("created_at", "<", period.to)
      .execute(),
    db
      .selectFrom("request_ratings as g")
      // Every round's ratings: a reopened request keeps the 不满意 that reopened it.
      .innerJoin("requests as r", "r.id", "g.request_id")
      .select(["g.rating", (eb) => eb.fn.countAll<number>().as("n")])
      .where(`r.${column}`, "=", place.id)
      .where("r.created_at", ">=", period.from)
      .where("r.created_at", "<", period.to)
      .groupBy("g.rating")
      .execute(),
    db
      .selectFrom("proposals as p")
      .select(["p.category", (eb) => eb.fn.countAll<number>().as("n")])
      .where("p.compound_id", "in", db.selectFrom("places").select("id").where("path", ">=", from).where("path", "<", to).where("kind", "=", "compound"))
      .where("p.state", "not in", ["draft", "submitted", "declined", "withdrawn"])
      .where("p.created_at", ">=", period.from)
      .where("p.created_at", "<", period.to)
      .groupBy("p.category")
      .execute(),
  ]);
  const counts = { satisfied: 0, basic: 0, unsatisfied: 0 };
  for (const r of ratings) counts[r.rating] = Number(r.n);
  // The deadline the response is measured against: the one frozen at the first accept (or when the clock
  // escalated it unanswered); for one nobody has accepted yet, the deadline of the level holding it now.
  const facts = requests.map((r) => ({ category: r.category, receivedAt: r.created_at, acceptedAt: r.first_accepted_at, acceptDeadline: r.first_accept_due ?? r.accept_due, completedAt: r.completed_at }));
  const byCategory: Partial<Record<Category, number>> = {};
  for (const p of proposals) byCategory[p.category] = Number(p.n);
  return {
    facts,
    counts,
    byCategory,
    escalations: requests.reduce((n, r) => n + r.escalations, 0),
    returns: requests.reduce((n, r) => n + r.returns, 0),
  };
}

export type PlaceMetrics = Awaited<ReturnType<typeof placeMetrics>>;

/** A compound's requests, newest first, one page at a time (PAGE + 1 rows: the last tells there is more). */
export function compoundRequests(db: Db, compoundId: number, page: number, size: number) {
  return db
    .selectFrom("requests as r")
    .select(["r.id", "r.title", "r.level", "r.state", "r.created_at"])
    .where("r.compound_id", "=", compoundId)
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
}

export interface OverviewFilter {
  state: RequestStateName | null;
  level: RequestLevel | null;
  category: Category | null;
  /** Keyset: the requests older than this id. */
  before: number | null;
}

/** Every request of the deployment (an administrator's overview), newest first, filtered. */
export function requestOverview(db: Db, f: OverviewFilter, limit: number) {
  let q = db
    .selectFrom("requests as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .select(["r.id", "r.title", "r.level", "r.state", "r.category", "r.due_at", "r.created_at", "c.name as compound"]);
  if (f.state) q = q.where("r.state", "=", f.state);
  if (f.level) q = q.where("r.level", "=", f.level);
  if (f.category) q = q.where("r.category", "=", f.category);
  if (f.before) q = q.where("r.id", "<", f.before);
  return q.orderBy("r.id", "desc").limit(limit).execute();
}
