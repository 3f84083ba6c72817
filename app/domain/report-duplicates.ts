// Direct reports (随手拍, issue 17 · 4), pure: what a report must hold, and which open requests it likely
// repeats. Two titles are alike by the overlap of their search tokens (the CJK bigrams and lower-cased words
// of app/domain/search-text): the Dice coefficient of the two token sets.
import { indexText } from "./search-text";
import type { Category } from "./words";

export const REPORT_LIMITS = { title: 80, body: 2_000, spot: 60, photos: 3 } as const;

/** How alike two titles must be (0…1) for one to be offered as the other's likely duplicate. */
export const SIMILAR = 0.4;
/** The most likely duplicates shown before a report is filed. */
export const MAX_CANDIDATES = 5;

function tokens(text: string): Set<string> {
  return new Set(indexText(text).split(" ").filter(Boolean));
}

/** 2·|A∩B| / (|A|+|B|) over the titles' tokens: 1 for the same words, 0 for nothing shared (or an empty title). */
export function titleSimilarity(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return (2 * shared) / (x.size + y.size);
}

export interface ReportDraft {
  category: Category;
  buildingId: number | null;
  spot: string | null;
  title: string;
}

export interface OpenRequest {
  id: number;
  category: Category;
  buildingId: number | null;
  spot: string | null;
  title: string;
  state: string;
  mergedInto: number | null;
}

/** Same place: the same building; without a building, a spot alike enough (the same words, roughly). */
function samePlace(d: ReportDraft, r: OpenRequest): boolean {
  if (d.buildingId !== null || r.buildingId !== null) return d.buildingId === r.buildingId;
  return titleSimilarity(d.spot ?? "", r.spot ?? "") >= SIMILAR;
}

/**
 * The open requests a new report likely repeats: same category and place, not completed nor merged, title alike;
 * most alike first (then the oldest, which has the longest history), at most MAX_CANDIDATES.
 */
export function likelyDuplicates<R extends OpenRequest>(draft: ReportDraft, open: readonly R[]): (R & { score: number })[] {
  return open
    .filter((r) => r.category === draft.category && r.state !== "completed" && r.mergedInto === null && samePlace(draft, r))
    .map((r) => ({ ...r, score: titleSimilarity(draft.title, r.title) }))
    .filter((r) => r.score >= SIMILAR)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, MAX_CANDIDATES);
}

export type MergeRefusal = "self" | "not_report" | "closed" | "other_compound" | "into_merged";

/** Whether a report may be merged into another request: both open, the same compound, no chains. */
export function mergeRefusal(
  from: { id: number; source: string; state: string; compoundId: number; mergedInto: number | null },
  into: { id: number; state: string; compoundId: number; mergedInto: number | null },
): MergeRefusal | null {
  if (from.id === into.id) return "self";
  if (from.source !== "report") return "not_report";
  if (from.compoundId !== into.compoundId) return "other_compound";
  if (into.mergedInto !== null) return "into_merged";
  if (from.state === "completed" || from.mergedInto !== null || into.state === "completed") return "closed";
  return null;
}
