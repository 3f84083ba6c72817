// Backups: `npm run db:backup -- FILE` copies the database while another process keeps writing to it, and
// `npm run db:restore -- FILE` puts a copy back only after checking it; a bad file changes nothing.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ARTIFACTS, ROOT, TEMPLATE_DB } from "../support/paths";

const dir = path.join(ARTIFACTS, `backup-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
const live = path.join(dir, "live.db");
fs.copyFileSync(TEMPLATE_DB, live);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function npm(script: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "--silent", script, "--", file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: live } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

// Another process writes pairs of audit entries, each pair in one transaction, until it finds the stop file.
const WRITER = `
const SQLite = require(${JSON.stringify(path.join(ROOT, "node_modules/better-sqlite3"))});
const fs = require("node:fs");
const db = new SQLite(process.argv[1]);
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("insert into audit_log (at, action, entity_type, data) values (?, 'test.load', 'test', ?)");
const pair = db.transaction((i) => { insert.run(new Date().toISOString(), String(i)); insert.run(new Date().toISOString(), String(i)); });
const deadline = Date.now() + 60000;
let i = 0;
while (!fs.existsSync(process.argv[2]) && Date.now() < deadline) pair(i++);
db.close();
process.stdout.write(String(i));
`;

const loadRows = (file: string) => {
  const db = new SQLite(file, { readonly: true });
  try {
    return (db.prepare("select count(*) from audit_log where action = 'test.load'").pluck().get() as number) ?? 0;
  } finally {
    db.close();
  }
};

const checksum = (file: string) => fs.readFileSync(file).toString("base64");

describe("db:backup and db:restore", () => {
  it("backs up a consistent copy while another process writes, and restores it", async () => {
    const stopFile = path.join(dir, "stop");
    const writer: ChildProcess = spawn(process.execPath, ["-e", WRITER, live, stopFile], { stdio: ["ignore", "pipe", "inherit"] });
    let written = "";
    writer.stdout?.on("data", (d) => (written += d));
    const exited = new Promise((r) => writer.once("exit", r));
    // Wait until the writer is under way.
    for (let tries = 0; loadRows(live) < 200 && tries < 600; tries++) await new Promise((r) => setTimeout(r, 50));
    const before = loadRows(live);
    const backup = await npm("db:backup", path.join(dir, "copy.db"));
    const after = loadRows(live);
    fs.writeFileSync(stopFile, "");
    await exited;

    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain("完整性检查通过");
    expect(after).toBeGreaterThan(before); // the writer went on while the copy was taken
    const copied = loadRows(path.join(dir, "copy.db"));
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(copied).toBeLessThanOrEqual(after);
    expect(copied % 2).toBe(0); // whole transactions only
    expect(fs.existsSync(path.join(dir, "copy.db-wal"))).toBe(false);
    expect(Number(written) * 2).toBe(loadRows(live));

    const restore = await npm("db:restore", path.join(dir, "copy.db"));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("已从");
    expect(loadRows(live)).toBe(copied);
    const db = new SQLite(live, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
    const saved = fs.readdirSync(dir).find((f) => f.startsWith("live.db.before-restore-"));
    expect(saved).toBeDefined();
    expect(loadRows(path.join(dir, saved!))).toBe(Number(written) * 2);
  }, 120_000);

  it("refuses a damaged, foreign or newer file and leaves the database as it was", async () => {
    const good = path.join(dir, "good.db");
    expect((await npm("db:backup", good)).code).toBe(0);
    const bytes = fs.readFileSync(good);

    const garbage = path.join(dir, "garbage.db");
    fs.writeFileSync(garbage, "这不是数据库");
    const truncated = path.join(dir, "truncated.db");
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const flipped = path.join(dir, "flipped.db");
    const g = new SQLite(good, { readonly: true });
    const root = g.prepare("select rootpage from sqlite_master where name = 'users'").pluck().get() as number;
    const pageSize = g.pragma("page_size", { simple: true }) as number;
    g.close();
    const damaged = Buffer.from(bytes);
    for (let i = 0; i < 64; i++) damaged[(root - 1) * pageSize + i] = 0x5a; // the users table's page header
    fs.writeFileSync(flipped, damaged);
    const foreign = path.join(dir, "foreign.db");
    const f = new SQLite(foreign);
    f.exec("create table notes (id integer primary key, text text)");
    f.close();
    const newer = path.join(dir, "newer.db");
    fs.copyFileSync(good, newer);
    const n = new SQLite(newer);
    n.prepare("insert into kysely_migration (name, timestamp) values ('2099-01-01T00-future', ?)").run(new Date().toISOString());
    n.close();

    const before = checksum(live);
    const cases: [string, string][] = [
      [path.join(dir, "missing.db"), "找不到备份文件"],
      [garbage, "不是一个 SQLite 数据库文件"],
      [truncated, "已损坏"],
      [flipped, "已损坏"],
      [foreign, "不是共治的数据库"],
      [newer, "更新的版本"],
    ];
    for (const [file, message] of cases) {
      const r = await npm("db:restore", file);
      expect(r.code, file).toBe(1);
      expect(r.stderr, file).toContain(message);
      expect(r.stderr).toContain("拒绝恢复");
      expect(checksum(live), file).toBe(before);
    }
    expect(fs.readFileSync(garbage, "utf8")).toBe("这不是数据库");
    expect(fs.existsSync(`${live}.restoring`)).toBe(false);
  }, 120_000);

  it("keeps the uploaded photos beside the copy and puts them back", async () => {
    const uploads = path.join(dir, "uploads"); // the default: beside the database file
    fs.mkdirSync(uploads, { recursive: true });
    const photo = "0123456789abcdef0123456789abcdef";
    fs.writeFileSync(path.join(uploads, photo), "照片");
    const copy = path.join(dir, "photos.db");
    const backup = await npm("db:backup", copy);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain("上传的照片 1 个");
    expect(fs.existsSync(`${copy}.uploads.tar`)).toBe(true);

    fs.rmSync(path.join(uploads, photo));
    const later = "fedcba9876543210fedcba9876543210";
    fs.writeFileSync(path.join(uploads, later), "后来的照片");
    const restore = await npm("db:restore", copy);
    expect(restore.code, restore.stderr).toBe(0);
    expect(fs.readdirSync(uploads)).toEqual([photo]);
    expect(fs.readFileSync(path.join(uploads, photo), "utf8")).toBe("照片");
    const kept = fs.readdirSync(dir).find((f) => f.startsWith("uploads.before-restore-"));
    expect(kept).toBeDefined();
    expect(fs.readdirSync(path.join(dir, kept!))).toEqual([later]);
  }, 120_000);
});
