import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Places, people, sessions, residency, roles, household codes and the audit log.
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema
    .createTable("places")
    .addColumn("id", t.id, t.identity)
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("parent_id", t.ref, (c) => c.references("places.id"))
    .addColumn("path", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("places_parent").on("places").columns(["parent_id", "name"]).execute();
  await db.schema.createIndex("places_path").on("places").column("path").execute();

  await db.schema
    .createTable("dwellings")
    .addColumn("id", t.id, t.identity)
    .addColumn("building_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("compound_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("room", "text", (c) => c.notNull())
    .addColumn("area_centi", "integer", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addUniqueConstraint("dwellings_address", ["building_id", "unit", "room"])
    .execute();
  await db.schema.createIndex("dwellings_compound").on("dwellings").column("compound_id").execute();

  await db.schema
    .createTable("departments")
    .addColumn("id", t.id, t.identity)
    .addColumn("place_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addUniqueConstraint("departments_name", ["place_id", "name"])
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", t.id, t.identity)
    .addColumn("phone", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("locale", "text")
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("expires_at", t.instant, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("sign_in_failures")
    .addColumn("id", t.id, t.identity)
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_failures_phone").on("sign_in_failures").columns(["phone", "at"]).execute();

  await db.schema
    .createTable("role_grants")
    .addColumn("id", t.id, t.identity)
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("place_id", t.ref, (c) => c.references("places.id"))
    .addColumn("department_id", t.ref, (c) => c.references("departments.id"))
    .addColumn("granted_by", t.ref, (c) => c.references("users.id"))
    .addColumn("granted_at", t.instant, (c) => c.notNull())
    .addColumn("revoked_at", t.instant)
    .addColumn("revoked_by", t.ref, (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("role_grants_user").on("role_grants").columns(["user_id", "revoked_at"]).execute();
  await db.schema.createIndex("role_grants_place").on("role_grants").column("place_id").execute();

  await db.schema
    .createTable("residencies")
    .addColumn("id", t.id, t.identity)
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("dwelling_id", t.ref, (c) => c.notNull().references("dwellings.id"))
    .addColumn("compound_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("relation", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("decided_by", t.ref, (c) => c.references("users.id"))
    .addColumn("decided_at", t.instant)
    .addColumn("decision_reason", "text")
    .addColumn("ended_at", t.instant)
    .addColumn("ended_by", t.ref, (c) => c.references("users.id"))
    .addColumn("end_reason", "text")
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("residencies_user").on("residencies").columns(["user_id", "status"]).execute();
  await db.schema.createIndex("residencies_compound").on("residencies").columns(["compound_id", "status"]).execute();
  await db.schema.createIndex("residencies_dwelling").on("residencies").columns(["dwelling_id", "status"]).execute();
  // One live (pending or verified) residency per person and dwelling, enforced by the database.
  await sql`create unique index residencies_live on residencies (user_id, dwelling_id)
            where status in ('pending', 'verified')`.execute(db);

  await db.schema
    .createTable("dwelling_owners")
    .addColumn("id", t.id, t.identity)
    .addColumn("dwelling_id", t.ref, (c) => c.notNull().references("dwellings.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addUniqueConstraint("dwelling_owners_unique", ["dwelling_id", "phone"])
    .execute();
  await db.schema.createIndex("dwelling_owners_phone").on("dwelling_owners").column("phone").execute();

  await db.schema
    .createTable("household_codes")
    .addColumn("id", t.id, t.identity)
    .addColumn("dwelling_id", t.ref, (c) => c.notNull().references("dwellings.id"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("created_by", t.ref, (c) => c.references("users.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("used_at", t.instant)
    .addColumn("used_by", t.ref, (c) => c.references("users.id"))
    .addColumn("revoked_at", t.instant)
    .execute();
  await db.schema.createIndex("household_codes_dwelling").on("household_codes").column("dwelling_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", t.id, t.identity)
    .addColumn("at", t.instant, (c) => c.notNull())
    .addColumn("actor_id", t.ref, (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", t.ref)
    .addColumn("place_id", t.ref, (c) => c.references("places.id"))
    .addColumn("reason", "text")
    .addColumn("data", "text")
    .execute();
  await db.schema.createIndex("audit_log_entity").on("audit_log").columns(["entity_type", "entity_id"]).execute();
  await db.schema.createIndex("audit_log_place").on("audit_log").columns(["place_id", "id"]).execute();
  // Append-only: the database itself refuses to change or remove an entry.
  if (t.pg) {
    // The same two triggers as plpgsql, and a third: TRUNCATE fires no row trigger, so it is refused on its own.
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
              begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log
              for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
              for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
              for each statement execute function audit_log_append_only()`.execute(db);
    return;
  }
  await sql`create trigger audit_log_no_update before update on audit_log
            begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  await sql`create trigger audit_log_no_delete before delete on audit_log
            begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}

export async function down(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === "pg") await sql`drop function audit_log_append_only() cascade`.execute(db);
  for (const table of [
    "audit_log",
    "household_codes",
    "dwelling_owners",
    "residencies",
    "role_grants",
    "sign_in_failures",
    "sessions",
    "users",
    "departments",
    "dwellings",
    "places",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
