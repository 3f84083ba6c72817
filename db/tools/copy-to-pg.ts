// Copies a SQLite database of this app into a PostgreSQL database migrated to the same version: every table's
// rows with their ids, in an order that satisfies the foreign keys, with the tables' own triggers off while
// loading (the place counters are copied, not counted again), then the identity counters moved past the
// copied ids and the tables analysed. The data generator and the benchmark use it to put the same data on
// PostgreSQL; an operator can use it to move a compound's SQLite file onto a city database.
//   npm run cli -- copy-to-pg FILE   (into DATABASE_URL)
import SQLite from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema";
import { migrateToLatest, openDatabase } from "../connect";

interface Column {
  table: string;
  column: string;
  identity: boolean;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** PostgreSQL takes at most 65535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

async function tablesInOrder(pg: Kysely<Database>): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name`.execute(pg)
  ).rows.map((r) => r.name);
  const edges = (
    await sql<{ child: string; parent: string }>`select distinct tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(pg)
  ).rows;
  // Parents before children (a table that refers to itself is ordered by id within itself).
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const e of edges) if (e.child === t && e.parent !== t) visit(e.parent, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

async function columnsOf(pg: Kysely<Database>): Promise<Column[]> {
  return (
    await sql<Column>`select table_name as "table", column_name as "column", is_identity = 'YES' as identity
      from information_schema.columns where table_schema = current_schema() and is_generated = 'NEVER' order by table_name, ordinal_position`.execute(pg)
  ).rows;
}

/** Copies `sqliteFile` into the (migrated, otherwise empty or demo) PostgreSQL database at `pgUrl`. */
export async function copySqliteToPostgres(
  sqliteFile: string,
  pgUrl: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<Record<string, number>> {
  const pg = openDatabase(pgUrl);
  const lite = new SQLite(sqliteFile, { readonly: true, fileMustExist: true });
  const counts: Record<string, number> = {};
  try {
    await migrateToLatest(pg);
    const order = await tablesInOrder(pg);
    const columns = await columnsOf(pg);
    await pg.connection().execute(async (c) => {
      for (const t of order) await sql.raw(`alter table ${quote(t)} disable trigger user`).execute(c);
      try {
        await c.transaction().execute(async (trx) => {
          // Whatever the migrations or an earlier run put there goes first, children before parents.
          for (const t of [...order].reverse()) await sql.raw(`delete from ${quote(t)}`).execute(trx);
          for (const t of order) counts[t] = await copyTable(lite, trx, t, columns, onProgress);
        });
      } finally {
        for (const t of order) await sql.raw(`alter table ${quote(t)} enable trigger user`).execute(c);
      }
      for (const col of columns.filter((x) => x.identity)) {
        await sql
          .raw(
            `select setval(pg_get_serial_sequence('${quote(col.table)}', '${col.column}'), coalesce(max(${quote(col.column)}), 1), max(${quote(col.column)}) is not null) from ${quote(col.table)}`,
          )
          .execute(c);
      }
      // VACUUM too: a GIN index filled in bulk keeps a pending list the planner prices above a scan until vacuumed.
      await sql`vacuum analyze`.execute(c);
    });
  } finally {
    lite.close();
    await pg.destroy();
  }
  return counts;
}

async function copyTable(lite: SQLite.Database, trx: Kysely<Database>, table: string, all: Column[], onProgress?: (table: string, rows: number) => void) {
  const exists = lite.prepare("select 1 from sqlite_master where name = ? and type in ('table', 'view')").get(table);
  if (!exists) return 0;
  const have = new Set((lite.prepare(`select name from pragma_table_xinfo(?)`).all(table) as { name: string }[]).map((r) => r.name));
  const cols = all.filter((c) => c.table === table && have.has(c.column)).map((c) => c.column);
  if (cols.length === 0) return 0;
  // By id where there is one (a row that refers to another of its table comes after it); else as stored.
  const order = cols.includes("id") ? " order by id" : "";
  const rows = lite.prepare(`select ${cols.map(quote).join(", ")} from ${quote(table)}${order}`).iterate() as Iterable<Record<string, unknown>>;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / cols.length));
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await trx
      .insertInto(table as keyof Database)
      .values(batch as never)
      .execute();
    n += batch.length;
    batch = [];
    onProgress?.(table, n);
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) await flush();
  }
  await flush();
  return n;
}
