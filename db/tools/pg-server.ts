// A throw-away PostgreSQL server (db/tools/start-pg.sh: an unprivileged user, a folder of its own, fsync off),
// started and removed from TypeScript. The tests (tests/support/pg.ts) and the benchmark (bench-engines.ts) use it.
import { execFileSync } from "node:child_process";
import path from "node:path";

const SCRIPT = path.resolve(import.meta.dirname, "start-pg.sh");

/** Starts the server in `dir` (or reuses the one running there) with database `db` made; answers its URL. */
export function startPgServer(dir: string, db = "postgres"): string {
  const out = execFileSync("bash", [SCRIPT, "start"], { env: { ...process.env, PG_DIR: dir, PG_DB: db }, encoding: "utf8" });
  const url = /DATABASE_URL=(\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`start-pg.sh printed no DATABASE_URL: ${out}`);
  return url;
}

/** Stops the server in `dir` and deletes the folder. */
export function destroyPgServer(dir: string): void {
  execFileSync("bash", [SCRIPT, "destroy"], { env: { ...process.env, PG_DIR: dir }, stdio: "ignore" });
}
