// The comment-stance migration (2026-12-03T03) rebuilds two tables that others point at: on the seeded demo it
// keeps every row, id, link and the id counter, leaves foreign keys on and checked, and goes down and up again.
import { Migrator, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { openDatabase } from "../../db/connect";
import { CHECKS } from "../../db/migrations/2026-12-03T07-checks";
import { migrations, migrationsFor } from "../../db/migrations/index";
import { engineOf } from "../../db/engine";
import { onPg } from "../support/pg";

const db = () => getDb();

async function notNull(table: string, column: string) {
  const cols = await sql<{ name: string; notnull: number }>`select name, "notnull" from pragma_table_info(${table})`.execute(db());
  return cols.rows.find((c) => c.name === column)?.notnull === 1;
}

const rows = async () => ({
  comments: await db()
    .selectFrom("comments")
    .select(["id", "proposal_id", "author_id", "parent_id", "body_md", "hidden_reason", "created_at"])
    .orderBy("id")
    .execute(),
  revisions: await db().selectFrom("comment_revisions").select(["id", "comment_id", "body_md"]).orderBy("id").execute(),
});

// The table rebuilds are SQLite's (PostgreSQL alters in place; tests/integration/schema-engines.test.ts takes it
// down and up again there).
describe.skipIf(onPg)("the comment-stance migration", () => {
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
    expect(indexes.rows.map((r) => r.name)).toEqual([
      "comments_author",
      "comments_parent",
      "comments_proposal",
      "comments_thread_page",
      "comments_visible_stance",
    ]);
  });
});

