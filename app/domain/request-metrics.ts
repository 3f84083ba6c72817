// Metrics of service requests (DESIGN §4.5), pure: rates as exact fractions, medians of durations, and
// demand against supply by the six needs categories.
import type { Category } from "../../db/schema";

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
  /** Percent with one decimal, rounded down; null when there is nothing to divide by. */
  percent: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, percent: denominator > 0 ? Math.floor((numerator * 1000) / denominator) / 10 : null };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const days = (from: string, to: string) => Math.round(((Date.parse(to) - Date.parse(from)) / 86_400_000) * 10) / 10;

export function requestMetrics(requests: readonly RequestFacts[], ratings: { satisfied: number; basic: number; unsatisfied: number }) {
  const received = requests.length;
  const onTime = requests.filter((r) => r.acceptedAt !== null && r.acceptedAt <= r.acceptDeadline).length;
  const completed = requests.filter((r) => r.completedAt !== null);
  const rated = ratings.satisfied + ratings.basic + ratings.unsatisfied;
  return {
    received,
    responseRate: rate(onTime, received),
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
