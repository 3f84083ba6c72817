// The server's log after a whole browser run: one JSON object a line, each request with its id, and no
// session token, password or full mobile number anywhere in it.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/tools/demo-data";
import { type TestServer, launchBrowser, signedInContext, startServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { LOG_REQUESTS: "1" } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  if (server && server.child.exitCode === null) await server.stop();
});

const NEW_PHONE = "13712345678";
const NEW_PASSWORD = "长城-Password-2026";

describe("structured logs", () => {
  it("hold request ids and no token, password or full phone number", async () => {
    const tokens: string[] = [];
    const keepToken = async (context: Awaited<ReturnType<typeof signedInContext>>) => {
      const c = (await context.cookies()).find((x) => x.name === "session");
      if (c?.value) tokens.push(c.value);
    };
    const context = await signedInContext(browser, server, null);
    const page = await context.newPage();

    // Register by typing, sign out, sign in again by typing (a wrong password first).
    await page.goto(`${server.url}/register`);
    await page.getByLabel("手机号").fill(NEW_PHONE);
    await page.getByLabel("姓名").fill("钱多多");
    await page.getByLabel("密码").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "注册" }).click();
    await page.getByRole("heading", { name: "你好，钱多多" }).waitFor();
    await keepToken(context);
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByRole("link", { name: "登录" }).first().waitFor();
    await page.goto(`${server.url}/login?redirectTo=${encodeURIComponent(`/account?phone=${DEMO_ACCOUNTS.resident.phone}`)}`);
    await page.getByLabel("手机号").fill(DEMO_ACCOUNTS.resident.phone);
    await page.getByLabel("密码").fill("wrong-password-1");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("手机号或密码不正确。").waitFor();
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { level: 1, name: "我的账户" }).waitFor();
    await keepToken(context);

    // Pages that show phone numbers, and a search that carries one in its URL.
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "我的小区" }).click();
    await page.getByRole("heading", { level: 1, name: "幸福里小区" }).waitFor();
    const compound = new URL(page.url()).pathname;
    await page.goto(`${server.url}${compound}/search?q=${DEMO_ACCOUNTS.coordinator.phone}`);
    await page.goto(`${server.url}/notifications`);
    await context.close();
    await server.stop();

    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.trim() !== "");
    expect(lines.length).toBeGreaterThan(10);
    const entries = lines.map((l) => JSON.parse(l) as { level: number; msg: string; req?: { id: string; url: string } });
    const requests = entries.filter((e) => e.msg === "request completed");
    expect(requests.length).toBeGreaterThan(10);
    for (const r of requests) expect(r.req?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(requests.map((r) => r.req!.id)).size).toBe(requests.length);
    // The numbers in URLs were there, masked.
    expect(requests.some((r) => r.req!.url.includes("138****0001"))).toBe(true);

    const log = server.output();
    expect(tokens).toHaveLength(2);
    for (const token of tokens) expect(log).not.toContain(token);
    for (const secret of [NEW_PASSWORD, DEMO_PASSWORD, "wrong-password-1"]) expect(log).not.toContain(secret);
    // (A request id is a UUID, whose hex groups can hold eleven digits in a row: they are not numbers.)
    expect(log.replace(/"(?:id|reqId)":"[0-9a-f-]{36}"/g, "")).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(log.toLowerCase()).not.toContain("cookie");
  });

  it("issue 12 · 26: a page not found and a ?_data request are not logged as errors", async () => {
    const own = await startServer({ env: { LOG_REQUESTS: "1" } });
    try {
      expect((await fetch(`${own.url}/no-such-page-at-all`)).status).toBe(404);
      expect((await fetch(`${own.url}/no-such-page-at-all.data`)).status).toBe(404);
      await fetch(`${own.url}/?_data=root`);
    } finally {
      await own.stop();
    }
    const entries = own
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { level: number; msg: string; req?: { url: string } });
    expect(entries.some((e) => e.req?.url?.includes("no-such-page-at-all"))).toBe(true);
    expect(entries.filter((e) => e.level >= 50).map((e) => `${e.msg} ${e.req?.url}`)).toEqual([]);
  });
});
