import type { Kysely } from "kysely";

// Notifications and the audit log are listed by time, then id (issue 12 · 15): rows are not always written in
// time order. Each list reads an index in that order instead of sorting.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("notifications_user_time").on("notifications").columns(["user_id", "created_at", "id"]).execute();
  await db.schema.createIndex("audit_log_time").on("audit_log").columns(["at", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_log_time").execute();
  await db.schema.dropIndex("notifications_user_time").execute();
}
