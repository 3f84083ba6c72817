import { CATEGORIES, REPORT_REASONS, STANCES } from "./words";

export { CATEGORIES, REPORT_REASONS, STANCES };

/** The six needs of DESIGN §1: 就业, 居住, 安全, 环境, 交往, 自治. */

export const LIMITS = { title: 80, body: 20_000, comment: 5_000, reason: 200, minutes: 20_000 } as const;
