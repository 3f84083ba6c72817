// The administrators' command line: npm run cli -- <command> [options]. Run with --help for the list.
import fs from "node:fs";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import type { Kysely } from "kysely";
import { type BackupInfo, backupDatabase, restoreDatabase } from "./backup";
import { backupPostgres, restorePostgres } from "./backup-pg";
import { packUploads, unpackUploads, uploadsArchiveOf } from "./backup-uploads";
import { isPostgresUrl } from "../engine";
import { databasePath, migrateToLatest } from "../connect";
import type { Database, RoleName } from "../schema";
import { isEmpty, seedDemo } from "./seed";
import { parseEnv, seedsDemo } from "../../app/env.server";
import { ROLES } from "../../app/domain/permissions";
import { isMainlandMobile, normalizePhone } from "../../app/domain/phone";
import { formatCode } from "../../app/domain/household-code";
import { translate } from "../../app/i18n";
import { unusedCodes } from "../../app/features/residency/code-queries.server";
import { hashPassword } from "../../app/auth/password.server";
import { closeDb, getDb, uploadDir } from "../../app/db.server";
import { createAccountIn, register } from "../../app/features/accounts/commands.server";
import { generateCodes } from "../../app/features/residency/code-commands.server";
import { AppError, SYSTEM_ACTOR } from "../../app/features/errors";
import { addDepartment, addPlace } from "../../app/features/places/commands.server";
import { grantRole, revokeRole } from "../../app/features/roles/commands.server";
import { decodeRoster, importRoster } from "../../app/features/places/roster-commands.server";
import { runDueJobs } from "../../app/features/votes/commands.server";
import { runRequestJobs } from "../../app/features/requests/commands.server";
import { now as clockNow } from "../../app/clock.server";

const HELP = `共治 command line — npm run cli -- <command> [options]

  migrate                                 create or update the schema
  seed                                    add the demo city (only into an empty database)
  setup                                   migrate, then seed the demo if empty and it is a trial (see SEED_DEMO below)
  create-admin --phone P --name N         the first administrator of a deployment (or another one): an account with
                                          the password from ADMIN_PASSWORD, else the first line of standard input
  add-place --name N [--parent ID]        add a place (a city when no parent; else the next level down)
  add-department --place ID --name N      add a department under a street or district
  create-user --phone P --name N --password W
  import-roster --compound ID FILE.csv    import a roster: building,unit,room,area_m2,owner_name,owner_phone
  grant --phone P --role R [--place ID] [--department ID]
                                          roles: ${ROLES.join(", ")}
  revoke --grant ID                       revoke a role grant
  jobs                                    run the scheduled jobs once (close votes whose window has ended)
  backup FILE                             a consistent copy of the live database (also: npm run db:backup -- FILE):
                                          SQLite's backup API, or pg_dump -Fc on PostgreSQL; the upload folder
                                          (UPLOAD_DIR) goes beside it as FILE.uploads.tar
  restore FILE                            check FILE (integrity, schema) and only then put it in place, and the
                                          uploads from FILE.uploads.tar (also: npm run db:restore -- FILE; stop
                                          the server first); pg_restore --clean --if-exists on PostgreSQL
  codes --compound ID [--all] [--out F]   generate household codes for dwellings without one (--all: renew every code)
                                          and print the unused ones (to F as CSV when given)

Environment: DATABASE_URL (default ./data/gongzhi.db, or postgres://…); UPLOAD_DIR; PG_BIN (PostgreSQL's
programs; default the newest /usr/lib/postgresql/*/bin); SEED_DEMO: 1 seeds the demo city into an empty database,
0 never; unset, only when APP_ORIGIN is unset or on localhost.`;

function say(e: unknown): never {
  if (e instanceof AppError) {
    console.error(`错误 (${e.status}): ${translate("zh-CN", e.msg.key, e.msg.vars)}`);
    process.exit(2);
  }
  throw e;
}

function need(value: string | undefined, name: string): string {
  if (!value) {
    console.error(`缺少参数 --${name}。运行 --help 查看用法。`);
    process.exit(2);
  }
  return value;
}

