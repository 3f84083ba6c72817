// The administrators' command line, run as a person would run it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, ROOT } from "../support/paths";

function cli(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "db/tools/cli.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...env },
    encoding: "utf8",
    input,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tempDb(name: string) {
  const file = path.join(ARTIFACTS, `cli-${name}-${process.pid}.db`);
  fs.rmSync(file, { force: true });
  return file;
}

describe("npm run cli", () => {
  it("prints its commands with --help", () => {
    const r = cli(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["migrate", "setup", "add-place", "import-roster", "grant", "revoke", "codes"]) expect(r.out).toContain(command);
  });

  it("setup with SEED_DEMO=0 creates the schema and nothing else", () => {
    const file = tempDb("empty");
    expect(cli(["setup"], { DATABASE_URL: file, SEED_DEMO: "0" }).code).toBe(0);
    const db = new SQLite(file);
    expect(db.prepare("select count(*) n from places").get()).toEqual({ n: 0 });
    db.close();
  });

  it("issue 12 · 2: create-admin makes the first administrator of an empty deployment, the password from stdin or ADMIN_PASSWORD", async () => {
    const file = tempDb("admin");
    const env = { DATABASE_URL: file };
    // Setup with a public origin and no SEED_DEMO: no demo city, so no known password.
    expect(cli(["setup"], { ...env, APP_ORIGIN: "https://gongzhi.example.cn" }).code).toBe(0);
    const short = cli(["create-admin", "--phone", "13700001111", "--name", "管理员"], env, "short\n");
    expect(short.code).toBe(2);
    expect(short.err).toContain("密码至少需要 8 位");
    const made = cli(["create-admin", "--phone", "13700001111", "--name", "管理员"], env, "first-admin-pass\n");
    expect(made.code, made.err).toBe(0);
    expect(made.out).toContain("created administrator");
    const again = cli(["create-admin", "--phone", "13700001111", "--name", "管理员"], env, "first-admin-pass\n");
    expect(again.code).toBe(2);
    expect(again.err).toContain("该手机号已注册");
    expect(cli(["create-admin", "--phone", "13700002222", "--name", "第二位"], { ...env, ADMIN_PASSWORD: "from-the-env" }).code).toBe(0);
    const db = new SQLite(file);
    expect(db.prepare("select count(*) n from places").get()).toEqual({ n: 0 });
    const admins = db
      .prepare("select u.phone, u.name from role_grants g join users u on u.id = g.user_id where g.role = 'admin' and g.place_id is null order by u.id")
      .all();
    expect(admins).toEqual([
      { phone: "13700001111", name: "管理员" },
      { phone: "13700002222", name: "第二位" },
    ]);
    db.close();
    const { verifyPassword } = await import("~/auth/password.server");
    const check = new SQLite(file);
    const hashes = check.prepare("select password_hash h from users order by id").all() as { h: string }[];
    check.close();
    expect(await verifyPassword(hashes[0].h, "first-admin-pass")).toBe(true);
    expect(await verifyPassword(hashes[1].h, "from-the-env")).toBe(true);
  });

  it("builds a compound from nothing: places, roster with progress, a role, codes; refuses a bad roster with the rows", () => {
    const file = tempDb("build");
    const env = { DATABASE_URL: file, SEED_DEMO: "0" };
    expect(cli(["migrate"], env).code).toBe(0);
    let parent = "";
    for (const name of ["示范市", "和平区", "东湖街道", "幸福里社区", "幸福里小区"]) {
      const r = cli(parent ? ["add-place", "--parent", parent, "--name", name] : ["add-place", "--name", name], env);
      expect(r.code, r.err).toBe(0);
      parent = /#(\d+)/.exec(r.out)![1];
    }
    const csv = path.join(ARTIFACTS, `cli-roster-${process.pid}.csv`);
    fs.writeFileSync(csv, "building,unit,room,area_m2,owner_name,owner_phone\n1号楼,1,101,89.5,张三,13812345678\n1号楼,1,102,70,李四,13912345678\n");
    const imported = cli(["import-roster", "--compound", parent, csv], env);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain("新增住房 2 户");
    fs.writeFileSync(csv, "building,unit,room,area_m2,owner_name,owner_phone\n1号楼,1,103,很大,王五,13912345679\n");
    const refused = cli(["import-roster", "--compound", parent, csv], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("第 2 行");
    expect(cli(["create-user", "--phone", "13800000001", "--name", "李建华", "--password", "long-enough"], env).code).toBe(0);
    expect(cli(["grant", "--phone", "13800000001", "--role", "coordinator", "--place", parent], env).code).toBe(0);
    const wrong = cli(["grant", "--phone", "13800000001", "--role", "street_staff", "--place", parent], env);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("不能授予");
    const codes = cli(["codes", "--compound", parent], env);
    expect(codes.code).toBe(0);
    expect(codes.out.trim().split("\n")).toHaveLength(3);
    const db = new SQLite(file);
    expect(db.prepare("select count(*) n from dwellings").get()).toEqual({ n: 2 });
    db.close();
  });
});
