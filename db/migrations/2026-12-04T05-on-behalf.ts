import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Acting on behalf (代办, issue 17 · 6): a building lead or coordinator, with the resident present and their
// one-time consent, acts for them for 30 minutes. The state lives on the session row (read on every request
// anyway: no extra query), the consents in their own table (a code's hash with its expiry and tries, or a
// paper form's number, unique per resident), and each act's audit entry names who did it for whom
// (actor_id the resident, acted_by the helper).
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema
    .alterTable("sessions")
    .addColumn("on_behalf_of", t.ref, (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("sessions").addColumn("on_behalf_until", t.instant).execute();
  await db.schema
    .alterTable("audit_log")
    .addColumn("acted_by", t.ref, (c) => c.references("users.id"))
    .execute();
  await db.schema
    .createTable("behalf_consents")
    .addColumn("id", t.id, t.identity)
    .addColumn("helper_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("resident_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("code_hash", "text")
    .addColumn("tries", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("form_number", "text")
    .addColumn("expires_at", t.instant, (c) => c.notNull())
    .addColumn("used_at", t.instant)
    .addColumn("created_at", t.instant, (c) => c.notNull())
    // Named as migration 07 names its lists, so that both engines carry the same CHECK (a code consent has a hash
    // and a paper one a form number: the commands write them so).
    .addCheckConstraint("behalf_consents_method_check", sql`method in ('code', 'paper')`)
    .execute();
  await db.schema.createIndex("behalf_consents_form").on("behalf_consents").columns(["resident_id", "form_number"]).unique().execute();
  await db.schema.createIndex("behalf_consents_helper").on("behalf_consents").columns(["helper_id", "created_at"]).execute();
  await db.schema.createIndex("audit_log_acted_by").on("audit_log").columns(["acted_by"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_log_acted_by").execute();
  await db.schema.dropTable("behalf_consents").execute();
  await db.schema.alterTable("audit_log").dropColumn("acted_by").execute();
  await db.schema.alterTable("sessions").dropColumn("on_behalf_until").execute();
  await db.schema.alterTable("sessions").dropColumn("on_behalf_of").execute();
}
