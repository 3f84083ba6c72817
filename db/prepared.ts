// Statements built once with Kysely, for the hottest paths (casting a ballot, reading the signed-in person).
// The work that runs them is written once, as a generator that yields its statements
// (`const vote = yield* one(voteById, id)`), and a runner executes it for the engine:
// - SQLite: synchronously, as prepared statements on the one connection. Kysely building and its promise
//   machinery cost ~10 µs a query on top of ~4 µs of SQLite; a ballot runs about a dozen. Synchronous
//   statements only run while this code holds Kysely's connection (`onConnection`, or the group commit), so
//   they never land inside another request's open transaction.
// - PostgreSQL: asynchronously, each statement compiled once for PostgreSQL ($1, $2…) and sent with its values
//   on one connection or in one transaction (docs/adr: the fast paths stay SQLite-only behind one async API).
import { CompiledQuery, type Compilable, type Kysely } from "kysely";
import type { Database } from "./schema";
import { type SqliteHandle, sqliteOf } from "./connect";
import { type Engine, engineOf } from "./engine";

type Arg = string | number | null;
type Slot = { arg: number } | { value: unknown };
interface Compiled {
  sql: string;
  slots: Slot[];
}

/** A statement compiled once per engine; run it from a work generator with `one`, `all` or `run`. */
export interface Prepared<A extends Arg[], R> {
  /** The statement's SQL and its values for these arguments, compiled for `db`'s engine on first use. */
  bind(db: Kysely<Database>, engine: Engine, args: A): { sql: string; values: unknown[] };
  /** Never set: carries the row type for `RowOf`. */
  readonly row?: R;
}

/** The row type of a prepared statement. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any argument list
export type RowOf<P> = P extends Prepared<any, infer R> ? R : never;

/** What a run statement answers: the number of rows it changed. */
export interface RunResult {
  changes: number;
}

/** One statement a work generator asks the runner to execute. */
export interface Step {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any statement
  p: Prepared<any, unknown>;
  kind: "get" | "all" | "run";
  args: Arg[];
}

/** Work written once for both engines: a generator yielding statements, returning its result. */
export type Work<T> = Generator<Step, T, unknown>;

const sentinel = (i: number) => `\u0000prepared-argument-${i}\u0000`;

/**
 * A query whose shape does not depend on its arguments (no IN-lists), compiled once per engine: the builder is
 * called with a unique marker for each argument, and each marker found among the compiled parameters is
 * replaced by the real value on every run. Every argument must become a parameter (a value), never SQL text.
 */
export function prepared<A extends Arg[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>): Prepared<A, R> {
  const compiled: Partial<Record<Engine, Compiled>> = {};
  return {
    bind(db, engine, args) {
      const c = (compiled[engine] ??= compile(db, build as never, args.length));
      const values = c.slots.map((s) => ("arg" in s ? args[s.arg] : s.value));
      return { sql: c.sql, values };
    },
  };
}

function compile(db: Kysely<Database>, build: (db: Kysely<Database>, ...args: unknown[]) => Compilable<unknown>, arity: number): Compiled {
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

/** The first row of a statement, or undefined. */
export function* one<A extends Arg[], R>(p: Prepared<A, R>, ...args: A): Work<R | undefined> {
  return (yield { p, kind: "get", args }) as R | undefined;
}

/** Every row of a statement. */
export function* all<A extends Arg[], R>(p: Prepared<A, R>, ...args: A): Work<R[]> {
  return (yield { p, kind: "all", args }) as R[];
}

/** Runs a statement that answers no rows (an insert, update or delete). */
export function* run<A extends Arg[], R>(p: Prepared<A, R>, ...args: A): Work<RunResult> {
  return (yield { p, kind: "run", args }) as RunResult;
}

/** A database and its SQLite connection, held by the caller for the time of a synchronous piece of work. */
export interface Held {
  db: Kysely<Database>;
  sqlite: SqliteHandle;
}

/** Runs work synchronously on a held SQLite connection. A failing statement is thrown into the work. */
export function runSync<T>(h: Held, work: Work<T>): T {
  let r = work.next();
  while (!r.done) {
    let value: unknown;
    try {
      const { p, kind, args } = r.value;
      const { sql, values } = p.bind(h.db, "sqlite", args);
      const stmt = h.sqlite.prepare(sql);
      value = kind === "get" ? stmt.get(values) : kind === "all" ? stmt.all(values) : { changes: stmt.run(values).changes };
    } catch (error) {
      r = work.throw(error);
      continue;
    }
    r = work.next(value);
  }
  return r.value;
}

/**
 * Runs work asynchronously through Kysely on `conn` (a transaction, a held connection, or a database): each
 * statement compiled for the engine of `conn`. A failing statement is thrown into the work.
 */
export async function runAsync<T>(conn: Kysely<Database>, work: Work<T>): Promise<T> {
  const engine = engineOf(conn);
  let r = work.next();
  while (!r.done) {
    let value: unknown;
    try {
      const { p, kind, args } = r.value;
      const { sql, values } = p.bind(conn, engine, args);
      const result = await conn.executeQuery(CompiledQuery.raw(sql, values));
      value = kind === "get" ? result.rows[0] : kind === "all" ? result.rows : { changes: Number(result.numAffectedRows ?? 0) };
    } catch (error) {
      r = work.throw(error);
      continue;
    }
    r = work.next(value);
  }
  return r.value;
}

const forcedAsync = new WeakSet<Kysely<Database>>();

/** Tests only: makes `db` (SQLite) take the asynchronous path that PostgreSQL takes. */
export function forceAsyncPath(db: Kysely<Database>, on: boolean) {
  if (on) forcedAsync.add(db);
  else forcedAsync.delete(db);
}

/** Whether work on `db` runs synchronously (SQLite) or asynchronously (PostgreSQL, or forced). */
export function isSyncPath(db: Kysely<Database>): boolean {
  return !forcedAsync.has(db) && !db.isTransaction && engineOf(db) === "sqlite";
}

/**
 * Runs work with each statement committing on its own, as Kysely's single queries do: on SQLite synchronously
 * while holding the connection (`holding`); on PostgreSQL on one connection of the pool (inside `db` when it
 * is a transaction).
 */
export function onConnection<T>(db: Kysely<Database>, work: () => Work<T>): Promise<T> {
  if (!isSyncPath(db)) return db.isTransaction ? runAsync(db, work()) : db.connection().execute((c) => runAsync(c, work()));
  return holding(db, (h) => runSync(h, work()));
}

/**
 * SQLite: runs synchronous `work` holding the connection. When no transaction is open on the connection it
 * runs at once (being synchronous, nothing can start in the middle of it); otherwise it waits, through
 * Kysely's connection lock, for that transaction to end.
 */
export function holding<T>(db: Kysely<Database>, work: (h: Held) => T): Promise<T> {
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
