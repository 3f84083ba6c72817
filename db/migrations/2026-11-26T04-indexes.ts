import { type Kysely, sql } from "kysely";

// Indexes the query-plan test asked for: no page may scan a table that grows with use.
export async function up(db: Kysely<any>): Promise<void> {
  // The review queue: pending claims, oldest first.
  await db.schema.createIndex("residencies_status").on("residencies").columns(["status", "id"]).execute();
  // A vote's resolution.
  await db.schema.createIndex("resolutions_vote").on("resolutions").column("vote_id").execute();
  // Proposals merged into another (few: a partial index).
  await sql`create index proposals_merged on proposals (merged_into_id) where merged_into_id is not null`.execute(db);
}
