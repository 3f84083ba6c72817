// Backups on PostgreSQL: `pg_dump -Fc` (one consistent snapshot, taken while the servers go on writing) and
// `pg_restore --clean --if-exists --no-owner --single-transaction` (all or nothing), after checking that the
// file is a dump of this app of a schema this version knows. The uploads go beside it (backup-uploads.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { migrationsFor } from "../migrations/index";
import type { BackupInfo, BackupProblem } from "./backup";

/**
 * The folder of PostgreSQL's programs: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian keeps
 * them off PATH), else none (found on PATH).
 */
export function pgBinDir(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin/pg_dump"))) : [];
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

function tool(name: "pg_dump" | "pg_restore"): string {
  const dir = pgBinDir();
  return dir ? path.join(dir, name) : name;
}

/** The URL without its password (which goes in PGPASSWORD instead, so it is not in the process list). */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(name: "pg_dump" | "pg_restore", args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(tool(name), args, { env, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
}

const failed = (e: unknown): BackupInfo => {
  const err = e as { stderr?: string; message: string };
  return {
    ok: false,
    problems: [{ key: "backup.corrupt", detail: (err.stderr || err.message).trim().split("\n").slice(0, 3).join("; ") }],
    migrations: [],
    pages: 0,
  };
};

/** Dumps the database at `url` into `destination` (custom format); answers what the check of the dump finds. */
export function backupPostgres(url: string, destination: string): BackupInfo {
  const { dbname, env } = connection(url);
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const tmp = `${destination}.partial`;
  fs.rmSync(tmp, { force: true });
  try {
    run("pg_dump", ["--format=custom", "--no-owner", "--file", tmp, "--dbname", dbname], env);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    return failed(e);
  }
  const info = checkPostgresBackup(tmp);
  if (!info.ok) {
    fs.rmSync(tmp, { force: true });
    return info;
  }
  fs.renameSync(tmp, destination);
  return info;
}

/**
 * Reads a dump without restoring it: is it a pg_dump archive, with the app's migration table, of migrations
 * this version knows? `pages` is the number of entries in the archive's table of contents.
 */
export function checkPostgresBackup(file: string): BackupInfo {
  const none = (problem: BackupProblem): BackupInfo => ({ ok: false, problems: [problem], migrations: [], pages: 0 });
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return none({ key: "backup.missing" });
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, "r");
  const read = fs.readSync(fd, head, 0, 5, 0);
  fs.closeSync(fd);
  if (read < 5 || head.toString("latin1") !== "PGDMP") return none({ key: "backup.notPgDump" });
  let list: string;
  let data: string;
  try {
    list = run("pg_restore", ["--list", file], process.env);
    if (!/ TABLE DATA \S+ kysely_migration /.test(list)) return none({ key: "backup.notOurs" });
    data = run("pg_restore", ["--data-only", "--table", "kysely_migration", "--file", "-", file], process.env);
  } catch (e) {
    return failed(e);
  }
  // COPY public.kysely_migration (name, "timestamp") FROM stdin; then one tab-separated row a line, then "\.".
  const copy = /^COPY \S*kysely_migration \(([^)]*)\) FROM stdin;\n([\s\S]*?)^\\\.$/m.exec(data);
  const column = copy ? copy[1].split(", ").indexOf("name") : -1;
  const names =
    copy && column >= 0
      ? copy[2]
          .split("\n")
          .filter(Boolean)
          .map((line) => line.split("\t")[column])
          .sort()
      : [];
  const entries = list.split("\n").filter((l) => /^\d+;/.test(l)).length;
  if (names.length === 0) return { ok: false, problems: [{ key: "backup.notOurs" }], migrations: [], pages: entries };
  const known = migrationsFor("pg");
  const unknown = names.filter((n) => !(n in known));
  const problems: BackupProblem[] = unknown.length ? [{ key: "backup.newer", detail: unknown.join(", ") }] : [];
  return { ok: problems.length === 0, problems, migrations: names, pages: entries };
}

/**
 * Restores the dump `file` into the database at `url` after checking it; refuses (and changes nothing) when the
 * check fails. The current database is first dumped beside the file (`FILE.before-restore-…`). One transaction:
 * a failure half-way leaves the database as it was. Stop the app servers first (their connections hold locks).
 */
export function restorePostgres(file: string, url: string, now: Date): BackupInfo & { saved: string | null } {
  const info = checkPostgresBackup(file);
  if (!info.ok) return { ...info, saved: null };
  const saved = `${file}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
  const before = backupPostgres(url, saved);
  // An empty database (a new server being filled) has nothing to keep.
  const keep = before.ok ? saved : null;
  if (!before.ok) fs.rmSync(saved, { force: true });
  const { dbname, env } = connection(url);
  try {
    run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname", dbname, file], env);
  } catch (e) {
    return { ...failed(e), saved: keep };
  }
  return { ...info, saved: keep };
}
