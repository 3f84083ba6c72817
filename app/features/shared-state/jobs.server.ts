// The scheduled jobs' loop (issue 14 · 5): every app server runs the timer, and each due item is done exactly
// once, by whichever process claims it first. The due work already has rows of its own (a vote past its close,
// a request past its accept deadline): those rows are the queue, so no jobs table is needed.
import { type DB, transaction } from "~/db.server";

/**
 * Claims one due item and works on it in the same transaction, item after item, until none is left. `claim`
 * answers the next due id not in `passed` (on PostgreSQL locked FOR UPDATE SKIP LOCKED, so two processes take
 * different items; on SQLite inside the one write transaction); `work` checks the item again and answers null
 * when there is nothing to do. One transaction per item keeps SQLite's write lock short and lets one failing
 * item stop neither the others nor the next run (its error is thrown once the rest are done).
 */
export async function runClaimed<T>(
  claim: (trx: DB, passed: readonly number[]) => Promise<number | null>,
  work: (trx: DB, id: number) => Promise<T | null>,
): Promise<number[]> {
  const passed: number[] = [];
  const done: number[] = [];
  let failure: unknown = null;
  for (;;) {
    const held: { id: number | null } = { id: null };
    try {
      const result = await transaction(async (trx) => {
        held.id = await claim(trx, passed);
        return held.id === null ? null : await work(trx, held.id);
      });
      if (held.id === null) break;
      // A finished item no longer matches the claim; one checked and left alone would match again.
      if (result === null) passed.push(held.id);
      else done.push(held.id);
    } catch (e) {
      if (held.id === null) throw e;
      passed.push(held.id);
      failure ??= e;
    }
  }
  if (failure) throw failure;
  return done;
}
