// The metrics of a place over a period: the facts read from the database (cached until a request changes in any
// app server, and at most a minute) and the arithmetic of app/domain/request-metrics done on them each time.
import type { Kysely } from "kysely";
import type { Category, Database } from "../../../db/schema";
import { CATEGORIES } from "~/domain/categories";
import { pathRange } from "~/domain/places";
import { metricsBySource, requestMetrics, supplyDemand } from "~/domain/request-metrics";
import { bumpGeneration, readGeneration } from "~/features/shared-state/queries.server";

type Db = Kysely<Database>;

/**
 * Called by every change to a request, in its transaction: bumps the shared generation "requests", so the
 * cached metrics of every app server know at once that they are stale.
 */
export function requestsChanged(db: Db): Promise<void> {
  return bumpGeneration(db, "requests");
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
  // Read before the facts: a change committed in between leaves the entry tagged older, so it is read again.
  const generation = await readGeneration(db, "requests");
  let facts = hit && hit.generation === generation && Date.now() - hit.readAt < TTL_MS ? hit.value : null;
  if (!facts) {
    facts = await readFacts(db, place, period);
    if (cache.size > 500) cache.clear();
    cache.set(key, { generation, readAt: Date.now(), value: facts });
  }
  return {
    ...requestMetrics(facts.facts, facts.counts, now.toISOString()),
    ratings: facts.counts,
    escalations: facts.escalations,
    returns: facts.returns,
    supply: supplyDemand(facts.facts, facts.byCategory, CATEGORIES),
    bySource: metricsBySource(facts.facts, facts.countsBySource, now.toISOString()),
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
      .select(["category", "created_at", "first_accepted_at", "first_accept_due", "accept_due", "completed_at", "escalations", "returns", "source"])
      .where(column, "=", place.id)
      // A report merged into another is counted once, as the one it was merged into.
      .where("merged_into", "is", null)
      .where("created_at", ">=", period.from)
      .where("created_at", "<", period.to)
      .execute(),
    db
      .selectFrom("request_ratings as g")
      // Every round's ratings: a reopened request keeps the 不满意 that reopened it.
      .innerJoin("requests as r", "r.id", "g.request_id")
      .select(["g.rating", "r.source", (eb) => eb.fn.countAll<number>().as("n")])
      .where(`r.${column}`, "=", place.id)
      .where("r.merged_into", "is", null)
      .where("r.created_at", ">=", period.from)
      .where("r.created_at", "<", period.to)
      .groupBy(["g.rating", "r.source"])
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
  const countsBySource = { resolution: { ...counts }, report: { ...counts } };
  for (const r of ratings) {
    counts[r.rating] += Number(r.n);
    countsBySource[r.source][r.rating] += Number(r.n);
  }
  // The deadline the response is measured against: the one frozen at the first accept (or when the clock
  // escalated it unanswered); for one nobody has accepted yet, the deadline of the level holding it now.
  const facts = requests.map((r) => ({
    category: r.category,
    receivedAt: r.created_at,
    acceptedAt: r.first_accepted_at,
    acceptDeadline: r.first_accept_due ?? r.accept_due,
    completedAt: r.completed_at,
    source: r.source,
  }));
  const byCategory: Partial<Record<Category, number>> = {};
  for (const p of proposals) byCategory[p.category] = Number(p.n);
  return {
    facts,
    counts,
    countsBySource,
    byCategory,
    escalations: requests.reduce((n, r) => n + r.escalations, 0),
    returns: requests.reduce((n, r) => n + r.returns, 0),
  };
}

export type PlaceMetrics = Awaited<ReturnType<typeof placeMetrics>>;
