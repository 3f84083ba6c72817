// Statements built once with Kysely and then run synchronously as prepared statements on the one SQLite
// connection, for the hottest paths (casting a ballot, reading the signed-in person). Kysely building and
// its promise machinery cost ~10 µs a query on top of ~4 µs of SQLite; a ballot runs about a dozen.
// Synchronous statements are only run while this code holds Kysely's connection (`onConnection`, or the
// group commit), so they never land inside another request's open transaction.
import type { Compilable, Kysely } from "kysely";
import type { Database } from "./schema";
import { type SqliteHandle, sqliteOf } from "./connect";

/** A database and its connection, held by the caller for the time of a synchronous piece of work. */
export interface Held {
  db: Kysely<Database>;
  sqlite: SqliteHandle;
}

type Slot = { arg: number } | { value: unknown };

const sentinel = (i: number) => `\u0000prepared-argument-${i}\u0000`;

/**
 * A query whose shape does not depend on its arguments (no IN-lists), compiled once: the builder is called
 * with a unique marker for each argument, and each marker found among the compiled parameters is replaced by
 * the real value on every run. Every argument must become a parameter (a value), never part of the SQL text.
 */
export function prepared<A extends (string | number | null)[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
  let compiled: { sql: string; slots: Slot[] } | null = null;
  const statement = (h: Held, args: A) => {
    if (!compiled) compiled = compile(h.db, build as never, args.length);
    const values = compiled.slots.map((s) => ("arg" in s ? args[s.arg] : s.value));
    return { stmt: h.sqlite.prepare(compiled.sql), values };
  };
  return {
    get(h: Held, ...args: A): R | undefined {
      const { stmt, values } = statement(h, args);
      return stmt.get(values) as R | undefined;
    },
    all(h: Held, ...args: A): R[] {
      const { stmt, values } = statement(h, args);
      return stmt.all(values) as R[];
    },
    run(h: Held, ...args: A): { changes: number; lastInsertRowid: number | bigint } {
      const { stmt, values } = statement(h, args);
      return stmt.run(values);
    },
  };
}

function compile(db: Kysely<Database>, build: (db: Kysely<Database>, ...args: unknown[]) => Compilable<unknown>, arity: number) {
  const markers = Array.from({ length: arity }, (_, i) => sentinel(i));
  const q = build(db, ...markers).compile();
  const slots: Slot[] = q.parameters.map((p) => {
    const i = typeof p === "string" ? markers.indexOf(p) : -1;
    return i >= 0 ? { arg: i } : { value: p };
  });
  for (let i = 0; i < arity; i++) {
    if (!slots.some((s) => "arg" in s && s.arg === i)) throw new Error(`prepared: argument ${i} is not a parameter of ${q.sql}`);
  }
  return { sql: q.sql, slots };
}

/**
 * Runs synchronous work on the connection, each statement committing on its own as Kysely's single queries
 * do. When no transaction is open on the connection the work runs at once: being synchronous, nothing can
 * start in the middle of it. Otherwise it waits, through Kysely's connection lock, for that transaction to end.
 */
export function onConnection<T>(db: Kysely<Database>, work: (h: Held) => T): Promise<T> {
  const h = { db, sqlite: sqliteOf(db) };
  if (!h.sqlite.inTransaction) {
    try {
      return Promise.resolve(work(h));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return db.connection().execute(async () => work(h));
}
