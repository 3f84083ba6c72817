// Notices outside the app (issue 17 · 1–2): which kind a notification is for the person's preferences, when
// a delivery is due (digests at a chosen Beijing hour, no SMS or push at night), how long a failed delivery
// waits before the next try, when request steps merge, and a verification code's checks. Pure: instants are
// milliseconds passed in.

export const NOTICE_KINDS = ["votes", "mine", "threads", "requests", "moderation"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_MODES = ["now", "digest", "off"] as const;
export type NoticeMode = (typeof NOTICE_MODES)[number];
export const CHANNELS = ["email", "sms", "push"] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels verified by a code (push needs none: the browser's subscription is the person's own). */
export const CONTACT_CHANNELS = ["email", "sms"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;

export const DEFAULT_DIGEST_HOUR = 20;
/** Quiet hours, Beijing time: from 22:00 until 07:00 no SMS or push (email waits in the inbox anyway). */
export const QUIET_FROM = 22;
export const QUIET_TO = 7;

const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;

/** The hour of the day (0–23) in Beijing. */
export function beijingHour(at: number): number {
  return new Date(at + BEIJING).getUTCHours();
}

/** The first instant at or after `at` that is `hour`:00 in Beijing. */
export function nextBeijingHour(at: number, hour: number): number {
  const local = at + BEIJING;
  const dayStart = local - (((local % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR));
  let t = dayStart + hour * HOUR;
  if (t < local) t += 24 * HOUR;
  return t - BEIJING;
}

export function isQuiet(at: number): boolean {
  const h = beijingHour(at);
  return h >= QUIET_FROM || h < QUIET_TO;
}

/** When an SMS or a push may go: `at`, or the end of the quiet hours when the person keeps them. */
export function afterQuiet(at: number, channel: Channel, quiet: boolean): number {
  if (!quiet || channel === "email" || !isQuiet(at)) return at;
  return nextBeijingHour(at, QUIET_TO);
}

/** A digest written at `at` goes at the person's next digest hour (then past the quiet hours for SMS and push). */
export function digestDue(at: number, hour: number, channel: Channel, quiet: boolean): number {
  return afterQuiet(nextBeijingHour(at, hour), channel, quiet);
}

/** Tries before a delivery is marked failed. */
export const MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 6 * HOUR;

/** The wait after the `attempts`-th failed try: 1, 2, 4, 8 … minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
}

/** After a failed try: try again later, or give up after MAX_ATTEMPTS. */
export function afterFailure(attempts: number, at: number): { status: "pending"; next: number } | { status: "failed" } {
  return attempts >= MAX_ATTEMPTS ? { status: "failed" } : { status: "pending", next: at + backoffMs(attempts) };
}

/** A claim older than this without a result: the process died mid-delivery (it may or may not have sent). */
export const CLAIM_LEASE_MS = 10 * 60_000;

/** Request steps of one request within an hour of its first unsent notice merge into that notice. */
export const MERGE_MS = HOUR;
export function mergesInto(firstAt: number, at: number): boolean {
  return at >= firstAt && at - firstAt < MERGE_MS;
}

/** The preference kind of a notification (its kind in the notifications table, and its data). */
export function noticeKindOf(kind: string, data: Record<string, unknown> | undefined): NoticeKind {
  switch (kind) {
    case "request":
      return "requests";
    case "moderated":
      return "moderation";
    case "reply":
    case "cosponsor":
      return "mine";
    case "state":
      return ["voting", "adopted", "rejected"].includes(String(data?.to)) ? "votes" : "threads";
    default:
      return "threads";
  }
}

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_TRIES = 5;

/** Whether a code may still be tried: none sent, expired, or too many wrong tries. */
export function codeState(c: { expiresAt: number | null; tries: number }, at: number): "none" | "expired" | "exhausted" | "open" {
  if (c.expiresAt === null) return "none";
  if (c.tries >= CODE_TRIES) return "exhausted";
  if (at >= c.expiresAt) return "expired";
  return "open";
}

export const EMAIL = /^[^\s@<>()",;:]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
