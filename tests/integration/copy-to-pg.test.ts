// The benchmark fills an empty PostgreSQL database by copying a generated SQLite one (db/tools/copy-to-pg.ts):
// every table both have arrives row for row, and new rows get ids after the copied ones.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/connect";
import { copySqliteToPostgres } from "../../db/tools/copy-to-pg";
import { seedDemo } from "../../db/tools/seed";
import { withDatabase } from "~/db.server";
import { ARTIFACTS } from "../support/paths";
import { createPgDatabase, dropPgDatabase, onPg, uniqueDbName } from "../support/pg";

describe.runIf(onPg)("copying a SQLite database into PostgreSQL", () => {
  const file = path.join(ARTIFACTS, `copy-source-${process.pid}.db`);
  const name = uniqueDbName("ops_copy");
  afterAll(async () => {
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
    await dropPgDatabase(process.env.TEST_PG_SERVER!, name);
  });

  it("copies every table and moves the identities on", async () => {
    const source = openDatabase(file);
    await migrateToLatest(source);
    await withDatabase(source, () => seedDemo(source, new Date("2026-12-01T02:00:00.000Z"), () => {}));
    await source.destroy();
    const url = await createPgDatabase(process.env.TEST_PG_SERVER!, name);
    const target = openDatabase(url);
    await migrateToLatest(target);
    await target.destroy();

    const copied = await copySqliteToPostgres(file, url);
    const lite = new SQLite(file, { readonly: true });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(Object.keys(copied)).toContain("users");
      for (const [table, n] of Object.entries(copied)) {
        expect(n, table).toBe(lite.prepare(`select count(*) from "${table}"`).pluck().get());
        expect(Number((await client.query(`select count(*) as n from "${table}"`)).rows[0].n), table).toBe(n);
      }
      const max = Number((await client.query("select max(id) as m from audit_log")).rows[0].m);
      const row = await client.query("insert into audit_log (at, action, entity_type, data) values (now(), 'test.copy', 'test', 'x') returning id");
      expect(Number(row.rows[0].id)).toBeGreaterThan(max);
    } finally {
      lite.close();
      await client.end();
    }
  }, 120_000);
});
