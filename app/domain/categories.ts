import type { Category, ReportReason, Stance } from "../../db/schema";

/** The six needs of DESIGN §1: 就业, 居住, 安全, 环境, 交往, 自治. */
export const CATEGORIES = ["employment", "housing", "safety", "environment", "social", "selfgov"] as const satisfies readonly Category[];
export const STANCES = ["for", "against", "neutral"] as const satisfies readonly Stance[];
export const REPORT_REASONS = ["spam", "abuse", "offtopic", "personal"] as const satisfies readonly ReportReason[];

export const LIMITS = { title: 80, body: 20_000, comment: 5_000, reason: 200, minutes: 20_000 } as const;
