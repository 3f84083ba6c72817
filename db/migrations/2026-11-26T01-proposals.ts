import { type Kysely, sql } from "kysely";

// Proposals, co-sponsors, consultation threads, minutes, moderation, follows, notifications and search.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("compound_settings")
    .addColumn("compound_id", "integer", (c) => c.primaryKey().references("places.id"))
    .addColumn("cosponsor_threshold", "integer", (c) => c.notNull().defaultTo(5))
    .execute();

  await db.schema
    .createTable("proposals")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("compound_id", "integer", (c) => c.notNull().references("places.id"))
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("state_reason", "text")
    .addColumn("merged_into_id", "integer", (c) => c.references("proposals.id"))
    .addColumn("locked", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("hidden_reason", "text")
    .addColumn("cosponsor_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("comment_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("last_activity_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("proposals_compound_activity").on("proposals").columns(["compound_id", "last_activity_at", "id"]).execute();
  await db.schema.createIndex("proposals_compound_state").on("proposals").columns(["compound_id", "state", "last_activity_at"]).execute();
  await db.schema.createIndex("proposals_author").on("proposals").columns(["author_id", "updated_at"]).execute();

  await db.schema
    .createTable("cosponsors")
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("dwelling_id", "integer", (c) => c.notNull().references("dwellings.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("cosponsors_pk", ["proposal_id", "user_id"])
    .execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("parent_id", "integer", (c) => c.references("comments.id"))
    .addColumn("stance", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("official", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("pinned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("hidden_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("edited_at", "text")
    .execute();
  await db.schema.createIndex("comments_proposal").on("comments").columns(["proposal_id", "id"]).execute();
  await db.schema.createIndex("comments_parent").on("comments").column("parent_id").execute();

  await db.schema
    .createTable("comment_revisions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id"))
    .addColumn("stance", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("comment_revisions_comment").on("comment_revisions").columns(["comment_id", "id"]).execute();

  await db.schema
    .createTable("minutes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("meeting_date", "text")
    .addColumn("meeting_place", "text")
    .addColumn("attendance", "integer")
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("minutes_proposal").on("minutes").columns(["proposal_id", "id"]).execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("compound_id", "integer", (c) => c.notNull().references("places.id"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("comment_id", "integer", (c) => c.references("comments.id"))
    .addColumn("reporter_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("resolved_by", "integer", (c) => c.references("users.id"))
    .addColumn("resolved_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("reports_compound").on("reports").columns(["compound_id", "status", "id"]).execute();
  await sql`create unique index reports_once on reports (reporter_id, proposal_id, coalesce(comment_id, 0)) where status = 'open'`.execute(db);

  await db.schema
    .createTable("mutes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("compound_id", "integer", (c) => c.notNull().references("places.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("until", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("muted_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mutes_user").on("mutes").columns(["user_id", "compound_id", "until"]).execute();

  await db.schema
    .createTable("follows")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("follows_pk", ["user_id", "proposal_id"])
    .execute();
  await db.schema.createIndex("follows_proposal").on("follows").column("proposal_id").execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("proposal_id", "integer", (c) => c.references("proposals.id"))
    .addColumn("comment_id", "integer", (c) => c.references("comments.id"))
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("data", "text")
    .addColumn("read_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["user_id", "read_at", "id"]).execute();

  // Search: CJK runs as overlapping bigrams, other words lower-cased, so a two-character word is found.
  await sql`create virtual table search_index using fts5(text, doc_type unindexed, doc_id unindexed, compound_id unindexed, proposal_id unindexed, tokenize = 'unicode61')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table search_index`.execute(db);
  for (const t of [
    "notifications",
    "follows",
    "mutes",
    "reports",
    "minutes",
    "comment_revisions",
    "comments",
    "cosponsors",
    "proposals",
    "compound_settings",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
