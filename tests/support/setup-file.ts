// Before each test file: its own copy of the template database, and no console.error allowed.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, vi } from "vitest";
import { ARTIFACTS, TEMPLATE_DB } from "./paths";
import { createPgDatabase, dropPgDatabase, onPg, pgTemplateName, uniqueDbName } from "./pg";

const file = path.join(ARTIFACTS, `test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
const pgName = uniqueDbName("t");
if (onPg) {
  process.env.DATABASE_URL = await createPgDatabase(process.env.TEST_PG_SERVER!, pgName, pgTemplateName());
  process.env.UPLOAD_DIR = path.join(ARTIFACTS, `uploads-${pgName}`);
} else {
  fs.copyFileSync(TEMPLATE_DB, file);
  process.env.DATABASE_URL = file;
}
process.env.NODE_ENV = "test";

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});

afterAll(async () => {
  const db = (globalThis as { __gongzhiDb?: { destroy(): Promise<void> } }).__gongzhiDb;
  if (db) await db.destroy();
  if (onPg) await dropPgDatabase(process.env.TEST_PG_SERVER!, pgName);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
});
