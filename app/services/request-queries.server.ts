// Reading requests in bulk: the inbox of an office (one page at a time, in deadline order) and the metrics
// of a place over a period (cached until a request changes, and at most a minute).
import { type Kysely, sql } from "kysely";
import type { Category, Database, RequestLevel, RequestStateName } from "../../db/schema";
import { CATEGORIES } from "~/domain/categories";
import { pathRange } from "~/domain/places";
import { requestMetrics, supplyDemand } from "~/domain/request-metrics";
import { requestGeneration } from "./requests.server";

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
}

export const INBOX_PAGE = 30;

function scoped(db: Db, office: Office) {
  let q = db.selectFrom("requests as r").where("r.level", "=", office.level);
  if (office.level === "department") q = q.where("r.department_id", "=", office.id);
  // A coordinator may hold the compound level for one compound or for every compound of a community.
  else if (office.level === "compound") q = q.where((eb) => eb.or([eb("r.office_id", "=", office.id), eb("r.community_id", "=", office.id)]));
  else q = q.where("r.office_id", "=", office.id);
  return q;
}

export async function inbox(db: Db, office: Office, f: InboxFilter, now: Date) {
  const at = now.toISOString();
  let q = scoped(db, office);
  q = f.state === "open" ? q.where("r.due_at", "is not", null) : q.where("r.state", "=", f.state);
  if (f.category) q = q.where("r.category", "=", f.category);
  if (f.compoundId) q = q.where("r.compound_id", "=", f.compoundId);
  if (f.overdue) q = q.where("r.due_at", "<", at);
  // The whole office's overdue count; when the filter is the plain "not completed", one query counts both.
  const plain = f.state === "open" && !f.category && !f.compoundId && !f.overdue;
  const [rows, count, overdue] = await Promise.all([
    q
      .innerJoin("places as c", "c.id", "r.compound_id")
      .select(["r.id", "r.title", "r.state", "r.subcategory", "r.due_at", "r.completed_at", "c.name as compound"])
      .orderBy(f.state === "completed" ? sql`r.completed_at desc` : sql`r.due_at`)
      .orderBy("r.id")
      .limit(INBOX_PAGE)
      .offset((f.page - 1) * INBOX_PAGE)
      .execute(),
    q.select((eb) => [eb.fn.countAll<number>().as("n"), sql<number>`sum(r.due_at < ${at})`.as("late")]).executeTakeFirstOrThrow(),
    plain ? null : scoped(db, office).where("r.due_at", "<", at).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n), overdue: Number(overdue ? overdue.n : (count.late ?? 0)) };
}

/**
 * The compounds an office's inbox can filter by: those with requests waiting at it (a street of 150 compounds
 * lists the few that have work there, not all 150), and the one filtered by now.
 */
export async function compoundsOf(db: Db, office: Office, selected: number | null) {
  const rows = await scoped(db, office)
    .where("r.due_at", "is not", null)
    .innerJoin("places as c", "c.id", "r.compound_id")
    .select(["c.id", "c.name"])
    .distinct()
    .execute();
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

const cache = new Map<string, { generation: number; readAt: number; value: Awaited<ReturnType<typeof computeMetrics>> }>();
const TTL_MS = 60_000;

/** Metrics of the requests from a compound, community or street's compounds received within the period. */
export async function placeMetrics(db: Db, place: { id: number; kind: string; path: string }, period: Period) {
  const key = `${place.id}|${period.from}|${period.to}`;
  const hit = cache.get(key);
  if (hit && hit.generation === requestGeneration() && Date.now() - hit.readAt < TTL_MS) return hit.value;
  const value = await computeMetrics(db, place, period);
  if (cache.size > 500) cache.clear();
  cache.set(key, { generation: requestGeneration(), readAt: Date.now(), value });
  return value;
}

const COLUMN = { compound: "compound_id", community: "community_id", street: "street_id" } as const;

async function computeMetrics(db: Db, place: { id: number; kind: string; path: string }, period: Period) {
  const column = COLUMN[place.kind as keyof typeof COLUMN];
  const [from, to] = pathRange(place.path);
  if (!column) throw new Error(`no metrics for a ${place.kind}`);
  const [requests, ratings, proposals] = await Promise.all([
    db
      .selectFrom("requests")
      .select(["category", "created_at", "first_accepted_at", "first_accept_due", "completed_at", "escalations", "returns"])
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
  const facts = requests.map((r) => ({ category: r.category, receivedAt: r.created_at, acceptedAt: r.first_accepted_at, acceptDeadline: r.first_accept_due ?? "", completedAt: r.completed_at }));
  const byCategory: Partial<Record<Category, number>> = {};
  for (const p of proposals) byCategory[p.category] = Number(p.n);
  return {
    ...requestMetrics(facts, counts),
    ratings: counts,
    escalations: requests.reduce((n, r) => n + r.escalations, 0),
    returns: requests.reduce((n, r) => n + r.returns, 0),
    supply: supplyDemand(facts, byCategory, CATEGORIES),
  };
}

export type PlaceMetrics = Awaited<ReturnType<typeof computeMetrics>>;

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
