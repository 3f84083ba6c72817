// Browser tests: the built production server on a free port with its own copy of the demo database,
// and Debian's Chromium driven by playwright-core.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import SQLite from "better-sqlite3";
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { generateSessionToken } from "~/auth/session.server";
import { createSession } from "~/features/accounts/session-queries.server";
import { SERVER_NODE_FLAGS } from "../../db/tools/bench-support";
import { openDatabase } from "../../db/connect";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { ARTIFACTS, ROOT, TEMPLATE_DB } from "./paths";
import { createPgDatabase, onPg, pgTemplateName, uniqueDbName } from "./pg";
import { now as clockNow } from "~/clock.server";

export const SCREENS = path.join(ARTIFACTS, "screens");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface TestServer {
  url: string;
  /** The server's DATABASE_URL: a SQLite file, or under TEST_ENGINE=pg a PostgreSQL URL. */
  dbFile: string;
  stop(): Promise<void>;
  /** SIGKILL: no graceful stop, as in a crash. */
  kill(): Promise<void>;
  /** A session inserted straight into the database: signs a browser in without typing. */
  sessionCookie(phone: string): Promise<{ name: string; value: string; url: string }>;
  sql<T>(query: string, ...params: unknown[]): T[];
  /** The server process, and everything it printed so far. */
  child: ChildProcess;
  output(): string;
}

/**
 * `empty`: start on a database file that does not exist yet, as a fresh install does; `dbFile`: on that
 * file as it is; otherwise on a copy of the demo database.
 */
export async function startServer(opts: { empty?: boolean; dbFile?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const port = await freePort();
  // Named by more than the port: two test files may be handed the same free port one after the other.
  let dbFile = opts.dbFile ?? path.join(ARTIFACTS, `e2e-${port}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.db`);
  if (opts.dbFile) {
    /* as it is */
  } else if (onPg) dbFile = await createPgDatabase(process.env.TEST_PG_SERVER!, uniqueDbName("e2e"), opts.empty ? undefined : pgTemplateName());
  else if (opts.empty) fs.rmSync(dbFile, { force: true });
  else fs.copyFileSync(TEMPLATE_DB, dbFile);
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(ROOT, "app/server.mjs")], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: dbFile, NODE_ENV: "production", APP_ORIGIN: url, LOG_REQUESTS: "0", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      const res = await fetch(`${url}/login`);
      // Read the page whole: a body left unread is cut when the server stops, and logged as an error.
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const reader = onPg ? null : new SQLite(dbFile);
  return {
    url,
    dbFile,
    async stop() {
      reader?.close();
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      if (/Error|error:/.test(output)) process.stdout.write(`server output:\n${output}\n`);
    },
    async kill() {
      reader?.close();
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
    async sessionCookie(phone: string) {
      const db = openDatabase(dbFile);
      const user = await db.selectFrom("users").select("id").where("phone", "=", phone).executeTakeFirstOrThrow();
      const token = generateSessionToken();
      await createSession(db, token, user.id, clockNow());
      await db.destroy();
      return { name: "session", value: token, url };
    },
    sql<T>(query: string, ...params: unknown[]) {
      if (reader) return reader.prepare(query).all(...params) as T[];
      const out = execFileSync(process.execPath, [path.join(ROOT, "tests/support/pg-query.mjs"), dbFile, query, JSON.stringify(params)], { encoding: "utf8" });
      return JSON.parse(out) as T[];
    },
    child,
    output: () => output,
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

export async function signedInContext(
  browser: Browser,
  server: TestServer,
  who: keyof typeof DEMO_ACCOUNTS | null,
  opts: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: opts.viewport ?? PHONE, javaScriptEnabled: opts.javaScriptEnabled ?? true, locale: "zh-CN" });
  if (who) await context.addCookies([await server.sessionCookie(DEMO_ACCOUNTS[who].phone)]);
  return context;
}
