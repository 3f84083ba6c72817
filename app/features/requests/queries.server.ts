// Reading requests in bulk, through one list query: an office's inbox, what went on from it, what waits below
// it, a compound's and everyone's — filtered, in deadline order or newest first, paged by number or by id.
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Category, Database, RequestLevel, RequestStateName } from "../../../db/schema";
import { contains } from "../../../db/like";

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
 * - below: waiting at the levels below the office within its area (a street's communities and compounds);
 * - compound: every request from one compound (its page); all: every request (an administrator's overview).
 */
export type RequestScope = { kind: "office" | "passed" | "below"; office: Office } | { kind: "compound"; compoundId: number } | { kind: "all" };

/** The views of an inbox: what waits here, what went on from here (已上报), and what waits below. */
export const INBOX_VIEWS = ["here", "up", "below"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

const ABOVE: Record<RequestLevel, RequestLevel[]> = {
  compound: ["community", "street", "department"],
  community: ["street", "department"],
  street: ["department"],
  department: [],
};
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
          .where(
            "r.id",
            "in",
            db.selectFrom("request_moves as m").select("m.request_id").where("m.department_id", "=", o.id).where("m.from_level", "=", "department"),
          )
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
    case "compound":
      return db.selectFrom("requests as r").where("r.compound_id", "=", scope.compoundId);
    case "all":
      return db.selectFrom("requests as r");
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

/** What a list keeps of its scope; each absent field keeps everything. */
export interface ListFilter {
  /** "open": not completed (it has a deadline); null or absent: any state. */
  state?: RequestStateName | "open" | null;
  level?: RequestLevel | null;
  category?: Category | null;
  compoundId?: number | null;
  overdue?: boolean;
  /** Words of the title, or a request's number (编号, with or without "#"); empty or absent for none. */
  q?: string;
}

/** Which rows: by deadline (completed ones latest first) or newest first, from an offset; or by number, below a keyset id. */
export type ListPage = { order: "due" | "created"; limit: number; offset: number } | { order: "id"; limit: number; before: number | null };

function filtered(db: Db, scope: RequestScope, f: ListFilter, at: string) {
  let q = scopedTo(db, scope);
  if (f.state === "open") q = q.where("r.due_at", "is not", null);
  else if (f.state) q = q.where("r.state", "=", f.state);
  if (f.level) q = q.where("r.level", "=", f.level);
  if (f.category) q = q.where("r.category", "=", f.category);
  if (f.compoundId) q = q.where("r.compound_id", "=", f.compoundId);
  if (f.overdue) q = q.where("r.due_at", "<", at);
  const search = f.q?.trim() ?? "";
  if (search) q = q.where(matching(search));
  return q;
}

/**
 * The one list query: the rows of a page of requests in a scope, filtered; each says where the request is now
 * (its compound, and the office or department holding it) and in what state. (A caller that reads one row
 * more than it shows learns whether another page follows.)
 */
export async function requestRows(db: Db, scope: RequestScope, f: ListFilter, page: ListPage, now: Date) {
  if (emptyScope(scope)) return [];
  let q = filtered(db, scope, f, now.toISOString())
    .innerJoin("places as c", "c.id", "r.compound_id")
    .leftJoin("places as o", "o.id", "r.office_id")
    .leftJoin("departments as d", "d.id", "r.department_id")
    .select([
      "r.id",
      "r.title",
      "r.state",
      "r.level",
      "r.category",
      "r.subcategory",
      "r.due_at",
      "r.completed_at",
      "r.created_at",
      "r.compound_id",
      "c.name as compound",
      "o.name as office",
      "d.name as department",
    ]);
  if (page.order === "id") {
    if (page.before) q = q.where("r.id", "<", page.before);
    q = q.orderBy("r.id", "desc").limit(page.limit);
  } else {
    q =
      page.order === "created"
        ? q.orderBy("r.created_at", "desc").orderBy("r.id", "desc")
        : q.orderBy(f.state === "completed" ? sql`r.completed_at desc` : sql`r.due_at`).orderBy("r.id");
    q = q.limit(page.limit).offset(page.offset);
  }
  const rows = await q.execute();
  return rows.map(({ office, department, ...r }) => ({ ...r, place: r.level === "department" ? (department ?? "") : (office ?? "") }));
}

export type RequestListRow = Awaited<ReturnType<typeof requestRows>>[number];

/**
 * One page of requests in a scope, filtered, in deadline order (completed ones latest first), with the count
 * of all that match and of the scope's overdue ones.
 */
export async function listRequests(db: Db, scope: RequestScope, f: ListFilter & { page: number }, now: Date) {
  if (emptyScope(scope)) return { rows: [], total: 0, overdue: 0 };
  const at = now.toISOString();
  const search = f.q?.trim() ?? "";
  // The whole scope's overdue count; when the filter is the plain "not completed", one query counts both.
  const plain = f.state === "open" && !f.level && !f.category && !f.compoundId && !f.overdue && !search;
  const [rows, count, overdue] = await Promise.all([
    requestRows(db, scope, f, { order: "due", limit: INBOX_PAGE, offset: (f.page - 1) * INBOX_PAGE }, now),
    filtered(db, scope, f, at)
      .select((eb) => [eb.fn.countAll<number>().as("n"), sql<number>`count(*) filter (where r.due_at < ${at})`.as("late")])
      .executeTakeFirstOrThrow(),
    plain
      ? null
      : scopedTo(db, scope)
          .where("r.due_at", "<", at)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n), overdue: Number(overdue ? overdue.n : (count.late ?? 0)) };
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
    .select((eb) => [eb.fn.countAll<number>().as("n"), sql<number>`count(*) filter (where r.due_at < ${at})`.as("late")])
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

/** A compound's requests, newest first, one page at a time (PAGE + 1 rows: the last tells there is more). */
export function compoundRequests(db: Db, compoundId: number, page: number, size: number) {
  return requestRows(db, { kind: "compound", compoundId }, {}, { order: "created", limit: size + 1, offset: (page - 1) * size }, new Date(0));
}

/** The requests made from a resolution, in the order they were made. */
export function requestsOfResolution(db: Db, resolutionId: number) {
  return db
    .selectFrom("requests")
    .select(["id", "title", "level", "state", "subcategory", "due_at"])
    .where("resolution_id", "=", resolutionId)
    .orderBy("id")
    .execute();
}

/** The requests made from a proposal's resolutions, in the order they were made. */
export function requestsOfProposal(db: Db, proposalId: number) {
  return db.selectFrom("requests").select(["id", "title", "level", "state"]).where("proposal_id", "=", proposalId).orderBy("id").execute();
}

/** An office by level and id, with its name and path: a department (at its street's path), or a place. */
export async function officeRow(db: Db, level: RequestLevel, id: number) {
  if (level === "department") {
    const d = await db
      .selectFrom("departments as d")
      .innerJoin("places as p", "p.id", "d.place_id")
      .select(["d.id", "d.name", "p.path"])
      .where("d.id", "=", id)
      .executeTakeFirst();
    return d ? { ...d, kind: "department" as string } : undefined;
  }
  return db.selectFrom("places").select(["id", "name", "path", "kind"]).where("id", "=", id).executeTakeFirst();
}

/** Every street, in the order they were made (the responsibility lists are a street's). */
export function allStreets(db: Db) {
  return db.selectFrom("places").select(["id", "name"]).where("kind", "=", "street").orderBy("id").execute();
}
