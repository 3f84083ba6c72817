import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, type Driver, Kysely, Migrator, SqliteDialect, sql } from "kysely";
import type { Database } from "./schema";
import { migrationsFor } from "./migrations/index";
import { type Engine, engineOf, isPostgresUrl } from "./engine";
import { openPostgres, type PostgresOptions } from "./postgres";
import { captured } from "./capture";

export type Synchronous = "FULL" | "NORMAL";

export interface OpenOptions extends PostgresOptions {
  /** SQLite only: FULL syncs the WAL at every commit (docs/adr/0023-durability-synchronous-full.md). */
  synchronous?: Synchronous;
}

/**
 * Opens the database DATABASE_URL names: PostgreSQL for a postgres:// URL, else the SQLite file at that path
 * (created if needed, WAL mode, foreign keys on). The schema is not touched: see migrateToLatest.
 */
export function openDatabase(target: string, options: OpenOptions = {}): Kysely<Database> {
  if (isPostgresUrl(target)) return openPostgres(target, options);
  const filename = databasePath(target);
  if (filename !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const sqlite = new SQLite(filename);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`synchronous = ${options.synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
  const handle = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: handle }) });
  handles.set(db, handle);
  return db;
}

/**
 * Transactions on SQLite begin IMMEDIATE: they take the write lock at once. A deferred transaction that reads
 * and then writes fails with SQLITE_BUSY (busy_timeout does not help) when another process wrote meanwhile,
 * so several processes on one file need this; in one process it changes nothing (one connection).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    };
    return driver;
  }
}

/** The one SQLite connection behind a database opened here, with its statement cache. */
export type SqliteHandle = ReturnType<typeof withStatementCache>;
const handles = new WeakMap<Kysely<Database>, SqliteHandle>();

/**
 * The connection behind `db` for statements run synchronously (see db/prepared.ts). Only for code that holds
 * Kysely's connection (inside `db.connection().execute`), so it never runs inside someone else's transaction.
 */
export function sqliteOf(db: Kysely<Database>): SqliteHandle {
  const handle = handles.get(db);
  if (!handle) throw new Error("sqliteOf: not a database opened by openDatabase (a transaction?)");
  return handle;
}

/**
 * PostgreSQL: the database must sort text by bytes (collation C), as SQLite does and as the app's orderings and
 * the `places.path like '/1/2/%'` index assume, and read characters as UTF-8 (the search's tokens). Anything
 * else stops the start with the statement that makes a right one (docs/deploy.md).
 */
export async function checkPostgresLocale(db: Kysely<Database>): Promise<void> {
  // to_jsonb: datlocprovider (ICU or libc) exists only from PostgreSQL 15 on.
  const { rows } = await sql<{ d: { datcollate: string; datctype: string; datlocprovider?: string }; encoding: string }>`
    select to_jsonb(d) as d, pg_encoding_to_char(d.encoding) as encoding
    from pg_database d where d.datname = current_database()`.execute(db);
  const row = rows[0];
  const { datcollate, datctype, datlocprovider = "c" } = row?.d ?? { datcollate: "?", datctype: "?" };
  if (row && (datcollate === "C" || datcollate === "POSIX") && datlocprovider === "c" && row.encoding === "UTF8") return;
  throw new Error(
    `PostgreSQL database has collation ${datcollate} (provider ${datlocprovider}), ctype ${datctype}, encoding ${row?.encoding}; 共治 needs collation C and UTF8: ` +
      `CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`,
  );
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  if (engineOf(db) === "pg") await checkPostgresLocale(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(engineOf(db)) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export type { Engine };

/** DATABASE_URL may be a path or a file: URL; both name one SQLite file. */
export function databasePath(url: string): string {
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}

/**
 * Kysely prepares every query anew; preparing is a good part of a small query's cost. The same SQL text
 * always gets the same prepared statement back (better-sqlite3 statements are reusable, and run one at a
 * time on this one connection). The cache is bounded: queries built with varying IN-lists just fall out.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    get inTransaction() {
      return sqlite.inTransaction;
    },
    prepare(source: string) {
      let stmt = cache.get(source);
      if (!stmt) {
        captured(source, []);
        stmt = sqlite.prepare(source);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(source, stmt);
      }
      return stmt;
    },
  };
}

export { captureStatements } from "./capture";
