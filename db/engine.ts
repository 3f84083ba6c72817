// Which engine a database runs on. The engine follows DATABASE_URL: postgres:// or postgresql:// is PostgreSQL,
// anything else names a SQLite file (docs/adr/0026-two-engines.md).
import { type Kysely, PostgresAdapter } from "kysely";

export type Engine = "sqlite" | "pg";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The engine behind a database or a transaction of it (read from Kysely's adapter, so it works for a `trx` too). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations hold a Kysely<any>
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "pg" : "sqlite";
}
