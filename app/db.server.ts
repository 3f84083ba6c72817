import type { Kysely } from "kysely";
import { databasePath, openDatabase } from "../db/connect";
import type { Database } from "../db/schema";
import { env } from "./env.server";

declare global {
  // eslint-disable-next-line no-var
  var __gongzhiDb: Kysely<Database> | undefined;
}

/** The one database of this process, opened on first use. */
export function getDb(): Kysely<Database> {
  if (!globalThis.__gongzhiDb) globalThis.__gongzhiDb = openDatabase(databasePath(env().DATABASE_URL), env().SQLITE_SYNCHRONOUS);
  return globalThis.__gongzhiDb;
}

export type DB = Kysely<Database>;

/** Closes the database of this process (on a graceful stop): SQLite checkpoints the WAL on the last close. */
export async function closeDb(): Promise<void> {
  const db = globalThis.__gongzhiDb;
  globalThis.__gongzhiDb = undefined;
  if (db) await db.destroy();
}

/** Runs `work` in one transaction of the process's database: every statement inside uses the `trx` it gets. */
export function transaction<T>(work: (trx: DB) => Promise<T>): Promise<T> {
  return getDb().transaction().execute(work);
}

/**
 * Runs `work` with `db` as the process's database, then puts back the one before: for the tools and tests
 * that open a file of their own (the seed, the benchmarks' fixture, the command line, the generator's test).
 */
export async function withDb<T>(db: DB, work: () => Promise<T>): Promise<T> {
  const before = globalThis.__gongzhiDb;
  globalThis.__gongzhiDb = db;
  try {
    return await work();
  } finally {
    globalThis.__gongzhiDb = before;
  }
}
