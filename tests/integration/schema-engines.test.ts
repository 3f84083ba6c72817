// One set of migrations, two engines (issue 14 · 1): migrated on SQLite and on PostgreSQL, the schema has the
// same tables, columns and nullability, primary keys, foreign keys, unique keys, index names and CHECK lists.
// PostgreSQL uses its own types where it has better ones (bigint identity, timestamptz, date, boolean), and its
// flags need no CHECK. Runs when the run has PostgreSQL (TEST_ENGINE=pg).
import { type Kysely, Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/connect";
import { CHECKS } from "../../db/migrations/2026-12-03T07-checks";
import { CHECKS as OUTBOX_CHECKS } from "../../db/migrations/2026-12-04T01-outbox";
import { migrationsFor } from "../../db/migrations/index";
import { createPgDatabase, dropPgDatabase, onPg, pgServerUrl, uniqueDbName } from "../support/pg";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- both catalogs are read with raw SQL
type Db = Kysely<any>;

interface Column {
  name: string;
  notNull: boolean;
}
interface Table {
  columns: Column[];
  primaryKey: string[];
  foreignKeys: string[];
  unique: string[];
}
interface Schema {
  tables: Record<string, Table>;
  indexes: string[];
  /** "table.column" → the values its CHECK allows, as written in the catalog. */
  checks: Record<string, string[]>;
}

/** The FTS5 table on SQLite, a plain table with a generated tsvector on PostgreSQL: compared on its own. */
const SEARCH = "search_index";
const quoted = (text: string) => [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));

