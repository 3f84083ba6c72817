import path from "node:path";
import { type Kysely, sql } from "kysely";
import { databasePath, migrateToLatest, openDatabase } from "../db/connect";
import type { Database } from "../db/schema";
import { env } from "./env.server";

declare global {
  var __gongzhiDb: Kysely<Database> | undefined;
}

/** The one database of this process, opened on first use. */
export function getDb(): Kysely<Database> {
  if (!globalThis.__gongzhiDb) globalThis.__gongzhiDb = openDatabase(databasePath(env().DATABASE_URL), env().SQLITE_SYNCHRONOUS);
  return globalThis.__gongzhiDb;
}

export type DB = Kysely<Database>;

/**
 * Makes `db` the process's database: for a tool (command line, benchmark) that opened its own file and then
 * calls feature commands, which reach the database through getDb(). The tool closes it itself.
 */
export function setDatabase(db: DB): void {
  globalThis.__gongzhiDb = db;
}

/** Runs `work` with `db` as the process's database, then puts the previous one back (seed, fixtures in tests). */
export async function withDatabase<T>(db: DB, work: () => Promise<T>): Promise<T> {
  const previous = globalThis.__gongzhiDb;
  globalThis.__gongzhiDb = db;
  try {
    return await work();
  } finally {
    globalThis.__gongzhiDb = previous;
  }
}

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

/** Brings the schema of the process's database up to date; answers the names of the migrations it ran. */
export function migrateDatabase(): Promise<string[]> {
  return migrateToLatest(getDb());
}

/** Whether the database answers (the health endpoint's question): its migration table can be read. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await sql`select count(*) from kysely_migration`.execute(getDb());
    return true;
  } catch {
    return false;
  }
}

/** Where evidence photos are kept: UPLOAD_DIR, or a folder beside the database file. */
export function uploadDir(): string {
  return process.env.UPLOAD_DIR || path.join(path.dirname(path.resolve(databasePath(env().DATABASE_URL))), "uploads");
}
