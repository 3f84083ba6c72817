// PostgreSQL for the tests: the server db/tools/start-pg.sh starts (as an unprivileged user, in a folder of its
// own, fsync off), or the one PG_TEST_URL names; and databases made and dropped on it.
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import pg from "pg";
import { destroyPgServer, startPgServer } from "../../db/tools/pg-server";
import { ARTIFACTS } from "./paths";

/** Which engine this run of the suite tests: `npm run test:pg` sets TEST_ENGINE=pg. */
export const TEST_ENGINE: "sqlite" | "pg" = process.env.TEST_ENGINE === "pg" ? "pg" : "sqlite";
export const onPg = TEST_ENGINE === "pg";

const runKey = createHash("sha256").update(ARTIFACTS).digest("hex").slice(0, 8);

/**
 * The folder of this run's own PostgreSQL server: one per artifacts folder, so two runs side by side (a helper's,
 * a worktree's) never stop each other's server. Made in about a second; removed when the run ends.
 */
export const PG_DIR = process.env.PG_DIR ?? path.join(os.tmpdir(), `gongzhi-test-pg-${runKey}`);

/**
 * The server's URL with no database name chosen (ends in "/"): PG_TEST_URL when given (a server someone else
 * runs, e.g. postgres://me@db.example:5432/), else the tests' own server, started if needed.
 */
export function pgServerUrl(): string {
  if (process.env.PG_TEST_URL) return process.env.PG_TEST_URL.replace(/[^/]*$/, "");
  return startPgServer(PG_DIR).replace(/[^/]*$/, "");
}

async function onServer<T>(server: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${server}postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  return `"${name}"`;
};

/** Makes database `name` (dropping one of that name first), empty or as a copy of `template`; answers its URL. */
export async function createPgDatabase(server: string, name: string, template?: string): Promise<string> {
  await onServer(server, async (c) => {
    await c.query(`drop database if exists ${ident(name)} with (force)`);
    // Two files copying one template at the same moment: PostgreSQL refuses the second for a moment; try again.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`create database ${ident(name)}${template ? ` template ${ident(template)}` : ""}`);
        return;
      } catch (error) {
        if (attempt > 50 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  return `${server}${name}`;
}

export async function dropPgDatabase(server: string, name: string): Promise<void> {
  await onServer(server, (c) => c.query(`drop database if exists ${ident(name)} with (force)`));
}

/** A database name no other test file uses at the same time. */
export function uniqueDbName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** The run's template database: named after the artifacts folder, so a run inside the run has its own. */
export function pgTemplateName(): string {
  return `gongzhi_template_${runKey}`;
}

/** At the end of a run: the run's own server stopped and its folder removed (PG_KEEP=1 keeps it for a look). */
export function stopTestPostgres(): void {
  if (process.env.PG_TEST_URL || process.env.PG_KEEP === "1") return;
  destroyPgServer(PG_DIR);
}