function id(value: string | undefined, name: string): number {
  const n = Number(need(value, name));
  if (!Number.isSafeInteger(n) || n <= 0) {
    console.error(`--${name} 必须是正整数。`);
    process.exit(2);
  }
  return n;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      name: { type: "string" },
      parent: { type: "string" },
      place: { type: "string" },
      compound: { type: "string" },
      phone: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      department: { type: "string" },
      grant: { type: "string" },
      out: { type: "string" },
      all: { type: "boolean" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === "help") {
    console.log(HELP);
    return;
  }
  const env = parseEnv(process.env);
  if (command === "backup" || command === "restore") return backupCommand(command, rest[0], env.DATABASE_URL);
  // The process's database (DATABASE_URL): the feature commands open their transactions on it.
  const db: Kysely<Database> = getDb();
  const now = clockNow();
  try {
    switch (command) {
      case "migrate": {
        const done = await migrateToLatest(db);
        console.log(done.length ? `migrated: ${done.join(", ")}` : "schema is up to date");
        break;
      }
      case "seed":
      case "setup": {
        await migrateToLatest(db);
        if (command === "setup" && !seedsDemo(env)) break;
        if (await isEmpty(db)) await seedDemo(db, now, console.log);
        else console.log("database already has data: demo not seeded");
        break;
      }
      case "add-place": {
        const parentId = values.parent ? id(values.parent, "parent") : null;
        const r = await addPlace(SYSTEM_ACTOR, { parentId, name: need(values.name, "name") }, now).catch(say);
        console.log(`added ${r.kind} #${r.id}`);
        break;
      }
      case "add-department": {
        const r = await addDepartment(SYSTEM_ACTOR, { placeId: id(values.place, "place"), name: need(values.name, "name") }, now).catch(say);
        console.log(`added department #${r}`);
        break;
      }
      case "create-user": {
        const phone = normalizePhone(need(values.phone, "phone"));
        const password = need(values.password, "password");
        if (!isMainlandMobile(phone)) say(new AppError(400, { key: "v.phone" }));
        if (password.length < 8) say(new AppError(400, { key: "v.passwordShort" }));
        const r = await register({ phone, name: need(values.name, "name"), password, locale: null }, now).catch(say);
        console.log(`created user #${r.userId}`);
        break;
      }
      case "create-admin": {
        // Never on the command line itself (shell history, the process list): from the environment or stdin.
        const phone = normalizePhone(need(values.phone, "phone"));
        const name = need(values.name, "name").trim();
        if (!isMainlandMobile(phone)) say(new AppError(400, { key: "v.phone" }));
        if (!name || name.length > 40) say(new AppError(400, { key: "v.required" }));
        const password = process.env.ADMIN_PASSWORD ?? (await firstLine("请输入新管理员的密码（至少 8 位），回车结束："));
        if (password.length < 8) say(new AppError(400, { key: "v.passwordShort" }));
        if (password.length > 128) say(new AppError(400, { key: "v.passwordLong" }));
        await migrateToLatest(db);
        const passwordHash = await hashPassword(password);
        const userId = await createAccountIn(db, { phone, name, passwordHash, locale: null }, now).catch(say);
        const grant = await grantRole(SYSTEM_ACTOR, { phone, role: "admin", placeId: null, departmentId: null }, now).catch(say);
        console.log(`created administrator #${userId} (grant #${grant.id}): ${name}; sign in at /login with ${phone}`);
        break;
      }
      case "import-roster": {
        const file = need(rest[0], "FILE");
        const csv = decodeRoster(fs.readFileSync(file));
        const bar = new SingleBar({ format: "导入 [{bar}] {value}/{total} 行", hideCursor: true });
        let started = false;
        const r = await importRoster(SYSTEM_ACTOR, { compoundId: id(values.compound, "compound"), csv }, now, (done, total) => {
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        }).catch(say);
        if (started) bar.stop();
        if (!r.ok) {
          console.error(translate("zh-CN", "roster.failed", { count: new Set(r.errors.map((e) => e.line)).size }));
          for (const e of r.errors)
            console.error(
              `  ${e.line > 0 ? translate("zh-CN", "roster.row", { line: e.line, message: translate("zh-CN", e.key, e.vars) }) : translate("zh-CN", e.key, e.vars)}`,
            );
          process.exit(1);
        }
        console.log(translate("zh-CN", "roster.done", { created: r.created, updated: r.updated, owners: r.owners }));
        if (r.notes.length > 0) console.log(translate("zh-CN", "roster.transfers"));
        for (const n of r.notes) console.log(`  ${translate("zh-CN", "roster.row", { line: n.line, message: translate("zh-CN", n.key, n.vars) })}`);
        break;
      }
      case "grant": {
        const role = need(values.role, "role") as RoleName;
        if (!ROLES.includes(role)) say(new AppError(400, { key: "v.choice" }));
        const r = await grantRole(
          SYSTEM_ACTOR,
          {
            phone: normalizePhone(need(values.phone, "phone")),
            role,
            placeId: values.place ? id(values.place, "place") : null,
            departmentId: values.department ? id(values.department, "department") : null,
          },
          now,
        ).catch(say);
        console.log(`granted #${r.id}: ${r.user.name} ${role}`);
        break;
      }
      case "revoke": {
        await revokeRole(SYSTEM_ACTOR, { grantId: id(values.grant, "grant") }, now).catch(say);
        console.log("revoked");
        break;
      }
      case "codes": {
        const compoundId = id(values.compound, "compound");
        const n = await generateCodes(SYSTEM_ACTOR, { compoundId, mode: values.all ? "all" : "missing" }, now).catch(say);
        const codes = await unusedCodes(db, compoundId);
        const lines = ["building,unit,room,code", ...codes.map((c) => `${c.building},${c.unit},${c.room},${formatCode(c.code)}`)];
        if (values.out) fs.writeFileSync(values.out, `${lines.join("\n")}\n`);
        else console.log(lines.join("\n"));
        console.error(`generated ${n}; ${codes.length} unused codes`);
        break;
      }
      case "jobs": {
        const closed = await runDueJobs(now);
        const escalated = await runRequestJobs(now);
        console.log(
          closed.length || escalated.length ? `closed votes: ${closed.join(", ") || "-"}; escalated requests: ${escalated.join(", ") || "-"}` : "nothing to do",
        );
        break;
      }
      default:
        console.error(`未知命令：${command}\n\n${HELP}`);
        process.exit(2);
    }
  } finally {
    await closeDb();
  }
}

