// The seed and the fixtures write through the app's commands, and a command opens its transaction on the
// process's database (getDb() in app/db.server.ts). While they build a database of their own, this points
// that handle at it, and puts the previous one back afterwards.
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export async function withDb<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  const holder = globalThis as { __gongzhiDb?: Kysely<Database> };
  const previous = holder.__gongzhiDb;
  holder.__gongzhiDb = db;
  try {
    return await work();
  } finally {
    holder.__gongzhiDb = previous;
  }
}
