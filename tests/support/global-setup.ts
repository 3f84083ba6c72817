// Once per run: migrate and seed a template database (each test file copies it), and build the app for the
// browser tests.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { migrateToLatest, openDatabase } from "../../db/connect";
import { seedDemo } from "../../db/tools/seed";
import { now } from "../../app/clock.server";
import { ARTIFACTS, ROOT, TEMPLATE_DB } from "./paths";

export default async function setup() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const db = openDatabase(TEMPLATE_DB);
  await migrateToLatest(db);
  await seedDemo(db, now());
  await db.destroy();
  // SKIP_BUILD=1: a quick run of tests that need no browser (the build in place is left alone).
  if (process.env.SKIP_BUILD !== "1") execFileSync(process.execPath, [`${ROOT}/node_modules/@remix-run/dev/dist/cli.js`, "build"], { cwd: ROOT, stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
}
