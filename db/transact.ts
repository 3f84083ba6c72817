// One transaction, on either engine, with the guarantee the app's rules were written under: as if every write
// ran alone. SQLite gives that by itself (one writer at a time; transactions begin IMMEDIATE). On PostgreSQL the
// transaction runs SERIALIZABLE, and when the server cannot order it after a concurrent one (40001, or a
// deadlock 40P01) it is run again from the start, a few times with a short random wait
// (docs/adr/0027-concurrency.md). So `work` must not change anything outside the database: it may run twice.
import type { Kysely, Transaction } from "kysely";
import { engineOf } from "./engine";

const RETRIABLE = new Set(["40001", "40P01"]);
export const MAX_ATTEMPTS = 40;

export function isRetriable(error: unknown): boolean {
  return RETRIABLE.has(String((error as { code?: unknown } | null)?.code ?? ""));
}

/**
 * Runs `work` in one transaction of `db`: serialisable on PostgreSQL, retried on a serialisation failure.
 * `locks: "own"` runs it at READ COMMITTED instead, for work that serialises itself by locking the row every
 * writer of its data locks first (the ballots of one vote lock the vote): SERIALIZABLE's predicate locks on
 * index pages would make concurrent voters abort each other (332 retries for 400 ballots, measured).
 */
export async function runTransaction<D, T>(
  db: Kysely<D>,
  work: (trx: Transaction<D>) => Promise<T>,
  locks: "serializable" | "own" = "serializable",
): Promise<T> {
  if (engineOf(db) !== "pg") return db.transaction().execute(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db
        .transaction()
        .setIsolationLevel(locks === "own" ? "read committed" : "serializable")
        .execute(work);
    } catch (error) {
      if (!isRetriable(error) || attempt >= MAX_ATTEMPTS) throw error;
      // Spread the retries out: the clients that collided must not collide again in step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}
