// Once per run: migrate and seed a template database (each test file copies it), and build the app for the
// browser tests. Under TEST_ENGINE=pg (npm run test:pg) the template is a PostgreSQL database on the tests' own
// server (tests/support/pg.ts), and each file gets a copy made with CREATE DATABASE … TEMPLATE.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { migrateToLatest } from "../../db/connect";
import { seedDemo } from "../../db/tools/seed";
import { now } from "../../app/clock.server";
import { closeDb, getDb } from "../../app/db.server";
import { ARTIFACTS, ROOT, TEMPLATE_DB } from "./paths";
import { createPgDatabase, onPg, pgServerUrl, pgTemplateName, stopTestPostgres } from "./pg";

export default async function setup() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // The template is the process's database while it is seeded: the feature commands open their own transactions.
  const outer = process.env.DATABASE_URL;
  if (onPg) {
    // The test files' processes inherit this environment: they find the server and the template here.
    process.env.TEST_PG_SERVER = pgServerUrl();
    process.env.DATABASE_URL = await createPgDatabase(process.env.TEST_PG_SERVER, pgTemplateName());
    process.env.UPLOAD_DIR = `${ARTIFACTS}/uploads`;
  } else process.env.DATABASE_URL = TEMPLATE_DB;
  const db = getDb();
  await migrateToLatest(db);
  await seedDemo(db, now());
  await closeDb();
  if (outer === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = outer;
  // SKIP_BUILD=1: a quick run of tests that need no browser (the build in place is left alone).
  if (process.env.SKIP_BUILD !== "1")
    execFileSync(process.execPath, [`${ROOT}/node_modules/@remix-run/dev/dist/cli.js`, "build"], {
      cwd: ROOT,
      stdio: "pipe",
      env: { ...process.env, NODE_ENV: "production" },
    });
  // Vitest calls what setup returns once every file has run: no PostgreSQL server outlives the run.
  return onPg ? stopTestPostgres : undefined;
}
