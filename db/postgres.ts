// One place that opens Kysely on PostgreSQL. The app sees the same JavaScript values on both engines: pg's
// parsers turn int8 and numeric into numbers (every count and id here is far below 2^53), timestamptz into the
// ISO strings SQLite stores ("…T02:00:00.123Z"), date into "YYYY-MM-DD" and boolean into 0/1.
import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "./schema";
import { captured } from "./capture";

export interface PostgresOptions {
  /** Connections in this process's pool. */
  poolMax?: number;
  /** A statement running longer is cancelled (ms). */
  statementTimeoutMs?: number;
  /** A transaction left idle longer is ended by the server (ms). */
  idleInTransactionTimeoutMs?: number;
}

const PARSERS: Record<number, (v: string) => unknown> = {
  20: Number, // int8: count(*), bigint identity ids
  1700: Number, // numeric: sum()
  1184: (v) => new Date(v).toISOString(), // timestamptz, read with TimeZone=UTC
  1114: (v) => new Date(`${v}Z`).toISOString(), // timestamp (without zone), should one appear
  1082: (v) => v, // date stays "YYYY-MM-DD"
  16: (v) => (v === "t" ? 1 : 0), // boolean as the 0/1 flags the app compares
};

export const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    const own = PARSERS[oid];
    if (own && format !== "binary") return own;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function openPostgres(url: string, options: PostgresOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    options: "-c TimeZone=UTC",
    statement_timeout: options.statementTimeoutMs ?? 5000,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 10_000,
    types: pgTypes,
  });
  // An idle client that loses its server (a restart) must not take the process down.
  pool.on("error", () => undefined);
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    // The query-plan test's capture (db/capture.ts); a no-op otherwise.
    log: (event) => {
      if (event.level === "query") captured(event.query.sql, event.query.parameters);
    },
  });
}