async function sqliteSchema(db: Db): Promise<Schema> {
  const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows;
  const names = await rows(sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'
      and name not like ${`${SEARCH}_%`} order by name`);
  const schema: Schema = { tables: {}, indexes: [], checks: {} };
  for (const { name, sql: create } of names) {
    const info = await rows(sql<{ name: string; notnull: number; pk: number }>`select name, "notnull", pk from pragma_table_info(${name})`);
    const fks = await rows(sql<{ table: string; from: string; to: string }>`select "table", "from", "to" from pragma_foreign_key_list(${name})`);
    const indexes = await rows(sql<{ name: string; unique: number; origin: string; partial: number }>`
      select name, "unique", origin, partial from pragma_index_list(${name})`);
    const unique: string[] = [];
    for (const ix of indexes.filter((i) => i.unique && i.origin !== "pk")) {
      const cols = await rows(sql<{ name: string | null }>`select name from pragma_index_info(${ix.name}) order by seqno`);
      if (cols.every((c) => c.name)) unique.push(cols.map((c) => c.name).join(",") + (ix.partial ? " (partial)" : ""));
    }
    schema.tables[name] = {
      // An INTEGER PRIMARY KEY is NOT NULL in effect; pragma_table_info reports it as nullable.
      columns: info.map((c) => ({ name: c.name, notNull: c.notnull === 1 || c.pk > 0 })),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      foreignKeys: fks.map((f) => `${f.from} → ${f.table}.${f.to}`).sort(),
      unique: unique.sort(),
    };
    for (const m of (create ?? "").matchAll(/constraint "(\w+?)_check" check \(([^)]*\))\)/g)) schema.checks[m[1]] = checkValues(m[2]);
  }
  schema.indexes = (
    await rows(sql<{ name: string }>`select name from sqlite_master where type = 'index' and sql is not null and name not like 'kysely_%' order by name`)
  ).map((r) => r.name);
  return schema;
}

/** The values of `… in ('a', 'b')` or, for a 0/1 flag, `in (0, 1)`. */
function checkValues(test: string): string[] {
  const list = /\bin \(([^)]*)\)/.exec(test)?.[1] ?? "";
  return list.includes("'") ? quoted(list) : list.split(",").map((v) => v.trim());
}

async function pgSchema(db: Db): Promise<Schema> {
  const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows;
  const columns = await rows(sql<{ table_name: string; column_name: string; is_nullable: string }>`
    select table_name, column_name, is_nullable from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name, ordinal_position`);
  const constraints = await rows(sql<{
    table: string;
    name: string;
    type: string;
    columns: string[];
    ref: string | null;
    refcols: string[] | null;
    def: string;
  }>`
    select t.relname as "table", c.conname as name, c.contype as type,
      array(select a.attname from unnest(c.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o)::text[] as columns,
      r.relname as ref,
      array(select a.attname from unnest(c.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o)::text[] as refcols,
      pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_class t on t.oid = c.conrelid left join pg_class r on r.oid = c.confrelid
    join pg_namespace s on s.oid = t.relnamespace
    where s.nspname = current_schema() and t.relname not like 'kysely_%'`);
  // Indexes made on their own (not behind a constraint), and unique ones by their column list.
  const indexes = await rows(sql<{ table: string; name: string; unique: boolean; partial: boolean; columns: (string | null)[]; constraint: boolean }>`
    select t.relname as "table", i.relname as name, x.indisunique as unique, x.indpred is not null as partial,
      array(select a.attname from unnest(x.indkey) with ordinality k(n, o) left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n order by k.o)::text[] as columns,
      exists (select 1 from pg_constraint c where c.conindid = x.indexrelid) as "constraint"
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace s on s.oid = t.relnamespace
    where s.nspname = current_schema() and t.relname not like 'kysely_%'`);
  const schema: Schema = { tables: {}, indexes: [], checks: {} };
  for (const c of columns) {
    const t = (schema.tables[c.table_name] ??= { columns: [], primaryKey: [], foreignKeys: [], unique: [] });
    t.columns.push({ name: c.column_name, notNull: c.is_nullable === "NO" });
  }
  for (const c of constraints) {
    const t = schema.tables[c.table];
    if (c.type === "p") t.primaryKey = c.columns;
    else if (c.type === "f") c.columns.forEach((col, i) => t.foreignKeys.push(`${col} → ${c.ref}.${c.refcols![i]}`));
    else if (c.type === "c") schema.checks[c.name.replace(/_check$/, "")] = quoted(c.def);
  }
  for (const ix of indexes) {
    if (!ix.constraint) schema.indexes.push(ix.name);
    // Expression columns (attnum 0) have no name: such an index is compared by name only, as on SQLite.
    if (ix.unique && !ix.columns.some((c) => c === null) && !constraints.some((c) => c.type === "p" && c.table === ix.table && c.name === ix.name))
      schema.tables[ix.table].unique.push(ix.columns.join(",") + (ix.partial ? " (partial)" : ""));
  }
  for (const t of Object.values(schema.tables)) {
    t.foreignKeys.sort();
    t.unique.sort();
  }
  schema.indexes.sort();
  return schema;
}

/** The CHECKs migration 07 adds on an engine: every list on SQLite, all but the flags on PostgreSQL. */
function expectedChecks(engine: "sqlite" | "pg"): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [table, columns] of Object.entries<Record<string, readonly string[] | "flag">>({ ...CHECKS, ...OUTBOX_CHECKS }))
    for (const [column, allowed] of Object.entries(columns)) {
      if (allowed === "flag" && engine === "pg") continue;
      out[`${table}_${column}`] = allowed === "flag" ? ["0", "1"] : [...allowed];
    }
  // Migration 2026-12-04T03 (direct reports): a request's origin, and one CHECK that exactly one origin is set.
  out.requests_source = ["resolution", "report"];
  // The SQLite reader above takes only `in (…)` lists; the origin CHECK is tried on both in tests/integration/reports.test.ts.
  if (engine === "pg") out.requests_origin = ["resolution", "report"];
  // Migration 2026-12-04T05 (acting on behalf): a consent is by code or by paper form.
  out.behalf_consents_method = ["code", "paper"];
  return out;
}

describe.runIf(onPg)("one schema on both engines", () => {
  let server = "";
  const name = uniqueDbName("mig");
  let lite: Db;
  let pg: Db;
  let a: Schema;
  let b: Schema;

  beforeAll(async () => {
    server = pgServerUrl();
    lite = openDatabase(":memory:");
    pg = openDatabase(await createPgDatabase(server, name));
    const [onLite, onPgNames] = [await migrateToLatest(lite), await migrateToLatest(pg)];
    expect(onPgNames).toEqual(onLite);
    [a, b] = [await sqliteSchema(lite), await pgSchema(pg)];
  }, 60_000);

  afterAll(async () => {
    await lite?.destroy();
    await pg?.destroy();
    if (server) await dropPgDatabase(server, name);
  });

  it("has the same tables", () => {
    expect(Object.keys(b.tables).sort()).toEqual(Object.keys(a.tables).sort());
    expect(Object.keys(a.tables).length).toBeGreaterThan(35);
  });

  it("has the same columns, nullability, primary keys, foreign keys and unique keys in every table", () => {
    for (const table of Object.keys(a.tables).filter((t) => t !== SEARCH)) {
      const [x, y] = [a.tables[table], b.tables[table]];
      expect({ table, columns: y.columns }).toEqual({ table, columns: x.columns });
      expect({ table, pk: y.primaryKey, fk: y.foreignKeys, unique: y.unique }).toEqual({ table, pk: x.primaryKey, fk: x.foreignKeys, unique: x.unique });
    }
  });

  it("keeps the search table's columns, plus the tsvector PostgreSQL searches", () => {
    const names = (t: Table) => t.columns.map((c) => c.name).sort();
    expect(names(a.tables[SEARCH])).toEqual(["compound_id", "doc_id", "doc_type", "proposal_id", "scope", "text"]);
    expect(names(b.tables[SEARCH])).toEqual([...names(a.tables[SEARCH]), "tsv"].sort());
    expect(b.tables[SEARCH].primaryKey).toEqual(["doc_type", "doc_id"]);
    expect(b.indexes).toEqual(expect.arrayContaining(["search_index_tsv", "search_index_compound"]));
  });

  it("has the same index names (PostgreSQL's own search indexes aside)", () => {
    expect(b.indexes.filter((n) => !n.startsWith(`${SEARCH}_`))).toEqual(a.indexes);
  });

  it("has the CHECK lists of migration 07: all on SQLite, all but the boolean flags on PostgreSQL", () => {
    expect(a.checks).toEqual(expectedChecks("sqlite"));
    expect(b.checks).toEqual(expectedChecks("pg"));
  });

  it("uses PostgreSQL's types: bigint identity keys, timestamptz instants, date days, boolean flags", async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; is_identity: string }>`
      select table_name, column_name, data_type, is_identity from information_schema.columns
      where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(pg);
    const type = (t: string, c: string) => rows.find((r) => r.table_name === t && r.column_name === c)?.data_type;
    const instant = /(_at|_due|^at|^until|^level_since|^notice_\w+)$/;
    for (const r of rows) {
      if (r.column_name === "id" && r.data_type !== "text") expect([r.table_name, r.data_type, r.is_identity]).toEqual([r.table_name, "bigint", "YES"]);
      if (instant.test(r.column_name)) expect([r.table_name, r.column_name, r.data_type]).toEqual([r.table_name, r.column_name, "timestamp with time zone"]);
    }
    expect([type("work_calendar", "date"), type("minutes", "meeting_date")]).toEqual(["date", "date"]);
    for (const [table, columns] of Object.entries<Record<string, readonly string[] | "flag">>({ ...CHECKS, ...OUTBOX_CHECKS }))
      for (const [column, allowed] of Object.entries(columns))
        if (allowed === "flag") expect([table, column, type(table, column)]).toEqual([table, column, "boolean"]);
  });

  it("keeps the audit log append-only on PostgreSQL, TRUNCATE included", async () => {
    await sql`insert into audit_log (at, action, entity_type) values (now(), 'test', 'test')`.execute(pg);
    await expect(sql`update audit_log set reason = 'x'`.execute(pg)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(pg)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(pg)).rejects.toThrow(/append-only/);
  });

  it("counts residents as people on PostgreSQL when one statement changes several residencies", async () => {
    const at = "2026-12-01T00:00:00.000Z";
    const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(pg)).rows[0];
    const { id: compound } = await one(
      sql<{ id: number }>`insert into places (kind, name, path, created_at) values ('compound', '计数', '/', ${at}) returning id`,
    );
    const { id: building } = await one(
      sql<{ id: number }>`insert into places (kind, name, parent_id, path, created_at) values ('building', '1号楼', ${compound}, '/', ${at}) returning id`,
    );
    const dwellings = (
      await sql<{ id: number }>`insert into dwellings (building_id, compound_id, unit, room, area_centi, created_at)
        values (${building}, ${compound}, '1', '101', 8000, ${at}), (${building}, ${compound}, '1', '102', 8000, ${at}) returning id`.execute(pg)
    ).rows;
    const { id: user } = await one(
      sql<{ id: number }>`insert into users (phone, name, password_hash, created_at) values ('13999990009', '甲', 'x', ${at}) returning id`,
    );
    const counts = async () =>
      one(sql<{ dwelling_count: number; resident_count: number }>`select dwelling_count, resident_count from places where id = ${compound}`);
    expect(await counts()).toEqual({ dwelling_count: 2, resident_count: 0 });
    await sql`insert into residencies (user_id, dwelling_id, compound_id, relation, status, method, created_at)
      values (${user}, ${dwellings[0].id}, ${compound}, 'owner', 'pending', 'claim', ${at}), (${user}, ${dwellings[1].id}, ${compound}, 'owner', 'pending', 'claim', ${at})`.execute(
      pg,
    );
    expect((await counts()).resident_count).toBe(0);
    await sql`update residencies set status = 'verified' where user_id = ${user}`.execute(pg);
    expect((await counts()).resident_count).toBe(1);
    await sql`update residencies set status = 'ended' where user_id = ${user} and dwelling_id = ${dwellings[0].id}`.execute(pg);
    expect((await counts()).resident_count).toBe(1);
    await sql`update residencies set status = 'ended' where user_id = ${user}`.execute(pg);
    expect((await counts()).resident_count).toBe(0);
    await sql`update residencies set status = 'verified' where user_id = ${user}`.execute(pg);
    await sql`delete from residencies where user_id = ${user}`.execute(pg);
    expect((await counts()).resident_count).toBe(0);
    await sql`insert into residencies (user_id, dwelling_id, compound_id, relation, status, method, created_at)
      values (${user}, ${dwellings[0].id}, ${compound}, 'owner', 'verified', 'code', ${at}), (${user}, ${dwellings[1].id}, ${compound}, 'owner', 'verified', 'code', ${at})`.execute(
      pg,
    );
    expect((await counts()).resident_count).toBe(1);
    await sql`delete from residencies where user_id = ${user}`.execute(pg);
    await sql`delete from dwellings where compound_id = ${compound}`.execute(pg);
    expect(await counts()).toEqual({ dwelling_count: 0, resident_count: 0 });
  });

  it("goes down past the CHECK and comment-stance migrations on PostgreSQL and up again to the same schema", async () => {
    const migrator = new Migrator({ db: pg, provider: { getMigrations: async () => migrationsFor("pg") } });
    const down = await migrator.migrateTo("2026-11-26T12-place-counters");
    expect(down.error).toBeUndefined();
    const lowered = await pgSchema(pg);
    expect(lowered.checks).toEqual({});
    expect(lowered.tables.comments.columns.find((c) => c.name === "stance")?.notNull).toBe(true);
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await pgSchema(pg)).toEqual(b);
  });
});

describe.runIf(onPg)("a PostgreSQL database that does not sort by bytes", () => {
  it("is refused before any migration, with the statement that makes a right one", async () => {
    const server = process.env.TEST_PG_SERVER!;
    for (const [name, options] of [
      [uniqueDbName("mig_icu"), "locale_provider icu icu_locale 'zh' lc_collate 'C' lc_ctype 'C.UTF-8'"],
      [uniqueDbName("mig_ascii"), "encoding 'SQL_ASCII' lc_collate 'C' lc_ctype 'C'"],
    ] as const) {
      const admin = openDatabase(`${server}postgres`);
      await sql.raw(`create database ${name} template template0 ${options}`).execute(admin);
      await admin.destroy();
      const db = openDatabase(`${server}${name}`);
      try {
        await expect(migrateToLatest(db)).rejects.toThrow(/needs collation C and UTF8: CREATE DATABASE/);
        expect((await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(db)).rows[0].n).toBe(0);
      } finally {
        await db.destroy();
        await dropPgDatabase(server, name);
      }
    }
  });
});
