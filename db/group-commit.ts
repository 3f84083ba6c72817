// Group commit: writes that arrive together share one transaction, so one sync of the WAL to disk
// (synchronous=FULL, ~0.1–0.2 ms here) serves them all. Each write runs in its own savepoint: one that
// fails is undone alone and its caller gets its error; the others commit. Nobody is answered before the
// commit that holds their write has returned, so an acknowledged write is as durable as before.
// On PostgreSQL each write is its own transaction (the server groups the WAL flushes of concurrent commits),
// serialised by the row lock its work takes first (db/transact.ts, "own" locks).
import type { Kysely } from "kysely";
import type { Database } from "./schema";
import { type Held, type Work, holding, isSyncPath, runAsync, runSync } from "./prepared";
import { runTransaction } from "./transact";

interface Job {
  work: () => Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const waiting = new WeakMap<Kysely<Database>, Job[]>();

/**
 * Runs `work` (statements yielded to the runner, see db/prepared.ts) in the next shared transaction and
 * resolves with its result once that transaction has committed. PostgreSQL: in a transaction of its own
 * (inside `db` when it is a transaction already) at READ COMMITTED: the work must begin by locking the row that
 * every writer of its data locks (a ballot locks its vote, as closing does), which serialises it where needed.
 */
export function groupCommit<T>(db: Kysely<Database>, work: () => Work<T>): Promise<T> {
  if (!isSyncPath(db)) return db.isTransaction ? runAsync(db, work()) : runTransaction(db, (trx) => runAsync(trx, work()), "own");
  return new Promise<T>((resolve, reject) => {
    let jobs = waiting.get(db);
    if (!jobs) {
      jobs = [];
      waiting.set(db, jobs);
      setImmediate(() => void flush(db));
    }
    jobs.push({ work, resolve: resolve as (v: unknown) => void, reject });
  });
}

function take(db: Kysely<Database>): Job[] {
  const jobs = waiting.get(db) ?? [];
  waiting.delete(db);
  return jobs;
}

/** One transaction for every waiting write: each in its own savepoint, one COMMIT (one sync) for all. */
function writeAll(h: Held, jobs: Job[]): (() => void)[] {
  const run = (sql: string) => h.sqlite.prepare(sql).run();
  const settle: (() => void)[] = [];
  run("BEGIN IMMEDIATE");
  try {
    for (const job of jobs) {
      run("SAVEPOINT one_write");
      try {
        const value = runSync(h, job.work());
        run("RELEASE one_write");
        settle.push(() => job.resolve(value));
      } catch (error) {
        run("ROLLBACK TO one_write");
        run("RELEASE one_write");
        settle.push(() => job.reject(error));
      }
    }
    run("COMMIT");
  } catch (error) {
    if (h.sqlite.inTransaction) run("ROLLBACK");
    throw error;
  }
  return settle;
}

async function flush(db: Kysely<Database>) {
  let jobs: Job[] = [];
  let settle: (() => void)[];
  try {
    // At once when no transaction is open; otherwise after it, and whatever arrives meanwhile joins the batch.
    settle = await holding(db, (h) => {
      jobs = take(db);
      return writeAll(h, jobs);
    });
  } catch (error) {
    // Nothing was committed: every write of the batch fails with the cause (all that waited, when the
    // connection itself failed before they were taken).
    for (const job of jobs.length > 0 ? jobs : take(db)) job.reject(error);
    return;
  }
  for (const s of settle) s();
}
