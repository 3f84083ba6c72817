// What a service request (项目) is about, how it is paid for, and the default responsibility list that a
// street starts from before an administrator changes it. Pure and client-safe.
import { FUNDING, type Category, type RequestSubcategory } from "./words";

export { FUNDING };
import type { Level, Responsibility } from "./request-flow";

/** Sub-categories of the needs categories, each under one of the six (DESIGN §1, §4.5). */
export const SUBCATEGORIES = {
  elevator: "housing", // 加装电梯
  repair: "housing", // 维修
  parking: "housing", // 停车
  security: "safety", // 安防
  garbage: "environment", // 垃圾分类
  greening: "environment", // 绿化
  elderly: "social", // 养老
  jobs: "employment", // 就业
  other: "selfgov", // 其他
} as const satisfies Record<RequestSubcategory, Category>;

export type Subcategory = keyof typeof SUBCATEGORIES;
export const SUBCATEGORY_KEYS = Object.keys(SUBCATEGORIES) as Subcategory[];

export function isSubcategory(value: unknown): value is Subcategory {
  return typeof value === "string" && value in SUBCATEGORIES;
}

export function categoryOf(sub: Subcategory): Category {
  return SUBCATEGORIES[sub];
}

/** The sub-category a new request of this needs category starts with (every category has at least one). */
export function firstSubcategoryOf(category: Category): Subcategory {
  return SUBCATEGORY_KEYS.find((s) => SUBCATEGORIES[s] === category) ?? "other";
}

export type Funding = (typeof FUNDING)[number];

export const OFFICE_LEVELS = ["compound", "community", "street"] as const satisfies readonly Level[];
export type OfficeLevel = (typeof OFFICE_LEVELS)[number];

/** Where a street's work lands before its administrator says otherwise. */
export const DEFAULT_OWNERS: Record<Subcategory, OfficeLevel> = {
  elevator: "community",
  repair: "compound",
  parking: "compound",
  security: "community",
  garbage: "compound",
  greening: "community",
  elderly: "community",
  jobs: "street",
  other: "community",
};

/** A street's whole list: its stored rows over the defaults, one row for every sub-category. */
/** A row of the full list: its sub-category is one of ours, so a page can name it. */
export type ListedResponsibility = Responsibility & { subcategory: Subcategory };

export function fullList(stored: readonly Responsibility[]): ListedResponsibility[] {
  return SUBCATEGORY_KEYS.map((s) => {
    const r = stored.find((x) => x.subcategory === s);
    return r ? { ...r, subcategory: s } : { subcategory: s, level: DEFAULT_OWNERS[s], departmentId: null };
  });
}

/** Working days each level has to accept a request and, once accepted, to complete it. */
export interface LevelDeadline {
  level: Level;
  acceptDays: number;
  completeDays: number;
}

export const DEFAULT_DEADLINES: readonly LevelDeadline[] = [
  { level: "compound", acceptDays: 2, completeDays: 10 },
  { level: "community", acceptDays: 3, completeDays: 15 },
  { level: "street", acceptDays: 3, completeDays: 20 },
  { level: "department", acceptDays: 3, completeDays: 20 },
];

/** Ratings of a completed request; reopening needs more than half 不满意. */
export const RATINGS = ["satisfied", "basic", "unsatisfied"] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_DAYS = 14;

export function mayReopen(counts: Record<Rating, number>): boolean {
  const total = counts.satisfied + counts.basic + counts.unsatisfied;
  return total > 0 && counts.unsatisfied * 2 > total;
}

/** A request is overdue when it waits past the deadline of the step it is at. */
export function isOverdue(r: { state: string; accept_due: string; complete_due: string | null }, at: string): boolean {
  if (r.state === "received") return at > r.accept_due;
  if (r.state === "accepted" || r.state === "in_progress") return r.complete_due !== null && at > r.complete_due;
  return false;
}
