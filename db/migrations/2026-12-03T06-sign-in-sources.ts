import type { Kysely } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Sign-in throttling by number and source (issue 12 · 5): each failure says where it came from (an address, or
// a device the person signed in on before), and devices that signed in keep a token (its SHA-256 only), so a
// stranger's wrong passwords lock the number for the stranger, not for its owner.
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema.alterTable("sign_in_failures").addColumn("source", "text").execute();
  await db.schema.createIndex("sign_in_failures_source").on("sign_in_failures").columns(["phone", "source", "at"]).execute();
  await db.schema
    .createTable("known_devices")
    .addColumn("id", t.id, t.identity)
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("last_used_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("known_devices_user").on("known_devices").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("known_devices").execute();
  await db.schema.dropIndex("sign_in_failures_source").execute();
  await db.schema.alterTable("sign_in_failures").dropColumn("source").execute();
}
