// Metrics of service requests (DESIGN §4.5), pure: rates as exact fractions, medians of durations, and
// demand against supply by the six needs categories.
import type { Category } from "./words";
import { percentOf } from "./percent";

export interface RequestFacts {
  category: Category;
  receivedAt: string;
  /** When the level that first received it accepted it (null: never). */
  acceptedAt: string | null;
  acceptDeadline: string;
  completedAt: string | null;
}

export interface Rate {
  numerator: number;
  denominator: number;
  /** Percent with one decimal, rounded half up (2/3 → 66.7); null when there is nothing to divide by. */
  percent: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, percent: percentOf(numerator, denominator) };
}

/**
 * Whether a request counts for the response rate at `now`: accepted (on time or late), or still unaccepted
 * past its accept deadline (late). One not yet accepted whose deadline has not passed is pending: neither
 * responded nor late, so it stays out of the denominator until it is one or the other.
 */
export function responseDecided(r: Pick<RequestFacts, "acceptedAt" | "acceptDeadline">, now: string): boolean {
  return r.acceptedAt !== null || r.acceptDeadline < now;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const days = (from: string, to: string) => Math.round(((Date.parse(to) - Date.parse(from)) / 86_400_000) * 10) / 10;

/** The metrics of requests as they stand at `now` (an ISO instant): the response rate leaves pending ones out. */
export function requestMetrics(requests: readonly RequestFacts[], ratings: { satisfied: number; basic: number; unsatisfied: number }, now: string) {
  const received = requests.length;
  const decided = requests.filter((r) => responseDecided(r, now));
  const onTime = decided.filter((r) => r.acceptedAt !== null && r.acceptedAt <= r.acceptDeadline).length;
  const completed = requests.filter((r) => r.completedAt !== null);
  const rated = ratings.satisfied + ratings.basic + ratings.unsatisfied;
  return {
    received,
    responseRate: rate(onTime, decided.length),
    /** Not yet accepted and still within the accept deadline: left out of the response rate. */
    pending: received - decided.length,
    resolutionRate: rate(completed.length, received),
    satisfactionRate: rate(ratings.satisfied + ratings.basic, rated),
    medianDaysToAccept: median(requests.filter((r) => r.acceptedAt).map((r) => days(r.receivedAt, r.acceptedAt!))),
    medianDaysToComplete: median(completed.map((r) => days(r.receivedAt, r.completedAt!))),
  };
}

/** 供需: demand (requests and proposals) against supply (completed requests), by needs category. */
export function supplyDemand(requests: readonly RequestFacts[], proposalsByCategory: Partial<Record<Category, number>>, categories: readonly Category[]) {
  return categories.map((c) => {
    const mine = requests.filter((r) => r.category === c);
    return { category: c, demand: mine.length + (proposalsByCategory[c] ?? 0), supply: mine.filter((r) => r.completedAt !== null).length };
  });
}

/** Where a request came from: a resolution after a vote, or a resident's direct report (随手拍). */
export type RequestSource = "resolution" | "report";
export const REQUEST_SOURCES = ["resolution", "report"] as const satisfies readonly RequestSource[];

type Ratings = { satisfied: number; basic: number; unsatisfied: number };

/**
 * The same metrics for each origin apart and for both together (issue 17 · 4). "together" is exactly
 * requestMetrics over every request and every rating, so the existing numbers do not change.
 */
export function metricsBySource(requests: readonly (RequestFacts & { source: RequestSource })[], ratings: Record<RequestSource, Ratings>, now: string) {
  const sum = (a: Ratings, b: Ratings): Ratings => ({
    satisfied: a.satisfied + b.satisfied,
    basic: a.basic + b.basic,
    unsatisfied: a.unsatisfied + b.unsatisfied,
  });
  return {
    resolution: requestMetrics(
      requests.filter((r) => r.source === "resolution"),
      ratings.resolution,
      now,
    ),
    report: requestMetrics(
      requests.filter((r) => r.source === "report"),
      ratings.report,
      now,
    ),
    all: requestMetrics(requests, sum(ratings.resolution, ratings.report), now),
  };
}
