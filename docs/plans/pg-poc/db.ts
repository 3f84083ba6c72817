// One place that opens Kysely on PostgreSQL: pg.Pool + PostgresDialect, int8/numeric parsed to numbers.
import pg from "pg";
import { Kysely, PostgresDialect, sql, type Transaction } from "kysely";

// count(*), sum(int) and bigint ids come back as strings by default (OID 20 = int8, 1700 = numeric).
// Every count in this app is far below 2^53, so parse them once, here, for the whole process.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// The app keeps seeing what SQLite gives it: ISO-8601 instants ("…T02:00:00.123Z"), "YYYY-MM-DD" dates, 0/1 flags.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz (session TimeZone=UTC)
pg.types.setTypeParser(1082, (v) => v); // date
pg.types.setTypeParser(16, (v) => (v === "t" ? 1 : 0)); // boolean

export function openPg(url = process.env.DATABASE_URL!, max = 25) {
  const pool = new pg.Pool({ connectionString: url, max, options: "-c TimeZone=UTC", statement_timeout: 10_000, idle_in_transaction_session_timeout: 10_000 });
  return { pool, db: new Kysely<any>({ dialect: new PostgresDialect({ pool }) }) };
}

/** Runs fn in a SERIALIZABLE transaction, retrying on 40001 (serialization failure) and 40P01 (deadlock). */
export async function serializable<T>(db: Kysely<any>, fn: (trx: Transaction<any>) => Promise<T>, stats?: { retries: number }) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel("serializable").execute(fn);
    } catch (e: any) {
      if ((e?.code === "40001" || e?.code === "40P01") && attempt < 20) {
        if (stats) stats.retries++;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
}

export { sql };
