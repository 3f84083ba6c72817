// Abuse limits: how many registrations, sign-ins, proposals, comments, reports and ballots one person
// (user) or one address (ip) may send in a minute. A sliding window estimated from two fixed windows, whose
// counts every app server shares (the table rate_limits).

export const LIMIT_KINDS = ["register", "signin", "proposal", "comment", "report", "ballot", "verify"] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
export type LimitScope = "user" | "ip";
export const LIMIT_WINDOW_MS = 60_000;

/**
 * Per minute; 0 means no limit. Ballots have no limit per address: a household, a kiosk at the community
 * centre or a whole compound behind one carrier's NAT share one, and a ballot needs a verified owner's
 * session anyway (and one person cannot cast twice within 3 s).
 */
export const DEFAULT_LIMITS: Record<`${LimitKind}.${LimitScope}`, number> = {
  "register.user": 0,
  "register.ip": 5,
  "signin.user": 0,
  "signin.ip": 20,
  "proposal.user": 5,
  "proposal.ip": 20,
  "comment.user": 10,
  "comment.ip": 60,
  "report.user": 10,
  "report.ip": 60,
  "ballot.user": 20,
  "ballot.ip": 0,
  // Verification codes sent to an email address or a phone, and codes tried (issue 17).
  "verify.user": 5,
  "verify.ip": 30,
};
export type Limits = typeof DEFAULT_LIMITS;

/**
 * RATE_LIMITS: "off", or changes to the defaults as "comment.user=5,ballot.ip=0". Returns null when the
 * text is not understood (the server then refuses to start).
 */
export function parseLimits(text: string | undefined): Limits | null {
  if (text === undefined || text.trim() === "") return { ...DEFAULT_LIMITS };
  if (text.trim() === "off") return Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, 0])) as Limits;
  const limits = { ...DEFAULT_LIMITS };
  for (const part of text.split(",")) {
    const m = /^\s*([a-z]+\.(?:user|ip))\s*=\s*(\d{1,6})\s*$/.exec(part);
    if (!m || !(m[1] in limits)) return null;
    limits[m[1] as keyof Limits] = Number(m[2]);
  }
  return limits;
}

/** The start of the fixed window `now` falls in (windows are counted in the database, one row per key and window). */
export function windowStart(now: number, windowMs = LIMIT_WINDOW_MS): number {
  return now - (((now % windowMs) + windowMs) % windowMs);
}

/**
 * A sliding window made of two fixed ones: the previous window's tries count in proportion to how much of it
 * still lies within the last `windowMs`. Answers how many tries the current window may hold: a try is admitted
 * while the current window's count is below it (Infinity: no limit).
 */
export function windowAllowance(previous: number, now: number, max: number, windowMs = LIMIT_WINDOW_MS): number {
  if (max <= 0) return Infinity;
  const overlap = windowMs - (now - windowStart(now, windowMs));
  return Math.ceil((max * windowMs - previous * overlap) / windowMs);
}

/**
 * How long a refused try waits (ms, at least 1): until the previous window's share has fallen far enough, or,
 * when the current window is full, until the next window, where the current one's tries weigh in turn.
 */
export function retryAfter(previous: number, current: number, now: number, max: number, windowMs = LIMIT_WINDOW_MS): number {
  const end = windowStart(now, windowMs) + windowMs;
  // Admitted at t once previous * (end - t) / windowMs + current < max.
  const at = current < max && previous > 0 ? end - ((max - current) * windowMs) / previous : end + windowMs - (max * windowMs) / Math.max(current, 1);
  return Math.max(1, Math.floor(at) + 1 - now);
}
