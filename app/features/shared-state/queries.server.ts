// State every app server shares, kept in the database (issue 14 · 5): abuse-limit counts, cache generations,
// settings. Portable SQL: each statement is atomic on SQLite and on PostgreSQL alike.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/schema";

type Db = Kysely<Database>;

/** The tries counted for `key` in the window starting at `windowStart` (0 when none). */
export async function triesIn(db: Db, key: string, windowStart: string): Promise<number> {
  const row = await db.selectFrom("rate_limits").select("n").where("key", "=", key).where("window_start", "=", windowStart).executeTakeFirst();
  return row ? Number(row.n) : 0;
}

/**
 * Counts one try of `key` in the window starting at `windowStart`, unless the window already holds `allowance`
 * tries: answers the new count, or null when refused (then nothing is counted). One statement, atomic on both
 * engines: the update's WHERE keeps a full window as it is, and RETURNING then gives no row.
 */
export async function countTry(db: Db, key: string, windowStart: string, allowance: number): Promise<number | null> {
  if (allowance <= 0) return null;
  const row = await db
    .insertInto("rate_limits")
    .values({ key, window_start: windowStart, n: 1 })
    .onConflict((oc) =>
      oc
        .columns(["key", "window_start"])
        .doUpdateSet({ n: sql<number>`rate_limits.n + 1` })
        .where("rate_limits.n", "<", allowance),
    )
    .returning("n")
    .executeTakeFirst();
  return row ? Number(row.n) : null;
}

/** Forgets the windows that started before `before` (the scheduled job). */
export async function pruneTries(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom("rate_limits").where("window_start", "<", before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** A cache's generation: 0 until the first change. One primary-key read. */
export async function readGeneration(db: Db, name: string): Promise<number> {
  const row = await db.selectFrom("generations").select("n").where("name", "=", name).executeTakeFirst();
  return row ? Number(row.n) : 0;
}

/** Bumps a cache's generation: call it in the transaction of the change, so no process can see one without the other. */
export async function bumpGeneration(db: Db, name: string): Promise<void> {
  await db
    .insertInto("generations")
    .values({ name, n: 1 })
    .onConflict((oc) => oc.column("name").doUpdateSet({ n: sql<number>`generations.n + 1` }))
    .execute();
}

/** A shared setting, or null. */
export async function readSetting(db: Db, name: string): Promise<string | null> {
  const row = await db.selectFrom("settings").select("value").where("name", "=", name).executeTakeFirst();
  return row ? row.value : null;
}

/** Stores a setting unless one is there already (the first process wins); answers the value that holds. */
export async function settleSetting(db: Db, name: string, value: string): Promise<string> {
  await db
    .insertInto("settings")
    .values({ name, value })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const held = await readSetting(db, name);
  if (held === null) throw new Error(`setting ${name} vanished`);
  return held;
}

/** Stores a setting, replacing what was there. */
export async function writeSetting(db: Db, name: string, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ name, value })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value }))
    .execute();
}
