import path from "node:path";
import { type Kysely, sql } from "kysely";
import { databasePath, migrateToLatest, openDatabase } from "../db/connect";
import { engineOf, isPostgresUrl } from "../db/engine";
import { runTransaction } from "../db/transact";
import type { Database } from "../db/schema";
import { env } from "./env.server";

declare global {
  var __gongzhiDb: Kysely<Database> | undefined;
}

/** The one database of this process, opened on first use. */
export function getDb(): Kysely<Database> {
  if (!globalThis.__gongzhiDb) {
    const e = env();
    globalThis.__gongzhiDb = openDatabase(e.DATABASE_URL, {
      synchronous: e.SQLITE_SYNCHRONOUS,
      poolMax: e.PG_POOL_MAX,
      statementTimeoutMs: e.PG_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    });
  }
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

/**
 * Runs `work` in one transaction of the process's database: every statement inside uses the `trx` it gets.
 * As if it ran alone on both engines (SERIALIZABLE with retries on PostgreSQL, db/transact.ts), so `work` may
 * run more than once: it must change nothing outside the database.
 */
export function transaction<T>(work: (trx: DB) => Promise<T>): Promise<T> {
  return runTransaction(getDb(), work);
}

/**
 * A transaction that every writer of one busy row takes one at a time (a proposal's thread: its comment count
 * and activity change with every comment). On PostgreSQL it runs at READ COMMITTED and locks that row FOR UPDATE
 * before `work` reads anything: writers of the row queue instead of aborting each other as SERIALIZABLE would
 * make them (docs/adr/0027-concurrency.md). Only for work whose every read that matters is guarded by that row.
 * On SQLite, the same as transaction().
 */
export function transactionOn<T>(row: { table: "proposals"; id: number }, work: (trx: DB) => Promise<T>): Promise<T> {
  const db = getDb();
  if (engineOf(db) !== "pg") return runTransaction(db, work);
  return runTransaction(
    db,
    async (trx) => {
      await trx.selectFrom(row.table).select("id").where("id", "=", row.id).forUpdate().execute();
      return work(trx);
    },
    "own",
  );
}

/**
 * A transaction whose commit need not survive a power cut (abuse-limit counts), as atomic and isolated as
 * transaction(): on SQLite its commit skips the WAL's fsync (synchronous NORMAL for this one transaction, on the
 * held connection; the next durable commit syncs it too), on PostgreSQL synchronous_commit is off for it.
 */
export function lightTransaction<T>(work: (trx: DB) => Promise<T>): Promise<T> {
  const db = getDb();
  if (engineOf(db) === "pg")
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(conn);
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await conn.transaction().execute(work);
    } finally {
      await sql.raw(`pragma synchronous = ${Number(rows[0].synchronous)}`).execute(conn);
    }
  });
}

/** Brings the schema of the process's database up to date; answers the names of the migrations it ran. */
export function migrateDatabase(): Promise<string[]> {
  return migrateToLatest(getDb());
}

/**
 * Whether the database answers (the health endpoint's question): its migration table can be read within
 * `timeoutMs`. A database that hangs (PostgreSQL: a lock, a full pool, a lost network) is "no" after that time,
 * so a load balancer's check never waits on it; the statement itself ends at PG_STATEMENT_TIMEOUT_MS. On
 * SQLite the read runs in the process (WAL: readers do not wait for writers), so it answers or fails at once.
 */
export async function databaseAnswers(timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const read = Promise.resolve()
    .then(() => sql`select count(*) from kysely_migration`.execute(getDb()))
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Where evidence photos are kept: UPLOAD_DIR (a directory every app server shares), or a folder beside the
 * SQLite file. On PostgreSQL there is no such file: UPLOAD_DIR is required (env.server.ts checks it).
 */
export function uploadDir(): string {
  const e = env();
  if (e.UPLOAD_DIR) return path.resolve(e.UPLOAD_DIR);
  if (isPostgresUrl(e.DATABASE_URL)) throw new Error("UPLOAD_DIR is required with a PostgreSQL DATABASE_URL");
  return path.join(path.dirname(path.resolve(databasePath(e.DATABASE_URL))), "uploads");
}
