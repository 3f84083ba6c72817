import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Proposals, co-sponsors, consultation threads, minutes, moderation, follows, notifications and search.
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema
    .createTable("compound_settings")
    .addColumn("compound_id", t.ref, (c) => c.primaryKey().references("places.id"))
    .addColumn("cosponsor_threshold", "integer", (c) => c.notNull().defaultTo(5))
    .execute();

  await db.schema
    .createTable("proposals")
    .addColumn("id", t.id, t.identity)
    .addColumn("compound_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("author_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("state_reason", "text")
    .addColumn("merged_into_id", t.ref, (c) => c.references("proposals.id"))
    .addColumn("locked", t.flag, (c) => c.notNull().defaultTo(t.flagValue(0)))
    .addColumn("hidden_reason", "text")
    .addColumn("cosponsor_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("comment_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .addColumn("last_activity_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("proposals_compound_activity").on("proposals").columns(["compound_id", "last_activity_at", "id"]).execute();
  await db.schema.createIndex("proposals_compound_state").on("proposals").columns(["compound_id", "state", "last_activity_at"]).execute();
  await db.schema.createIndex("proposals_author").on("proposals").columns(["author_id", "updated_at"]).execute();

  await db.schema
    .createTable("cosponsors")
    .addColumn("proposal_id", t.ref, (c) => c.notNull().references("proposals.id"))
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("dwelling_id", t.ref, (c) => c.notNull().references("dwellings.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("cosponsors_pk", ["proposal_id", "user_id"])
    .execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", t.id, t.identity)
    .addColumn("proposal_id", t.ref, (c) => c.notNull().references("proposals.id"))
    .addColumn("author_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("parent_id", t.ref, (c) => c.references("comments.id"))
    .addColumn("stance", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("official", t.flag, (c) => c.notNull().defaultTo(t.flagValue(0)))
    .addColumn("pinned", t.flag, (c) => c.notNull().defaultTo(t.flagValue(0)))
    .addColumn("hidden_reason", "text")
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("edited_at", t.instant)
    .execute();
  await db.schema.createIndex("comments_proposal").on("comments").columns(["proposal_id", "id"]).execute();
  await db.schema.createIndex("comments_parent").on("comments").column("parent_id").execute();

  await db.schema
    .createTable("comment_revisions")
    .addColumn("id", t.id, t.identity)
    .addColumn("comment_id", t.ref, (c) => c.notNull().references("comments.id"))
    .addColumn("stance", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("comment_revisions_comment").on("comment_revisions").columns(["comment_id", "id"]).execute();

  await db.schema
    .createTable("minutes")
    .addColumn("id", t.id, t.identity)
    .addColumn("proposal_id", t.ref, (c) => c.notNull().references("proposals.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("meeting_date", t.day)
    .addColumn("meeting_place", "text")
    .addColumn("attendance", "integer")
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("author_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("minutes_proposal").on("minutes").columns(["proposal_id", "id"]).execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", t.id, t.identity)
    .addColumn("compound_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("proposal_id", t.ref, (c) => c.notNull().references("proposals.id"))
    .addColumn("comment_id", t.ref, (c) => c.references("comments.id"))
    .addColumn("reporter_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("resolved_by", t.ref, (c) => c.references("users.id"))
    .addColumn("resolved_at", t.instant)
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("reports_compound").on("reports").columns(["compound_id", "status", "id"]).execute();
  await sql`create unique index reports_once on reports (reporter_id, proposal_id, coalesce(comment_id, 0)) where status = 'open'`.execute(db);

  await db.schema
    .createTable("mutes")
    .addColumn("id", t.id, t.identity)
    .addColumn("compound_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("until", t.instant, (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("muted_by", t.ref, (c) => c.references("users.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mutes_user").on("mutes").columns(["user_id", "compound_id", "until"]).execute();

  await db.schema
    .createTable("follows")
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("proposal_id", t.ref, (c) => c.notNull().references("proposals.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("follows_pk", ["user_id", "proposal_id"])
    .execute();
  await db.schema.createIndex("follows_proposal").on("follows").column("proposal_id").execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", t.id, t.identity)
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("proposal_id", t.ref, (c) => c.references("proposals.id"))
    .addColumn("comment_id", t.ref, (c) => c.references("comments.id"))
    .addColumn("actor_id", t.ref, (c) => c.references("users.id"))
    .addColumn("data", "text")
    .addColumn("read_at", t.instant)
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["user_id", "read_at", "id"]).execute();

  // Search: CJK runs as overlapping bigrams, other words lower-cased, so a two-character word is found.
  // PostgreSQL has no FTS5: a plain table with the same columns, the tokens as a tsvector under a GIN index
  // ('simple' keeps each token as it is). 2026-11-26T05 adds the scope column on both engines.
  if (t.pg) {
    await sql`create table search_index (
                text text not null,
                doc_type text not null,
                doc_id bigint not null,
                compound_id bigint not null,
                proposal_id bigint not null,
                tsv tsvector generated always as (to_tsvector('simple', text)) stored,
                primary key (doc_type, doc_id))`.execute(db);
    await sql`create index search_index_tsv on search_index using gin (tsv)`.execute(db);
    await sql`create index search_index_compound on search_index (compound_id)`.execute(db);
    return;
  }
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