// The CHECK migration (2026-12-03T07): every enum-like column and 0/1 flag refuses a value outside its list;
// a stored row outside a list stops the migration and names the row; down gives back the tables exactly.
describe("the CHECK migration", () => {
  const before = "2026-12-03T06-sign-in-sources";
  const migrator = () => new Migrator({ db: db(), provider: { getMigrations: async () => migrationsFor(engineOf(db())) } });
  /** Both engines' refusals name the constraint ("CHECK constraint failed: x_check", "violates check constraint \"x_check\""). */
  const refused = (name: string) => new RegExp(`(CHECK constraint failed: |check constraint ")${name}`);

  /** Every table, index and trigger as SQLite stores it, in a stable order. */
  const schema = async (on = db()) =>
    (
      await sql<{
        type: string;
        name: string;
        sql: string;
      }>`select type, name, sql from sqlite_master where sql is not null and name not like 'kysely_%' order by type, name`.execute(on)
    ).rows;

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of Object.keys(CHECKS)) out[table] = (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0].n;
    return out;
  };

  it("issue 13 · 4: every enum column and flag refuses a value outside its list", async () => {
    let tried = 0;
    for (const [table, columns] of Object.entries(CHECKS)) {
      const rows = (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0].n;
      if (!rows) continue; // nothing to update: the inserts below and the list test cover the table
      for (const [column, allowed] of Object.entries(columns)) {
        if (allowed === "flag" && onPg) continue; // a boolean column: the type itself refuses anything else
        const bad = allowed === "flag" ? 2 : "not-in-the-list";
        await expect(sql`update ${sql.table(table)} set ${sql.ref(column)} = ${bad}`.execute(db()), `${table}.${column}`).rejects.toThrow(
          refused(`${table}_${column}_check`),
        );
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(onPg ? 25 : 30);
    // New rows too, on the held connection the fast paths use, and the nullable columns still take null.
    await expect(
      sql`insert into places (kind, name, path, created_at) values ('village', 'x', '/x/', '2026-11-18T02:00:00.000Z')`.execute(db()),
    ).rejects.toThrow(refused("places_kind_check"));
    const vote = await db().selectFrom("votes").select(["id"]).executeTakeFirstOrThrow();
    await expect(sql`insert into ballot_choices (vote_id, slot, choice, receipt_hash) values (${vote.id}, 'slot-x', 'yes', 'h')`.execute(db())).rejects.toThrow(
      refused("ballot_choices_choice_check"),
    );
    if (!onPg) await expect(db().updateTable("votes").set({ secret: -1 }).where("id", "=", vote.id).execute()).rejects.toThrow(refused("votes_secret_check"));
    await expect(db().updateTable("requests").set({ completed_level: null, reopened: 1 }).execute()).resolves.toBeDefined();
    await expect(db().updateTable("comments").set({ stance: null }).where("id", "=", 1).execute()).resolves.toBeDefined();
    await expect(
      db()
        .updateTable("users")
        .set({ locale: "fr" as "en" })
        .where("id", "=", 1)
        .execute(),
    ).rejects.toThrow(refused("users_locale_check"));
  });

  it("issue 13 · 4: a bad existing row stops the migration with a message naming it", async () => {
    expect((await migrator().migrateTo(before)).error).toBeUndefined();
    const old = onPg ? [] : await schema();
    const residency = await db().selectFrom("residencies").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    await sql`update residencies set relation = 'cousin' where id = ${residency.id}`.execute(db());

    const failed = await migrator().migrateToLatest();
    expect(String(failed.error)).toContain(`residencies.relation of the row with id = ${residency.id} is "cousin", not one of owner, tenant, family`);
    // Nothing half-done: the tables, triggers and foreign keys are as they were.
    if (!onPg) {
      expect(await schema()).toEqual(old);
      expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db())).rows[0].foreign_keys).toBe(1);
    }

    // A table keyed by several columns names the row by its key.
    await sql`update residencies set relation = 'family' where id = ${residency.id}`.execute(db());
    const choice = await db().selectFrom("published_ballots").select(["vote_id", "position"]).executeTakeFirstOrThrow();
    await sql`update published_ballots set choice = 'maybe' where vote_id = ${choice.vote_id} and position = ${choice.position}`.execute(db());
    expect(String((await migrator().migrateToLatest()).error)).toContain(
      `published_ballots.choice of the row with vote_id = ${choice.vote_id}, position = ${choice.position} is "maybe"`,
    );

    await sql`update published_ballots set choice = 'agree' where vote_id = ${choice.vote_id} and position = ${choice.position}`.execute(db());
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
    await expect(sql`update residencies set relation = 'cousin' where id = ${residency.id}`.execute(db())).rejects.toThrow(
      refused("residencies_relation_check"),
    );
  });

  it.skipIf(onPg)("issue 13 · 4: down gives back the tables exactly as a database never migrated this far has them, and up again keeps every row", async () => {
    const rowsBefore = await counts();
    const seqBefore = (await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence order by name`.execute(db())).rows;
    const places = await db().selectFrom("places").select(["id", "dwelling_count", "resident_count"]).orderBy("id").execute();

    expect((await migrator().migrateTo(before)).error).toBeUndefined();
    const fresh = openDatabase(":memory:");
    try {
      expect((await new Migrator({ db: fresh, provider: { getMigrations: async () => migrations } }).migrateTo(before)).error).toBeUndefined();
      expect(await schema()).toEqual(await schema(fresh));
    } finally {
      await fresh.destroy();
    }
    expect(await counts()).toEqual(rowsBefore);

    const t0 = performance.now();
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
    const took = performance.now() - t0;
    expect(took).toBeLessThan(10_000);
    expect(await counts()).toEqual(rowsBefore);
    expect((await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence order by name`.execute(db())).rows).toEqual(seqBefore);
    expect(await db().selectFrom("places").select(["id", "dwelling_count", "resident_count"]).orderBy("id").execute()).toEqual(places);
    expect((await sql`pragma foreign_key_check`.execute(db())).rows).toEqual([]);
    expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db())).rows[0].integrity_check).toBe("ok");
    // The triggers came back: the audit log still refuses an update, and a new dwelling is still counted.
    expect((await sql`select name from sqlite_master where type = 'trigger'`.execute(db())).rows).toHaveLength(8);
    await expect(sql`update audit_log set reason = 'x'`.execute(db())).rejects.toThrow("audit_log is append-only");
    const building = await db().selectFrom("places").select(["id", "dwelling_count"]).where("kind", "=", "building").executeTakeFirstOrThrow();
    const compound = await db().selectFrom("dwellings").select("compound_id").where("building_id", "=", building.id).executeTakeFirstOrThrow();
    await db()
      .insertInto("dwellings")
      .values({
        building_id: building.id,
        compound_id: compound.compound_id,
        unit: "9",
        room: "9999",
        area_centi: 10_000,
        created_at: "2026-11-18T02:00:00.000Z",
      })
      .execute();
    expect((await db().selectFrom("places").select("dwelling_count").where("id", "=", building.id).executeTakeFirstOrThrow()).dwelling_count).toBe(
      building.dwelling_count + 1,
    );
  });
});
