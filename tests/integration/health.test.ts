// The health endpoint's question, databaseAnswers(): yes when the database reads, and no within a second when
// it hangs, so a load balancer's check never waits on a stuck database.
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { databaseAnswers, withDatabase } from "~/db.server";
import type { Database } from "../../db/schema";
import { onPg } from "../support/pg";

describe("databaseAnswers", () => {
  it("says yes when the migration table reads", async () => {
    expect(await databaseAnswers()).toBe(true);
  });

  it("says no within the timeout when the database never answers", async () => {
    // A pool whose connections never come: every query waits for ever.
    const never = { connect: () => new Promise<never>(() => {}), end: async () => {} };
    const stuck = new Kysely<Database>({ dialect: new PostgresDialect({ pool: never as never }) });
    const t0 = performance.now();
    expect(await withDatabase(stuck, () => databaseAnswers())).toBe(false);
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(1500);
  });

  it.runIf(onPg)("says no within a second when a lock holds the migration table", async () => {
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("lock table kysely_migration in access exclusive mode");
      const t0 = performance.now();
      expect(await databaseAnswers()).toBe(false);
      expect(performance.now() - t0).toBeLessThan(1500);
      await holder.query("rollback");
      expect(await databaseAnswers()).toBe(true);
    } finally {
      await holder.end();
    }
  });
});
