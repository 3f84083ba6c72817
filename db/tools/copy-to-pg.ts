// Copies a SQLite database (a generated one) into a migrated PostgreSQL database, table by table, so the
// benchmark can compare the two engines on the same data. Tables and columns are those both sides have
// (PostgreSQL's generated columns are computed again; tables only SQLite has, such as FTS5's, are left out).
// Triggers and foreign keys are off while loading (session_replication_role = replica: the role needs to be a
// superuser, as the tests' and the benchmark's throw-away servers make it): the counters they keep are
// already counted in the copy. Identity sequences are moved past the copied ids, then everything is analysed.
import SQLite from "better-sqlite3";
import pg from "pg";

const SKIP = new Set(["kysely_migration", "kysely_migration_lock"]);
/** PostgreSQL takes at most 65,535 parameters a statement. */
const MAX_PARAMETERS = 60_000;

interface PgColumn {
  table_name: string;
  column_name: string;
  is_generated: string;
  is_identity: string;
  identity_generation: string | null;
}

export async function copySqliteToPostgres(file: string, url: string, say: (line: string) => void = () => {}): Promise<Record<string, number>> {
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const copied: Record<string, number> = {};
  try {
    const { rows } = await client.query<PgColumn>(
      `select c.table_name, c.column_name, c.is_generated, c.is_identity, c.identity_generation
         from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
        where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        order by c.table_name, c.ordinal_position`,
    );
    const tables = new Map<string, PgColumn[]>();
    for (const r of rows) if (!SKIP.has(r.table_name)) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r]);
    const inSqlite = new Set(source.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]);
    const names = [...tables.keys()].filter((t) => inSqlite.has(t));
    const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

    await client.query("begin");
    await client.query("set local session_replication_role = replica");
    if (names.length) await client.query(`truncate ${names.map(q).join(", ")} restart identity cascade`);
    for (const table of names) {
      const sqliteColumns = new Set((source.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]) ?? []);
      const columns = tables.get(table)!.filter((c) => c.is_generated !== "ALWAYS" && sqliteColumns.has(c.column_name));
      if (!columns.length) continue;
      const list = columns.map((c) => q(c.column_name)).join(", ");
      const overriding = columns.some((c) => c.identity_generation === "ALWAYS") ? " overriding system value" : "";
      const perBatch = Math.max(1, Math.min(5000, Math.floor(MAX_PARAMETERS / columns.length)));
      const select = source.prepare(`select ${list} from ${q(table)}`).raw();
      let batch: unknown[][] = [];
      let n = 0;
      const flush = async () => {
        if (!batch.length) return;
        const values: unknown[] = [];
        const tuples = batch.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(", ")})`);
        await client.query(`insert into ${q(table)} (${list})${overriding} values ${tuples.join(", ")}`, values);
        n += batch.length;
        batch = [];
      };
      for (const row of select.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= perBatch) await flush();
      }
      await flush();
      copied[table] = n;
      for (const c of columns.filter((c) => c.is_identity === "YES"))
        await client.query(`select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${q(c.column_name)}) from ${q(table)}), 0) + 1, false)`, [
          q(table),
          c.column_name,
        ]);
      if (n) say(`${table}: ${n} rows`);
    }
    await client.query("commit");
    await client.query("analyze");
    return copied;
  } catch (e) {
    await client.query("rollback").catch(() => {});
    throw e;
  } finally {
    await client.end();
    source.close();
  }
}
