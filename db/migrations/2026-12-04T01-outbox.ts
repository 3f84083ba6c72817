import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Notices outside the app (issue 17 · 1–2):
// - contacts: a person's email address and SMS number, each usable once verified by a code sent to it (only
//   the code's SHA-256 is kept, with its expiry and the wrong tries).
// - push_subscriptions: a browser's Web Push subscription (endpoint and keys), one row per browser.
// - notice_prefs: per person and kind, now / digest / off (no row: now); notice_settings: the digest hour
//   (Beijing) and whether the night is quiet.
// - outbox: one row per notification per channel, written in the transaction of the notification; `key` is
//   unique, so nothing is queued twice, and is the idempotency key the channel is given. A worker claims due
//   rows (status sending), delivers, then marks them sent; failures wait (next_attempt_at) and end failed.
// The CHECK lists of these tables, as migration 07 keeps its own (tests/unit/notices.test.ts holds them to the
// app's constants; tests/integration/schema-engines.test.ts finds them on both engines).
export const CHECKS = {
  contacts: { channel: ["email", "sms"] },
  notice_prefs: { kind: ["votes", "mine", "threads", "requests", "moderation"], mode: ["now", "digest", "off"] },
  outbox: { channel: ["email", "sms", "push"], status: ["pending", "sending", "sent", "failed"], digest: "flag" },
} as const;

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  const list = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
  await db.schema
    .createTable("contacts")
    .addColumn("id", t.id, t.identity)
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("verified_at", t.instant)
    .addColumn("code_hash", "text")
    .addColumn("code_expires_at", t.instant)
    .addColumn("code_tries", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addUniqueConstraint("contacts_user_channel", ["user_id", "channel"])
    .addCheckConstraint("contacts_channel_check", list("channel", CHECKS.contacts.channel))
    .execute();
  await db.schema
    .createTable("push_subscriptions")
    .addColumn("id", t.id, t.identity)
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("endpoint", "text", (c) => c.notNull().unique())
    .addColumn("p256dh", "text", (c) => c.notNull())
    .addColumn("auth", "text", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("push_subscriptions_user").on("push_subscriptions").column("user_id").execute();
  await db.schema
    .createTable("notice_prefs")
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notice_prefs_pk", ["user_id", "kind"])
    .addCheckConstraint("notice_prefs_kind_check", list("kind", CHECKS.notice_prefs.kind))
    .addCheckConstraint("notice_prefs_mode_check", list("mode", CHECKS.notice_prefs.mode))
    .execute();
  await db.schema
    .createTable("notice_settings")
    .addColumn("user_id", t.ref, (c) => c.primaryKey().references("users.id"))
    .addColumn("digest_hour", "integer", (c) => c.notNull())
    .addColumn("quiet", t.flag, (c) => c.notNull())
    .execute();
  let outbox = db.schema
    .createTable("outbox")
    .addColumn("id", t.id, t.identity)
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("notification_id", t.ref, (c) => c.notNull().references("notifications.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("digest", t.flag, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", t.instant, (c) => c.notNull())
    .addColumn("claimed_at", t.instant)
    .addColumn("sent_at", t.instant)
    .addColumn("last_error", "text")
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addCheckConstraint("outbox_channel_check", list("channel", CHECKS.outbox.channel))
    .addCheckConstraint("outbox_status_check", list("status", CHECKS.outbox.status));
  if (!t.pg) outbox = outbox.addCheckConstraint("outbox_digest_check", sql`digest in (0, 1)`);
  await outbox.execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("outbox_notification").on("outbox").column("notification_id").execute();
  await db.schema.createIndex("outbox_user").on("outbox").columns(["user_id", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["outbox", "notice_settings", "notice_prefs", "push_subscriptions", "contacts"]) await db.schema.dropTable(table).execute();
}
