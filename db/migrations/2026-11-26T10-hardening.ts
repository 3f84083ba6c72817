import type { Kysely } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Hardening: what a session was opened on and when it was last used (for the sessions page), and the
// indexes that let a person's own data be found without reading whole tables (the data download and
// closing an account look rows up by their author, reporter, actor or voter).
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema.alterTable("sessions").addColumn("user_agent", "text").execute();
  await db.schema.alterTable("sessions").addColumn("last_seen_at", t.instant).execute();
  await db.schema.createIndex("comments_author").on("comments").columns(["author_id", "id"]).execute();
  await db.schema.createIndex("cosponsors_user").on("cosponsors").column("user_id").execute();
  await db.schema.createIndex("reports_reporter").on("reports").column("reporter_id").execute();
  await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor_id", "id"]).execute();
  await db.schema.createIndex("vote_voters_by_user").on("vote_voters").column("user_id").execute();
  await db.schema.createIndex("vote_voters_by_phone").on("vote_voters").column("phone").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ["vote_voters_by_phone", "vote_voters_by_user", "audit_log_actor", "reports_reporter", "cosponsors_user", "comments_author"])
    await db.schema.dropIndex(name).execute();
  await db.schema.alterTable("sessions").dropColumn("last_seen_at").execute();
  await db.schema.alterTable("sessions").dropColumn("user_agent").execute();
}
