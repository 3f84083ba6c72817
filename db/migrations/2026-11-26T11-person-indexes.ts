import type { Kysely } from "kysely";

// A person's own data (the download of issue 7) is found by person, not by reading every comment, ballot
// voter row, co-sponsorship and audit entry: the query-plan test asked for these.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("comments_author").on("comments").columns(["author_id", "id"]).execute();
  await db.schema.createIndex("cosponsors_user").on("cosponsors").column("user_id").execute();
  await db.schema.createIndex("vote_voters_person").on("vote_voters").columns(["user_id", "vote_id"]).execute();
  await db.schema.createIndex("vote_voters_by_phone").on("vote_voters").columns(["phone", "vote_id"]).execute();
  await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor_id", "id"]).execute();
}
