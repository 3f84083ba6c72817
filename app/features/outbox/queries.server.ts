// The outbox's SQL (issue 17 · 1): queueing a notification's deliveries, claiming due rows, marking them.
import { sql } from "kysely";
import type { DB as Db } from "~/db.server";
import { type Channel, type NoticeKind, type NoticeMode, DEFAULT_DIGEST_HOUR, MERGE_MS, afterQuiet, digestDue, noticeKindOf } from "~/domain/notices";
import { engineOf } from "../../../db/engine";

const iso = (ms: number) => new Date(ms).toISOString();

/** Who can be reached how, and what each wants, for a set of people (null when nobody has a channel). */
async function reach(db: Db, userIds: number[]) {
  const [contacts, subs] = await Promise.all([
    db.selectFrom("contacts").select(["user_id", "channel"]).where("user_id", "in", userIds).where("verified_at", "is not", null).execute(),
    db.selectFrom("push_subscriptions").select("user_id").distinct().where("user_id", "in", userIds).execute(),
  ]);
  // Most people have no channel outside the app: a comment to followers then costs two indexed reads.
  if (!contacts.length && !subs.length) return null;
  const reached = [...new Set([...contacts.map((c) => c.user_id), ...subs.map((x) => x.user_id)])];
  const [prefs, settings] = await Promise.all([
    db.selectFrom("notice_prefs").select(["user_id", "kind", "mode"]).where("user_id", "in", reached).execute(),
    db.selectFrom("notice_settings").select(["user_id", "digest_hour", "quiet"]).where("user_id", "in", reached).execute(),
  ]);
  const channels = new Map<number, Channel[]>();
  const add = (u: number, c: Channel) => channels.set(u, [...(channels.get(u) ?? []), c]);
  for (const c of contacts) add(c.user_id, c.channel);
  for (const x of subs) add(x.user_id, "push");
  return {
    channels: (u: number) => channels.get(u) ?? [],
    mode: (u: number, kind: NoticeKind) => (prefs.find((p) => p.user_id === u && p.kind === kind)?.mode ?? "now") as NoticeMode,
    setting: (u: number) => {
      const found = settings.find((x) => x.user_id === u);
      return { hour: found ? found.digest_hour : DEFAULT_DIGEST_HOUR, quiet: found ? Boolean(found.quiet) : true };
    },
  };
}

/**
 * Queues the deliveries of new notifications, in their transaction: one row per notification per channel the
 * person has (verified email, verified SMS number, a push subscription), unless the kind is off for them.
 * Request steps wait out the merge window, so that the steps of that hour go as one notice.
 */
export async function queueNotices(db: Db, rows: { id: number; userId: number }[], kind: string, data: Record<string, unknown> | undefined, at: string) {
  if (!rows.length) return;
  const r = await reach(
    db,
    rows.map((x) => x.userId),
  );
  if (!r) return;
  const noticeKind = noticeKindOf(kind, data);
  const t = Date.parse(at);
  const values = rows.flatMap(({ id, userId }) => {
    const mode = r.mode(userId, noticeKind);
    if (mode === "off") return [];
    const { hour, quiet } = r.setting(userId);
    return r.channels(userId).map((channel) => ({
      key: `n${id}:${channel}`,
      user_id: userId,
      notification_id: id,
      channel,
      digest: mode === "digest" ? 1 : 0,
      status: "pending" as const,
      next_attempt_at: iso(mode === "digest" ? digestDue(t, hour, channel, quiet) : afterQuiet(noticeKind === "requests" ? t + MERGE_MS : t, channel, quiet)),
      created_at: at,
    }));
  });
  if (!values.length) return;
  await db
    .insertInto("outbox")
    .values(values)
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}

/** Each person's unread notice about this request written within the merge window before `at` (to merge into). */
export async function mergeableRequestNotices(db: Db, userIds: number[], requestId: unknown, at: string) {
  const rows = await db
    .selectFrom("notifications")
    .select(["id", "user_id", "data", "created_at"])
    .where("user_id", "in", userIds)
    .where("kind", "=", "request")
    .where("read_at", "is", null)
    .where("created_at", ">", iso(Date.parse(at) - MERGE_MS))
    .where("created_at", "<=", at)
    .execute();
  const found = new Map<number, { id: number; steps: number }>();
  for (const row of rows) {
    const d = JSON.parse(row.data ?? "{}") as Record<string, unknown>;
    if (d.requestId === requestId && !found.has(row.user_id)) found.set(row.user_id, { id: row.id, steps: Number(d.steps ?? 1) });
  }
  return found;
}

