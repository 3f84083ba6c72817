// Abuse limits: how many registrations, sign-ins, proposals, comments, reports and ballots one person
// (user) or one address (ip) may send in a minute. A sliding window over the instants of earlier tries.

export const LIMIT_KINDS = ["register", "signin", "proposal", "comment", "report", "ballot"] as const;
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

/** One more try at `now`: admitted (and remembered), or refused with the wait until the oldest try ages out. */
export function admit(tries: readonly number[], now: number, max: number, windowMs = LIMIT_WINDOW_MS): { ok: boolean; tries: number[]; retryAfterMs: number } {
  const recent = tries.filter((t) => t > now - windowMs && t <= now);
  if (max <= 0) return { ok: true, tries: [], retryAfterMs: 0 };
  if (recent.length >= max) return { ok: false, tries: recent, retryAfterMs: Math.max(1, recent[0] + windowMs - now) };
  return { ok: true, tries: [...recent, now], retryAfterMs: 0 };
}
