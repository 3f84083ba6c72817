import { type Kysely, sql } from "kysely";

// Places, people, sessions, residency, roles, household codes and the audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("places")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("parent_id", "integer", (c) => c.references("places.id"))
    .addColumn("path", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("places_parent").on("places").columns(["parent_id", "name"]).execute();
  await db.schema.createIndex("places_path").on("places").column("path").execute();

  await db.schema
    .createTable("dwellings")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("building_id", "integer", (c) => c.notNull().references("places.id"))
    .addColumn("compound_id", "integer", (c) => c.notNull().references("places.id"))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("room", "text", (c) => c.notNull())
    .addColumn("area_centi", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("dwellings_address", ["building_id", "unit", "room"])
    .execute();
  await db.schema.createIndex("dwellings_compound").on("dwellings").column("compound_id").execute();

  await db.schema
    .createTable("departments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("place_id", "integer", (c) => c.notNull().references("places.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("departments_name", ["place_id", "name"])
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("phone", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("locale", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("sign_in_failures")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_failures_phone").on("sign_in_failures").columns(["phone", "at"]).execute();

  await db.schema
    .createTable("role_grants")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("place_id", "integer", (c) => c.references("places.id"))
    .addColumn("department_id", "integer", (c) => c.references("departments.id"))
    .addColumn("granted_by", "integer", (c) => c.references("users.id"))
    .addColumn("granted_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("role_grants_user").on("role_grants").columns(["user_id", "revoked_at"]).execute();
  await db.schema.createIndex("role_grants_place").on("role_grants").column("place_id").execute();

  await db.schema
    .createTable("residencies")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("dwelling_id", "integer", (c) => c.notNull().references("dwellings.id"))
    .addColumn("compound_id", "integer", (c) => c.notNull().references("places.id"))
    .addColumn("relation", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("decision_reason", "text")
    .addColumn("ended_at", "text")
    .addColumn("ended_by", "integer", (c) => c.references("users.id"))
    .addColumn("end_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("residencies_user").on("residencies").columns(["user_id", "status"]).execute();
  await db.schema.createIndex("residencies_compound").on("residencies").columns(["compound_id", "status"]).execute();
  await db.schema.createIndex("residencies_dwelling").on("residencies").columns(["dwelling_id", "status"]).execute();
  // One live (pending or verified) residency per person and dwelling, enforced by the database.
  await sql`create unique index residencies_live on residencies (user_id, dwelling_id)
            where status in ('pending', 'verified')`.execute(db);

  await db.schema
    .createTable("dwelling_owners")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("dwelling_id", "integer", (c) => c.notNull().references("dwellings.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("dwelling_owners_unique", ["dwelling_id", "phone"])
    .execute();
  await db.schema.createIndex("dwelling_owners_phone").on("dwelling_owners").column("phone").execute();

  await db.schema
    .createTable("household_codes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("dwelling_id", "integer", (c) => c.notNull().references("dwellings.id"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("used_by", "integer", (c) => c.references("users.id"))
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("household_codes_dwelling").on("household_codes").column("dwelling_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "integer")
    .addColumn("place_id", "integer", (c) => c.references("places.id"))
    .addColumn("reason", "text")
    .addColumn("data", "text")
    .execute();
  await db.schema.createIndex("audit_log_entity").on("audit_log").columns(["entity_type", "entity_id"]).execute();
  await db.schema.createIndex("audit_log_place").on("audit_log").columns(["place_id", "id"]).execute();
  // Append-only: the database itself refuses to change or remove an entry.
  await sql`create trigger audit_log_no_update before update on audit_log
            begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  await sql`create trigger audit_log_no_delete before delete on audit_log
            begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
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