/** The first line of standard input (a pipe, or typed at a terminal after the prompt). */
function firstLine(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  return new Promise((resolve) => {
    let line: string | null = null;
    rl.once("line", (l) => {
      line = l.replace(/\r$/, "");
      rl.close();
    });
    rl.once("close", () => resolve(line ?? ""));
  });
}

/**
 * Backups: on SQLite, the file through better-sqlite3's online backup API (not through Kysely); on PostgreSQL,
 * pg_dump / pg_restore (backup-pg.ts). Either way the upload folder goes beside it as FILE.uploads.tar.
 */
async function backupCommand(command: "backup" | "restore", file: string | undefined, url: string) {
  if (!file) {
    console.error(translate("zh-CN", "backup.usage"));
    process.exit(2);
  }
  const pg = isPostgresUrl(url);
  const latest = (info: BackupInfo) => info.migrations.at(-1) ?? "-";
  const refuse = (info: BackupInfo) => {
    for (const p of info.problems) console.error(translate("zh-CN", p.key, "detail" in p ? { detail: p.detail } : undefined));
    console.error(translate("zh-CN", "backup.refused"));
    process.exit(1);
  };
  const uploads = uploadDir();
  const archive = uploadsArchiveOf(file);
  if (command === "backup") {
    const info = pg ? backupPostgres(url, file) : await backupDatabase(databasePath(url), file);
    if (!info.ok) refuse(info);
    console.log(
      pg
        ? translate("zh-CN", "backup.pgDone", { file, entries: info.pages, migration: latest(info) })
        : translate("zh-CN", "backup.done", { file, pages: info.pages, migration: latest(info) }),
    );
    console.log(translate("zh-CN", "backup.uploads", { count: packUploads(uploads, archive), file: archive }));
  } else {
    const now = clockNow();
    const info = pg ? restorePostgres(file, url, now) : await restoreDatabase(file, databasePath(url), now);
    if (!info.ok) refuse(info);
    console.log(translate("zh-CN", "backup.restored", { file, migration: latest(info), saved: info.saved ?? "-" }));
    if (!fs.existsSync(archive)) console.log(translate("zh-CN", "backup.noUploads", { file: archive }));
    else {
      const r = unpackUploads(archive, uploads, now);
      console.log(translate("zh-CN", "backup.uploadsRestored", { count: r.files, dir: uploads, saved: r.saved ?? "-" }));
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
