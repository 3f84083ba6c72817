// Backups with SQLite's online backup API: a consistent copy while the server runs and writes, and a
// restore that checks the copy (integrity, and that this version of the app knows its schema) before it
// replaces anything.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { migrations } from "../migrations/index";

/** After the first (empty) step, every page in one step: one read transaction, one snapshot. */
const ALL_AT_ONCE = { progress: () => 0x7fffffff };

export type BackupProblem =
  | { key: "backup.missing" }
  | { key: "backup.notSqlite" }
  | { key: "backup.notPgDump" }
  | { key: "backup.corrupt"; detail: string }
  | { key: "backup.notOurs" }
  | { key: "backup.newer"; detail: string };

export interface BackupInfo {
  ok: boolean;
  problems: BackupProblem[];
  /** The migrations the copy has been through, the latest last. */
  migrations: string[];
  pages: number;
}

/**
 * Copies the live database `source` to `destination` (replaced when it exists). The whole copy is one
 * step of the backup API, so it reads one snapshot: a writer in another process goes on meanwhile (WAL)
 * and the copy holds either all of a transaction or none of it.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupInfo> {
  if (!fs.existsSync(source)) return { ok: false, problems: [{ key: "backup.missing" }], migrations: [], pages: 0 };
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const tmp = `${destination}.partial`;
  removeDatabaseFiles(tmp);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    await db.backup(tmp, ALL_AT_ONCE);
  } finally {
    db.close();
  }
  const info = standAlone(tmp) ?? checkBackup(tmp);
  if (!info.ok) {
    removeDatabaseFiles(tmp);
    return info;
  }
  fs.renameSync(tmp, destination);
  return info;
}

function removeDatabaseFiles(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

/** A copy in rollback-journal mode is one self-contained file (no -wal or -shm beside it). */
function standAlone(file: string): BackupInfo | null {
  try {
    const db = new SQLite(file, { fileMustExist: true });
    try {
      db.pragma("journal_mode = DELETE");
    } finally {
      db.close();
    }
    return null;
  } catch (e) {
    return { ok: false, problems: [{ key: "backup.corrupt", detail: (e as Error).message }], migrations: [], pages: 0 };
  }
}

function checkHeader(file: string): BackupInfo | null {
  const none = (problem: BackupProblem): BackupInfo => ({ ok: false, problems: [problem], migrations: [], pages: 0 });
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return none({ key: "backup.missing" });
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, "r");
  const read = fs.readSync(fd, header, 0, 16, 0);
  fs.closeSync(fd);
  if (read < 16 || header.toString("latin1") !== "SQLite format 3\u0000") return none({ key: "backup.notSqlite" });
  return null;
}

/** Reads a copy without changing it: is it SQLite, whole, and of a schema this version knows? */
export function checkBackup(file: string): BackupInfo {
  const bad = checkHeader(file);
  if (bad) return bad;
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return { ok: false, problems: [{ key: "backup.corrupt", detail: (e as Error).message }], migrations: [], pages: 0 };
  }
  const problems: BackupProblem[] = [];
  let names: string[] = [];
  let pages = 0;
  try {
    const rows = db.prepare("pragma integrity_check").pluck().all() as string[];
    if (rows.length !== 1 || rows[0] !== "ok") problems.push({ key: "backup.corrupt", detail: rows.slice(0, 5).join("; ") });
    const fk = db.prepare("pragma foreign_key_check").all();
    if (fk.length) problems.push({ key: "backup.corrupt", detail: `foreign keys: ${fk.length}` });
    pages = db.pragma("page_count", { simple: true }) as number;
    const hasTable = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (!hasTable) problems.push({ key: "backup.notOurs" });
    else {
      names = (db.prepare("select name from kysely_migration order by name").pluck().all() as string[]) ?? [];
      const unknown = names.filter((n) => !(n in migrations));
      if (names.length === 0) problems.push({ key: "backup.notOurs" });
      else if (unknown.length) problems.push({ key: "backup.newer", detail: unknown.join(", ") });
    }
  } catch (e) {
    problems.push({ key: "backup.corrupt", detail: (e as Error).message });
  } finally {
    db.close();
  }
  return { ok: problems.length === 0, problems, migrations: names, pages };
}

/**
 * Replaces the database `target` by the copy `file`, after checking the copy; refuses (and changes
 * nothing) when the check fails. Call it with a stand-alone file (what backupDatabase writes). The current database is first saved beside it (`…before-restore-…`),
 * and the copy goes in through the backup API, page by page under SQLite's locks, so a server that still
 * has the file open sees either the old database or the restored one. Stop the server first all the same:
 * its signed-in people lose their sessions to whatever the copy holds.
 */
export async function restoreDatabase(file: string, target: string, now: Date): Promise<BackupInfo & { saved: string | null }> {
  // The copy is checked on a private duplicate, so even a bad file is left as it was.
  const first = checkHeader(file);
  if (first) return { ...first, saved: null };
  const stage = `${target}.restoring`;
  removeDatabaseFiles(stage);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  fs.copyFileSync(file, stage);
  try {
    const info = standAlone(stage) ?? checkBackup(stage);
    if (!info.ok) return { ...info, saved: null };
    let saved: string | null = null;
    if (fs.existsSync(target)) {
      saved = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
      const current = new SQLite(target, { fileMustExist: true });
      try {
        await current.backup(saved, ALL_AT_ONCE);
      } finally {
        current.close();
      }
    }
    const copy = new SQLite(stage, { readonly: true, fileMustExist: true });
    try {
      await copy.backup(target, ALL_AT_ONCE);
    } finally {
      copy.close();
    }
    return { ...info, saved };
  } finally {
    removeDatabaseFiles(stage);
  }
}
