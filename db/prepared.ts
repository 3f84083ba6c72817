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

/** One statement a piece of work asks the runner to execute. */
export interface Step {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any statement
  p: Prepared<any, unknown>;
  kind: "get" | "all" | "run";
  args: Arg[];
}

/**
 * Work written once for both engines: yields statements, answers T. A generator function (`function* ()
 * {…}`) or one statement (`one`, `all`, `run`); inside a generator, `yield*` runs a piece of work and gives its
 * answer.
 */
export type Work<T> = Iterable<Step, T, unknown>;

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

/**
 * One statement as a piece of work: yields itself once, then answers what the runner sent back. Lighter than a
 * generator per statement (a ballot runs a dozen). Run it once: each call of `one`, `all` or `run` makes one.
 */
class Ask<R> implements Step, Iterator<Step, R, unknown> {
  private asked = false;
  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any statement
    readonly p: Prepared<any, unknown>,
    readonly kind: Step["kind"],
    readonly args: Arg[],
  ) {}
  [Symbol.iterator]() {
    return this;
  }
  next(answer?: unknown): IteratorResult<Step, R> {
    if (this.asked) return { done: true, value: answer as R };
    this.asked = true;
    return { done: false, value: this };
  }
  throw(error: unknown): IteratorResult<Step, R> {
    this.asked = true;
    throw error;
  }
}

/** The first row of a statement, or undefined. */
export function one<A extends Arg[], R>(p: Prepared<A, R>, ...args: A): Work<R | undefined> {
  return new Ask<R | undefined>(p, "get", args);
}

/** Every row of a statement. */
export function all<A extends Arg[], R>(p: Prepared<A, R>, ...args: A): Work<R[]> {
  return new Ask<R[]>(p, "all", args);
}

/** Runs a statement that answers no rows (an insert, update or delete). */
export function run<A extends Arg[], R>(p: Prepared<A, R>, ...args: A): Work<RunResult> {
  return new Ask<RunResult>(p, "run", args);
}

/** A database and its SQLite connection, held by the caller for the time of a synchronous piece of work. */
export interface Held {
  db: Kysely<Database>;
  sqlite: SqliteHandle;
}

/** Runs work synchronously on a held SQLite connection. A failing statement is thrown into the work. */
export function runSync<T>(h: Held, work: Work<T>): T {
  const it = work[Symbol.iterator]();
  let r = it.next();
  while (!r.done) {
    let value: unknown;
    try {
      const { p, kind, args } = r.value;
      const { sql, values } = p.bind(h.db, "sqlite", args);
      const stmt = h.sqlite.prepare(sql);
      value = kind === "get" ? stmt.get(values) : kind === "all" ? stmt.all(values) : { changes: stmt.run(values).changes };
    } catch (error) {
      if (!it.throw) throw error;
      r = it.throw(error);
      continue;
    }
    r = it.next(value);
  }
  return r.value;
}

/**
 * Runs work asynchronously through Kysely on `conn` (a transaction, a held connection, or a database): each
 * statement compiled for the engine of `conn`. A failing statement is thrown into the work.
 */
export async function runAsync<T>(conn: Kysely<Database>, work: Work<T>): Promise<T> {
  const engine = engineOf(conn);
  const it = work[Symbol.iterator]();
  let r = it.next();
  while (!r.done) {
    let value: unknown;
    try {
      const { p, kind, args } = r.value;
      const { sql, values } = p.bind(conn, engine, args);
      const result = await conn.executeQuery(CompiledQuery.raw(sql, values));
      value = kind === "get" ? result.rows[0] : kind === "all" ? result.rows : { changes: Number(result.numAffectedRows ?? 0) };
    } catch (error) {
      if (!it.throw) throw error;
      r = it.throw(error);
      continue;
    }
    r = it.next(value);
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