export async function mergeNotice(db: Db, id: number, data: Record<string, unknown>) {
  await db
    .updateTable("notifications")
    .set({ data: JSON.stringify(data) })
    .where("id", "=", id)
    .execute();
}

/** The next due row, locked on PostgreSQL so that two workers take different rows. */
export async function claimDue(db: Db, at: string): Promise<number | null> {
  const row = await db
    .selectFrom("outbox")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", at)
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(1)
    .$if(engineOf(db) === "pg", (q) => q.forUpdate().skipLocked())
    .executeTakeFirst();
  return row ? row.id : null;
}

export interface Batch {
  ids: number[];
  key: string;
  userId: number;
  channel: Channel;
  digest: boolean;
  attempts: number;
}

/** Marks a due row claimed (and, for a digest, every due digest row of that person and channel with it). */
export async function claimBatch(db: Db, id: number, at: string): Promise<Batch> {
  const head = await db.selectFrom("outbox").select(["id", "key", "user_id", "channel", "digest", "attempts"]).where("id", "=", id).executeTakeFirstOrThrow();
  const digest = Boolean(head.digest);
  let ids = [id];
  if (digest) {
    const more = await db
      .selectFrom("outbox")
      .select("id")
      .where("user_id", "=", head.user_id)
      .where("channel", "=", head.channel)
      .where("status", "=", "pending")
      .where("digest", "=", 1)
      .where("next_attempt_at", "<=", at)
      .orderBy("id")
      .execute();
    ids = [...new Set([id, ...more.map((m) => m.id)])];
  }
  await db
    .updateTable("outbox")
    .set({ status: "sending", claimed_at: at, attempts: sql<number>`attempts + 1` })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .execute();
  return {
    ids,
    key: digest ? `d${Math.min(...ids)}:${head.channel}` : head.key,
    userId: head.user_id,
    channel: head.channel,
    digest,
    attempts: head.attempts + 1,
  };
}

export async function markSent(db: Db, ids: number[], at: string) {
  await db.updateTable("outbox").set({ status: "sent", sent_at: at, last_error: null }).where("id", "in", ids).where("status", "=", "sending").execute();
}

export async function markRetry(db: Db, ids: number[], next: string | null, error: string) {
  await db
    .updateTable("outbox")
    .set(next === null ? { status: "failed", last_error: error } : { status: "pending", next_attempt_at: next, last_error: error })
    .where("id", "in", ids)
    .where("status", "=", "sending")
    .execute();
}

/** Claims older than the lease: their process died mid-delivery. Failed, never tried again by themselves. */
export async function expireClaims(db: Db, before: string): Promise<number> {
  const r = await db
    .updateTable("outbox")
    .set({ status: "failed", last_error: "interrupted" })
    .where("status", "=", "sending")
    .where("claimed_at", "<", before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** What a batch says: its notifications, their proposals' titles and the actors' names, oldest first. */
export function batchNotices(db: Db, ids: number[]) {
  return db
    .selectFrom("outbox as o")
    .innerJoin("notifications as n", "n.id", "o.notification_id")
    .leftJoin("proposals as p", "p.id", "n.proposal_id")
    .leftJoin("users as a", "a.id", "n.actor_id")
    .select(["n.id", "n.kind", "n.proposal_id", "n.comment_id", "n.data", "n.created_at", "p.title", "a.name as actor"])
    .where("o.id", "in", ids)
    .orderBy("n.created_at")
    .orderBy("n.id")
    .execute();
}

export function recipient(db: Db, userId: number) {
  return db.selectFrom("users").select(["id", "locale"]).where("id", "=", userId).executeTakeFirstOrThrow();
}

/** Deliveries that gave up (or were interrupted), newest first: the administrator's list. */
export function failedDeliveries(db: Db, limit = 100) {
  return db
    .selectFrom("outbox as o")
    .innerJoin("users as u", "u.id", "o.user_id")
    .select(["o.id", "o.channel", "o.attempts", "o.last_error", "o.created_at", "o.claimed_at", "u.name"])
    .where("o.status", "=", "failed")
    .orderBy("o.id", "desc")
    .limit(limit)
    .execute();
}

/** An administrator sends a failed delivery again: due now, its tries counted anew. */
export async function requeue(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: at, claimed_at: null })
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
