// Backups on PostgreSQL: `npm run db:backup -- FILE` runs pg_dump -Fc and packs the upload folder beside it,
// `npm run db:restore -- FILE` checks the dump, restores it with pg_restore --clean and puts the uploads back.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ARTIFACTS, ROOT } from "../support/paths";
import { onPg } from "../support/pg";

const dir = path.join(ARTIFACTS, `backup-pg-${process.pid}`);

function npm(script: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "--silent", script, "--", file], { cwd: ROOT, env: process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const TABLES = ["users", "places", "proposals", "comments", "votes", "ballot_casts", "requests", "audit_log", "sessions"];

async function query<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const counts = () =>
  query(async (c) => {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await c.query(`select count(*) as n from ${t}`)).rows[0].n);
    return out;
  });

describe.runIf(onPg)("db:backup and db:restore on PostgreSQL", () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("dumps the database and the uploads, and restores both", async () => {
    fs.mkdirSync(dir, { recursive: true });
    const uploads = process.env.UPLOAD_DIR!;
    fs.mkdirSync(uploads, { recursive: true });
    const photo = "0123456789abcdef0123456789abcdef";
    fs.writeFileSync(path.join(uploads, photo), "照片");
    const before = await counts();
    const file = path.join(dir, "city.dump");

    const backup = await npm("db:backup", file);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain("pg_dump");
    expect(backup.stdout).toContain("上传的照片 1 个");
    expect(fs.readFileSync(file).subarray(0, 5).toString("latin1")).toBe("PGDMP");

    // Change the data and the uploads after the backup.
    await query(async (c) => {
      await c.query("insert into audit_log (at, action, entity_type, data) values (now(), 'test.after', 'test', 'x')");
      await c.query("delete from sessions");
    });
    fs.rmSync(path.join(uploads, photo));
    fs.writeFileSync(path.join(uploads, "fedcba9876543210fedcba9876543210"), "后来的照片");
    expect(await counts()).not.toEqual(before);

    const restore = await npm("db:restore", file);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("已从");
    expect(await counts()).toEqual(before);
    expect(fs.readdirSync(uploads)).toEqual([photo]);
    // The database as it was before the restore is kept beside the file.
    expect(fs.readdirSync(dir).some((f) => f.startsWith("city.dump.before-restore-"))).toBe(true);
  }, 120_000);

  it("refuses a file that is not a dump of this app and changes nothing", async () => {
    fs.mkdirSync(dir, { recursive: true });
    const garbage = path.join(dir, "garbage.dump");
    fs.writeFileSync(garbage, "这不是备份");
    const before = await counts();
    const r = await npm("db:restore", garbage);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("不是 pg_dump");
    expect(r.stderr).toContain("拒绝恢复");
    expect(await counts()).toEqual(before);
  }, 60_000);
});
