import type { Kysely } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// State that every app server shares (issue 14 · 5), so that N processes on one database behave as one:
// - rate_limits: the abuse-limit tries, counted per key in fixed windows (the app weighs the previous window
//   in, a sliding window); old windows are pruned by the scheduled job.
// - generations: a counter per cache ("requests", "rules"), bumped in the transaction of each change; a cache
//   compares its generation with the row's, so a change made by any process is seen at once.
// - settings: values the first process makes and every process reads (the cookie secret when COOKIE_SECRET is
//   not set).
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("window_start", t.instant, (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rate_limits_pk", ["key", "window_start"])
    .execute();
  await db.schema
    .createTable("generations")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("n", t.pg ? "bigint" : "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("settings")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("settings").execute();
  await db.schema.dropTable("generations").execute();
  await db.schema.dropTable("rate_limits").execute();
}
