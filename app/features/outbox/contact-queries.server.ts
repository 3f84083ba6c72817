// Contacts, push subscriptions and preferences (issue 17 · 1–2): each person's own rows.
import type { DB as Db } from "~/db.server";
import { type ContactChannel, type NoticeKind, type NoticeMode, digestDue, noticeKindOf } from "~/domain/notices";

export function contactsOf(db: Db, userId: number) {
  return db
    .selectFrom("contacts")
    .select(["id", "channel", "address", "verified_at", "code_hash", "code_expires_at", "code_tries"])
    .where("user_id", "=", userId)
    .orderBy("channel")
    .execute();
}

export function contactOf(db: Db, userId: number, channel: ContactChannel) {
  return db
    .selectFrom("contacts")
    .select(["id", "address", "verified_at", "code_hash", "code_expires_at", "code_tries"])
    .where("user_id", "=", userId)
    .where("channel", "=", channel)
    .executeTakeFirst();
}

/** A new address for the channel (replacing the old one, verified or not), with a fresh code to check. */
export async function saveContact(db: Db, c: { userId: number; channel: ContactChannel; address: string; codeHash: string; expiresAt: string; at: string }) {
  await db.deleteFrom("contacts").where("user_id", "=", c.userId).where("channel", "=", c.channel).execute();
  await db
    .insertInto("contacts")
    .values({
      user_id: c.userId,
      channel: c.channel,
      address: c.address,
      verified_at: null,
      code_hash: c.codeHash,
      code_expires_at: c.expiresAt,
      code_tries: 0,
      created_at: c.at,
    })
    .execute();
}

export async function countWrongCode(db: Db, id: number) {
  await db
    .updateTable("contacts")
    .set((eb) => ({ code_tries: eb("code_tries", "+", 1) }))
    .where("id", "=", id)
    .execute();
}

export async function markVerified(db: Db, id: number, at: string) {
  await db.updateTable("contacts").set({ verified_at: at, code_hash: null, code_expires_at: null, code_tries: 0 }).where("id", "=", id).execute();
}

export async function removeContact(db: Db, userId: number, channel: ContactChannel): Promise<boolean> {
  const r = await db.deleteFrom("contacts").where("user_id", "=", userId).where("channel", "=", channel).executeTakeFirst();
  // Deliveries not yet made to it are dropped with it.
  await db.deleteFrom("outbox").where("user_id", "=", userId).where("channel", "=", channel).where("status", "=", "pending").execute();
  return Number(r.numDeletedRows) > 0;
}

export function pushTargets(db: Db, userId: number) {
  return db.selectFrom("push_subscriptions").select(["endpoint", "p256dh", "auth"]).where("user_id", "=", userId).orderBy("id").execute();
}

export async function savePushSubscription(db: Db, s: { userId: number; endpoint: string; p256dh: string; auth: string; at: string }) {
  await db.deleteFrom("push_subscriptions").where("endpoint", "=", s.endpoint).execute();
  await db.insertInto("push_subscriptions").values({ user_id: s.userId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, created_at: s.at }).execute();
}

export async function removePushSubscription(db: Db, userId: number, endpoint: string): Promise<boolean> {
  const r = await db.deleteFrom("push_subscriptions").where("user_id", "=", userId).where("endpoint", "=", endpoint).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function forgetEndpoints(db: Db, endpoints: string[]) {
  if (endpoints.length) await db.deleteFrom("push_subscriptions").where("endpoint", "in", endpoints).execute();
}

export async function pushCount(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom("push_subscriptions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function prefsOf(db: Db, userId: number) {
  const [prefs, settings] = await Promise.all([
    db.selectFrom("notice_prefs").select(["kind", "mode"]).where("user_id", "=", userId).execute(),
    db.selectFrom("notice_settings").select(["digest_hour", "quiet"]).where("user_id", "=", userId).executeTakeFirst(),
  ]);
  return { prefs, settings };
}

export async function savePrefs(db: Db, userId: number, p: { modes: Record<NoticeKind, NoticeMode>; hour: number; quiet: boolean }) {
  await db.deleteFrom("notice_prefs").where("user_id", "=", userId).execute();
  await db
    .insertInto("notice_prefs")
    .values(Object.entries(p.modes).map(([kind, mode]) => ({ user_id: userId, kind, mode })))
    .execute();
  await db
    .insertInto("notice_settings")
    .values({ user_id: userId, digest_hour: p.hour, quiet: p.quiet ? 1 : 0 })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ digest_hour: p.hour, quiet: p.quiet ? 1 : 0 }))
    .execute();
  // Digests not yet sent follow the new choice: a kind now off drops them; the others move to the new hour
  // (counted from each notice's time: one whose new hour has passed goes at the next run).
  const waiting = await db
    .selectFrom("outbox as o")
    .innerJoin("notifications as n", "n.id", "o.notification_id")
    .select(["o.id", "o.channel", "o.created_at", "n.kind", "n.data"])
    .where("o.user_id", "=", userId)
    .where("o.status", "=", "pending")
    .where("o.digest", "=", 1)
    .execute();
  for (const w of waiting) {
    if (p.modes[noticeKindOf(w.kind, parseData(w.data))] === "off") await db.deleteFrom("outbox").where("id", "=", w.id).execute();
    else
      await db
        .updateTable("outbox")
        .set({ next_attempt_at: new Date(digestDue(Date.parse(w.created_at), p.hour, w.channel, p.quiet)).toISOString() })
        .where("id", "=", w.id)
        .execute();
  }
}

function parseData(data: string | null): Record<string, unknown> | undefined {
  return data ? (JSON.parse(data) as Record<string, unknown>) : undefined;
}
