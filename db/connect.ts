import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import type { Database } from "./schema";
import { migrations } from "./migrations/index";

export type Synchronous = "FULL" | "NORMAL";

/**
 * Opens (creating if needed) the SQLite file in WAL mode with foreign keys on. `synchronous` FULL syncs
 * the WAL at every commit, so an acknowledged write survives a power cut
 * (see docs/adr/0023-durability-synchronous-full.md).
 */
export function openDatabase(filename: string, synchronous: Synchronous = "FULL"): Kysely<Database> {
  if (filename !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const sqlite = new SQLite(filename);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`synchronous = ${synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
  const handle = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  handles.set(db, handle);
  return db;
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

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

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
        capturing?.add(source);
        stmt = sqlite.prepare(source);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(source, stmt);
      }
      return stmt;
    },
  };
}

let capturing: Set<string> | null = null;

/** The query-plan test collects the text of every statement the app prepares while it runs its pages. */
export function captureStatements(into: Set<string> | null) {
  capturing = into;
}
