import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";

// A reply may carry no stance (issue 12 · 14): comments.stance and comment_revisions.stance become nullable.
// SQLite cannot drop a NOT NULL constraint in place, so both tables are rebuilt the documented way (foreign
// keys off, new table, copy, drop, rename, check), keeping every id and the autoincrement counter.
// The stance counts become counts of people by their latest stance: the index of visible comments now holds
// each person's stanced comments, newest first.
// PostgreSQL drops the constraint in place: the plain ALTERs the rebuild stands for.
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === "pg") {
    await sql`alter table comments alter column stance drop not null`.execute(db);
    await sql`alter table comment_revisions alter column stance drop not null`.execute(db);
    await sql`drop index comments_visible_stance`.execute(db);
    await sql`create index comments_visible_stance on comments (proposal_id, author_id, created_at desc, id desc, stance)
              where hidden_reason is null and stance is not null`.execute(db);
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await rebuild(trx, "comments", {
        columns: `"id" integer primary key autoincrement, "proposal_id" integer not null references "proposals" ("id"), "author_id" integer not null references "users" ("id"), "parent_id" integer references "comments" ("id"), "stance" text, "body_md" text not null, "body_html" text not null, "official" integer default 0 not null, "pinned" integer default 0 not null, "hidden_reason" text, "created_at" text not null, "edited_at" text`,
        copy: `"id", "proposal_id", "author_id", "parent_id", "stance", "body_md", "body_html", "official", "pinned", "hidden_reason", "created_at", "edited_at"`,
        indexes: [
          `create index "comments_proposal" on "comments" ("proposal_id", "id")`,
          `create index "comments_parent" on "comments" ("parent_id")`,
          `create index "comments_author" on "comments" ("author_id", "id")`,
          `create index "comments_thread_page" on "comments" ("proposal_id", "parent_id", "pinned" desc, "id")`,
          `create index "comments_visible_stance" on "comments" ("proposal_id", "author_id", "created_at" desc, "id" desc, "stance") where "hidden_reason" is null and "stance" is not null`,
        ],
      });
      await rebuild(trx, "comment_revisions", {
        columns: `"id" integer primary key autoincrement, "comment_id" integer not null references "comments" ("id"), "stance" text, "body_md" text not null, "body_html" text not null, "created_at" text not null`,
        copy: `"id", "comment_id", "stance", "body_md", "body_html", "created_at"`,
        indexes: [`create index "comment_revisions_comment" on "comment_revisions" ("comment_id", "id")`],
      });
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length) throw new Error(`comment-stance: foreign key check failed: ${JSON.stringify(broken.rows.slice(0, 3))}`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuild(trx: Kysely<any>, table: string, t: { columns: string; copy: string; indexes: string[] }) {
  const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(trx);
  await sql.raw(`create table "${table}_new" (${t.columns})`).execute(trx);
  await sql.raw(`insert into "${table}_new" (${t.copy}) select ${t.copy} from "${table}"`).execute(trx);
  await sql.raw(`drop table "${table}"`).execute(trx);
  await sql.raw(`alter table "${table}_new" rename to "${table}"`).execute(trx);
  for (const index of t.indexes) await sql.raw(index).execute(trx);
  const was = seq.rows[0]?.seq;
  if (was !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${was}) where name = ${table}`.execute(trx);
}

export async function down(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === "pg") {
    await sql`update comments set stance = 'neutral' where stance is null`.execute(db);
    await sql`update comment_revisions set stance = 'neutral' where stance is null`.execute(db);
    await sql`alter table comments alter column stance set not null`.execute(db);
    await sql`alter table comment_revisions alter column stance set not null`.execute(db);
    await sql`drop index comments_visible_stance`.execute(db);
    await sql`create index comments_visible_stance on comments (proposal_id, stance) where hidden_reason is null`.execute(db);
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql`update comments set stance = 'neutral' where stance is null`.execute(trx);
      await sql`update comment_revisions set stance = 'neutral' where stance is null`.execute(trx);
      await rebuild(trx, "comments", {
        columns: `"id" integer primary key autoincrement, "proposal_id" integer not null references "proposals" ("id"), "author_id" integer not null references "users" ("id"), "parent_id" integer references "comments" ("id"), "stance" text not null, "body_md" text not null, "body_html" text not null, "official" integer default 0 not null, "pinned" integer default 0 not null, "hidden_reason" text, "created_at" text not null, "edited_at" text`,
        copy: `"id", "proposal_id", "author_id", "parent_id", "stance", "body_md", "body_html", "official", "pinned", "hidden_reason", "created_at", "edited_at"`,
        indexes: [
          `create index "comments_proposal" on "comments" ("proposal_id", "id")`,
          `create index "comments_parent" on "comments" ("parent_id")`,
          `create index "comments_author" on "comments" ("author_id", "id")`,
          `create index "comments_thread_page" on "comments" ("proposal_id", "parent_id", "pinned" desc, "id")`,
          `create index "comments_visible_stance" on "comments" ("proposal_id", "stance") where "hidden_reason" is null`,
        ],
      });
      await rebuild(trx, "comment_revisions", {
        columns: `"id" integer primary key autoincrement, "comment_id" integer not null references "comments" ("id"), "stance" text not null, "body_md" text not null, "body_html" text not null, "created_at" text not null`,
        copy: `"id", "comment_id", "stance", "body_md", "body_html", "created_at"`,
        indexes: [`create index "comment_revisions_comment" on "comment_revisions" ("comment_id", "id")`],
      });
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
