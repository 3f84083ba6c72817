// The foundation walked in a real Chromium against the production build.
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/tools/demo-data";
import { SCREENS, type TestServer, launchBrowser, signedInContext, startServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(SCREENS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // A refused form answers 4xx on purpose; the console's note about it is not an error of the page.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  return errors;
}

describe("as a demo resident", () => {
  it("signs in by typing and sees their compound", async () => {
    const context = await signedInContext(browser, server, null);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${server.url}/login`);
    await page.getByLabel("手机号").fill(DEMO_ACCOUNTS.resident.phone);
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { name: `你好，${DEMO_ACCOUNTS.resident.name}` }).waitFor();
    await page.getByRole("link", { name: "我的小区" }).click();
    await page.getByRole("heading", { level: 1, name: "幸福里小区" }).waitFor();
    expect(await page.textContent("main")).toContain("我的住房：1号楼 1单元 101室（业主）");
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "session")!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe("Lax");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("as a coordinator", () => {
  it("approves a pending claim from the queue", async () => {
    const context = await signedInContext(browser, server, "coordinator");
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: /条住户认证申请待审核/ }).click();
    await page.getByRole("heading", { level: 1, name: "住户认证审核" }).waitFor();
    const claim = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(DEMO_ACCOUNTS.newcomer.name) }) });
    // A coordinator sees the applicant's number masked.
    expect(await claim.textContent()).toContain("139****0003");
    await claim.getByRole("button", { name: "通过" }).click();
    await page.getByText(`已通过 ${DEMO_ACCOUNTS.newcomer.name} 的认证申请。`).waitFor();
    const rows = server.sql<{ status: string }>(
      "select r.status from residencies r join users u on u.id = r.user_id where u.phone = ?",
      DEMO_ACCOUNTS.newcomer.phone,
    );
    expect(rows.map((r) => r.status)).toEqual(["verified"]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("as a new user", () => {
  it("registers, claims a dwelling, and redeems a household code", async () => {
    const context = await signedInContext(browser, server, null);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${server.url}/register`);
    await page.getByLabel("手机号").fill("13612345678");
    await page.getByLabel("姓名").fill("郑小雨");
    await page.getByLabel("密码").fill("short");
    await page.getByRole("button", { name: "注册" }).click();
    await page.getByText("密码至少需要 8 位。").waitFor();
    await page.getByLabel("密码").fill("a-long-password");
    await page.getByRole("button", { name: "注册" }).click();
    await page.getByRole("heading", { name: "你好，郑小雨" }).waitFor();

    await page.getByRole("link", { name: "申请认证住房" }).click();
    await page.getByLabel("小区").fill("锦绣");
    await page.getByRole("button", { name: "查找" }).click();
    await page.getByRole("link", { name: "选择 锦绣花园" }).click();
    await page.getByLabel("楼栋").selectOption("2号楼");
    await page.getByLabel("单元").fill("1");
    await page.getByLabel("房号").fill("999");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.getByText("在该小区找不到这套住房").first().waitFor();
    await page.getByLabel("房号").fill("301");
    await page.getByLabel("租户").check();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.getByText("申请已提交，等待本小区党建协调员审核。").waitFor();
    expect(await page.textContent("main")).toContain("待审核");

    const [code] = server.sql<{ code: string; building: string; unit: string; room: string }>(
      `select h.code, b.name building, d.unit, d.room from household_codes h join dwellings d on d.id = h.dwelling_id
       join places b on b.id = d.building_id join places c on c.id = d.compound_id
       where c.name = '幸福里小区' and h.used_at is null and h.revoked_at is null order by h.id desc limit 1`,
    );
    await page.getByRole("link", { name: "使用户码认证" }).click();
    await page.getByLabel("户码").fill(`${code.code.slice(0, 4).toLowerCase()} ${code.code.slice(4)}`);
    await page.getByLabel("家属").check();
    await page.getByRole("button", { name: "认证" }).click();
    await page.getByText(/^认证成功：幸福里小区/).waitFor();
    await page.getByRole("heading", { level: 1, name: "幸福里小区" }).waitFor();
    expect(await page.textContent("main")).toContain(`我的住房：${code.building} ${code.unit}单元 ${code.room}室（家属）`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("signing in, claiming and switching language all work as plain forms", async () => {
    const context = await signedInContext(browser, server, null, { javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${server.url}/login`);
    await page.getByLabel("手机号").fill(DEMO_ACCOUNTS.tenant.phone);
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("手机号或密码不正确。").waitFor();
    // Nothing typed is lost (but the password, which is never sent back).
    expect(await page.getByLabel("手机号").inputValue()).toBe(DEMO_ACCOUNTS.tenant.phone);
    expect(await page.getByLabel("密码").inputValue()).toBe("");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { name: `你好，${DEMO_ACCOUNTS.tenant.name}` }).waitFor();
    await page.getByRole("link", { name: "申请认证住房" }).click();
    await page.getByLabel("小区").fill("枫林");
    await page.getByRole("button", { name: "查找" }).click();
    await page.getByRole("link", { name: "选择 枫林苑" }).click();
    await page.getByLabel("楼栋").selectOption("3号楼");
    await page.getByLabel("单元").fill("2");
    await page.getByLabel("房号").fill("808");
    await page.getByLabel("家属").check();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.getByText("在该小区找不到这套住房").first().waitFor();
    expect(await page.getByLabel("楼栋").inputValue()).toBe("3号楼");
    expect(await page.getByLabel("单元").inputValue()).toBe("2");
    expect(await page.getByLabel("家属").isChecked()).toBe(true);
    await page.getByLabel("房号").fill("402");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.getByText("申请已提交，等待本小区党建协调员审核。").waitFor();
    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("button", { name: "切换" }).click();
    await page.getByRole("heading", { name: `Hello, ${DEMO_ACCOUNTS.tenant.name}` }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    // The choice is remembered for the person, and by a cookie once signed out.
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    await context.close();
  });
});

describe("the front door", () => {
  it("answers a cross-origin form post with 403 and a Chinese message, not 500", async () => {
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { Origin: "http://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: `phone=${DEMO_ACCOUNTS.resident.phone}&password=${DEMO_PASSWORD}`,
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("请求来源不受信任");
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("a fresh install", () => {
  it("migrates an empty database at start-up and seeds the demo city, or nothing with SEED_DEMO=0", async () => {
    const seeded = await startServer({ empty: true });
    try {
      expect(seeded.sql<{ n: number }>("select count(*) n from places where kind = 'compound'")[0].n).toBe(6);
      expect(seeded.sql<{ n: number }>("select count(*) n from proposals")[0].n).toBeGreaterThan(0);
    } finally {
      await seeded.stop();
    }
    const bare = await startServer({ empty: true, env: { SEED_DEMO: "0" } });
    try {
      expect(bare.sql<{ n: number }>("select count(*) n from places")[0].n).toBe(0);
      expect((await fetch(`${bare.url}/`)).status).toBe(200);
    } finally {
      await bare.stop();
    }
  });

  it("issue 12 · 2: with a public APP_ORIGIN and no SEED_DEMO, starts with an empty database (no known password)", async () => {
    const server = await startServer({ empty: true, env: { APP_ORIGIN: "https://gongzhi.example.cn" } });
    try {
      expect(server.sql<{ n: number }>("select count(*) n from users")[0].n).toBe(0);
      expect(server.sql<{ n: number }>("select count(*) n from places")[0].n).toBe(0);
      expect(server.output()).toContain("create-admin");
    } finally {
      await server.stop();
    }
  });
});
