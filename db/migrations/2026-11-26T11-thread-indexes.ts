import { type Kysely, sql } from "kysely";

// A thread of hundreds of comments: its page of top-level comments (pinned first, then oldest first) read
// straight from an index in page order instead of sorting the whole thread, and its stance counts read from
// an index of visible comments instead of every row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("comments_thread_page").on("comments").columns(["proposal_id", "parent_id", "pinned desc", "id"]).execute();
  await db.schema
    .createIndex("comments_visible_stance")
    .on("comments")
    .columns(["proposal_id", "stance"])
    .where(sql.ref("hidden_reason"), "is", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("comments_visible_stance").execute();
  await db.schema.dropIndex("comments_thread_page").execute();
}
