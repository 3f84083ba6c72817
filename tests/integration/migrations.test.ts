// The comment-stance migration (2026-12-03T03) rebuilds two tables that others point at: on the seeded demo it
// keeps every row, id, link and the id counter, leaves foreign keys on and checked, and goes down and up again.
import { Migrator, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { migrations } from "../../db/migrations/index";

const db = () => getDb();

async function notNull(table: string, column: string) {
  const cols = await sql<{ name: string; notnull: number }>`select name, "notnull" from pragma_table_info(${table})`.execute(db());
  return cols.rows.find((c) => c.name === column)?.notnull === 1;
}

const rows = async () => ({
  comments: await db().selectFrom("comments").select(["id", "proposal_id", "author_id", "parent_id", "body_md", "hidden_reason", "created_at"]).orderBy("id").execute(),
  revisions: await db().selectFrom("comment_revisions").select(["id", "comment_id", "body_md"]).orderBy("id").execute(),
});

describe("the comment-stance migration", () => {
  it("issue 12 · 14: makes stance optional without losing a comment, an id or a link, down and up again", async () => {
    const migrator = new Migrator({ db: db(), provider: { getMigrations: async () => migrations } });
    const before = await rows();
    expect(before.comments.length).toBeGreaterThan(3);
    expect(await db().selectFrom("comments").select("id").where("stance", "is", null).execute()).not.toEqual([]);
    const top = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'comments'`.execute(db());

    const down = await migrator.migrateTo("2026-11-26T12-place-counters");
    expect(down.error).toBeUndefined();
    expect(await notNull("comments", "stance")).toBe(true);
    expect(await rows()).toEqual(before);

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await notNull("comments", "stance")).toBe(false);
    expect(await notNull("comment_revisions", "stance")).toBe(false);
    expect(await rows()).toEqual(before);
    expect((await sql`pragma foreign_key_check`.execute(db())).rows).toEqual([]);
    expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db())).rows[0].foreign_keys).toBe(1);
    expect((await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'comments'`.execute(db())).rows[0].seq).toBe(top.rows[0].seq);
    const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'comments' order by name`.execute(db());
    expect(indexes.rows.map((r) => r.name)).toEqual(["comments_author", "comments_parent", "comments_proposal", "comments_thread_page", "comments_visible_stance"]);
  });
});
