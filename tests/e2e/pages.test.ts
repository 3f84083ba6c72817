// The main pages at phone and desktop width: a screenshot of each (tests/.artifacts/screens), no sideways
// scrolling on a 360 px phone, and an axe scan with no serious or critical violation.
import path from "node:path";
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { DESKTOP, PHONE, SCREENS, type TestServer, launchBrowser, signedInContext, startServer } from "../support/server";

let server: TestServer;
let browser: Browser;
let ids: { xingfu: number; street: number; building: number; community: number; resolution: number; request: number; done: number };

beforeAll(async () => {
  fs.mkdirSync(SCREENS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const one = (name: string) => server.sql<{ id: number }>("select id from places where name = ?", name)[0].id;
  const xingfu = one("幸福里小区");
  const building = server.sql<{ id: number }>("select id from places where parent_id = ? and name = '1号楼'", xingfu)[0].id;
  const request = (level: string) => server.sql<{ id: number }>("select id from requests where level = ? order by id limit 1", level)[0].id;
  ids = {
    xingfu,
    street: one("东湖街道"),
    building,
    community: one("幸福里社区"),
    resolution: server.sql<{ id: number }>("select id from resolutions order by id limit 1")[0].id,
    request: request("community"),
    done: request("compound"),
  };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Who = keyof typeof DEMO_ACCOUNTS | null;
const PAGES: [string, Who, (i: typeof ids) => string, string][] = [
  ["home-visitor", null, () => "/", "共治"],
  ["login", null, () => "/login", "登录"],
  ["register", null, () => "/register", "注册"],
  ["home-resident", "resident", () => "/", "你好，王芳"],
  ["compound", "resident", (i) => `/compounds/${i.xingfu}`, "幸福里小区"],
  ["claim", "newcomer", () => "/claim?q=小区", "申请认证住房"],
  ["claim-step2", "newcomer", (i) => `/claim?compound=${i.xingfu}`, "申请认证住房"],
  ["redeem", "newcomer", () => "/redeem", "使用户码认证"],
  ["account", "resident", () => "/account", "我的账户"],
  ["sessions", "resident", () => "/account/sessions", "登录设备"],
  ["account-close", "resident", () => "/account/close", "注销账户"],
  ["review", "coordinator", () => "/review", "住户认证审核"],
  ["compound-coordinator", "coordinator", (i) => `/compounds/${i.xingfu}`, "幸福里小区"],
  ["residents", "coordinator", (i) => `/compounds/${i.xingfu}/residents`, "幸福里小区 · 居民名册"],
  ["codes", "coordinator", (i) => `/compounds/${i.xingfu}/codes`, "幸福里小区 · 户码"],
  ["codes-print", "coordinator", (i) => `/compounds/${i.xingfu}/codes/print`, "幸福里小区 · 户码"],
  ["building", "buildingLead", (i) => `/places/${i.building}`, "1号楼"],
  ["places-street", "streetStaff", () => "/places", "辖区"],
  ["street", "streetStaff", (i) => `/places/${i.street}`, "东湖街道"],
  ["admin", "admin", () => "/admin", "管理"],
  ["admin-street", "admin", (i) => `/places/${i.street}`, "东湖街道"],
  ["admin-compound", "admin", (i) => `/places/${i.xingfu}`, "幸福里小区"],
  ["roster", "admin", (i) => `/places/${i.xingfu}/roster`, "幸福里小区 · 导入名册"],
  ["roles", "admin", () => "/admin/roles", "职务授予"],
  ["audit", "admin", () => "/admin/audit", "审计日志"],
  ["resolution", "coordinator", (i) => `/resolutions/${i.resolution}`, "决议"],
  ["request-new", "coordinator", (i) => `/resolutions/${i.resolution}/requests/new`, "新建项目"],
  ["request-waiting", "communityStaff", (i) => `/requests/${i.request}`, "项目："],
  ["request-rated", "resident", (i) => `/requests/${i.done}`, "项目："],
  ["inbox-community", "communityStaff", () => "/requests", "待办项目"],
  ["inbox-department", "departmentStaff", () => "/requests", "待办项目"],
  ["metrics-compound", "resident", (i) => `/places/${i.xingfu}/metrics`, "项目统计"],
  ["metrics-street", "streetStaff", (i) => `/places/${i.street}/metrics`, "项目统计"],
  ["notifications", "resident", () => "/notifications", "通知"],
  ["open-data", null, () => "/open-data", "开放数据接口"],
  ["not-found", "resident", () => "/compounds/999999", "出错了"],
  ["notice-prefs", "resident", () => "/account/notices", "通知偏好"],
  ["contacts", "resident", () => "/account/contacts", "邮箱、手机与推送"],
  ["admin-outbox", "admin", () => "/admin/outbox", "发送失败的通知"],
];

describe("main pages", () => {
  for (const [name, who, path_, heading] of PAGES) {
    it(`${name}: readable at 360 px and 1280 px, no serious axe violation`, async () => {
      for (const [label, viewport] of [
        ["360", PHONE],
        ["1280", DESKTOP],
      ] as const) {
        const context = await signedInContext(browser, server, who, { viewport });
        const page = await context.newPage();
        const res = await page.goto(`${server.url}${path_(ids)}`);
        expect(res?.status(), name).toBe(name === "not-found" ? 404 : 200);
        expect(await page.locator("h1").innerText(), name).toContain(heading);
        await page.screenshot({ path: path.join(SCREENS, `${name}-${label}.png`), fullPage: true });
        if (label === "360") {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
          const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
          const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
          expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
          const h1 = await page.locator("h1").count();
          expect(h1, `${name} has one h1`).toBe(1);
        }
        await context.close();
      }
    });
  }
});

describe("issue 12 · 23: a resident's home page at 360 px", () => {
  it("issue 12 · 23: lists an open vote the resident can cast, and no claim prompts", async () => {
    const proposalId = server.sql<{ id: number }>("select id from proposals where title = '规范小区停车，清理僵尸车'")[0].id;
    const coord = await signedInContext(browser, server, "coordinator", { viewport: DESKTOP });
    const cp = await coord.newPage();
    await cp.goto(`${server.url}/proposals/${proposalId}`);
    await cp.getByRole("link", { name: "发起表决" }).click();
    await cp.getByLabel(/业主共同决定·一般事项/).check();
    const opens = await cp.getByLabel("开始时间").inputValue();
    const closes = new Date(Date.parse(`${opens}:00+08:00`) + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
    await cp.getByLabel("结束时间").fill(closes);
    await cp.getByRole("button", { name: "发起表决" }).click();
    await cp.getByText("表决已发起。").waitFor();
    const voteId = Number(/votes\/(\d+)/.exec(cp.url())![1]);
    await coord.close();

    const context = await signedInContext(browser, server, "resident", { viewport: PHONE });
    const page = await context.newPage();
    expect((await page.goto(`${server.url}/`))?.status()).toBe(200);
    const waiting = page.getByRole("region", { name: "等你处理" });
    const link = waiting.getByRole("link", { name: "规范小区停车，清理僵尸车" });
    expect(await link.getAttribute("href")).toBe(`/votes/${voteId}`);
    expect(await page.getByRole("link", { name: "申请认证住房" }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENS, "home-resident-vote-360.png"), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    // Once they voted, it no longer waits.
    await link.click();
    await page.getByLabel("同意").check();
    await page.getByRole("button", { name: "投票", exact: true }).click();
    await page.locator(".flash").waitFor();
    await page.goto(`${server.url}/`);
    expect(await page.getByRole("link", { name: "规范小区停车，清理僵尸车" }).count()).toBe(0);
    await context.close();
  });
});

describe("issue 12 · 25: readable at 360 px", () => {
  /** Cells with text narrower than two characters' room, the header's lines, chart labels under 12 px. */
  const measure = (page: import("playwright-core").Page) =>
    page.evaluate(() => {
      const narrow: string[] = [];
      for (const cell of Array.from(document.querySelectorAll<HTMLElement>("main td, main th"))) {
        const text = (cell.innerText ?? "").trim();
        if (text.length < 2) continue;
        const s = getComputedStyle(cell);
        const content = cell.getBoundingClientRect().width - Number.parseFloat(s.paddingLeft) - Number.parseFloat(s.paddingRight);
        if (content < 24) narrow.push(`${text.slice(0, 20)} (${Math.round(content)} px)`);
      }
      // The header is one line: the brand and every navigation item side by side, and no taller than the tallest.
      const header = document.querySelector<HTMLElement>("header.top")!;
      const items = Array.from(header.querySelectorAll<HTMLElement>(".brand, nav.main li")).map((el) => el.getBoundingClientRect());
      const centers = items.map((r) => r.top + r.height / 2);
      const tallest = Math.max(...items.map((r) => r.height));
      const header_ = {
        height: Math.round(header.getBoundingClientRect().height),
        tallest: Math.round(tallest),
        spread: Math.round(Math.max(...centers) - Math.min(...centers)),
      };
      const small: string[] = [];
      for (const text of Array.from(document.querySelectorAll<SVGTextElement>("figure.chart svg text"))) {
        const px = Number.parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 1);
        if (px < 12) small.push(`${text.textContent} (${px.toFixed(1)} px)`);
      }
      return { narrow, header: header_, small, charts: document.querySelectorAll("figure.chart svg text").length };
    });

  it("issue 12 · 25: no one-character column, the header on one line, chart labels of 12 px or more", async () => {
    const closedVote = server.sql<{ id: number }>("select id from votes where status = 'closed' order by id limit 1")[0].id;
    const pages: [string, Who, string][] = [
      ["audit-360", "admin", "/admin/audit"],
      ["vote-result-360", "resident", `/votes/${closedVote}`],
      ["resolution-360", "resident", `/resolutions/${ids.resolution}`],
      ["metrics-compound-360", "resident", `/places/${ids.xingfu}/metrics`],
      ["metrics-street-360", "streetStaff", `/places/${ids.street}/metrics`],
      ["ballots-360", "resident", `/votes/${closedVote}/ballots`],
      ["home-coordinator-360", "coordinator", "/"],
      ["roles-360", "admin", "/admin/roles"],
    ];
    const problems: string[] = [];
    for (const [name, who, url] of pages) {
      const context = await signedInContext(browser, server, who, { viewport: PHONE });
      const page = await context.newPage();
      expect((await page.goto(`${server.url}${url}`))?.status(), name).toBe(200);
      await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
      await page.screenshot({ path: path.join(SCREENS, `${name}-top.png`) });
      const m = await measure(page);
      for (const n of m.narrow) problems.push(`${name}: a cell narrower than two characters: ${n}`);
      if (m.header.spread > 4 || m.header.height > m.header.tallest + 20) problems.push(`${name}: the header is not one line (${JSON.stringify(m.header)})`);
      for (const x of m.small) problems.push(`${name}: a chart label under 12 px: ${x}`);
      if ((name.startsWith("metrics") || name.startsWith("vote-result")) && m.charts === 0) problems.push(`${name}: no chart`);
      if ((await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) > 0) problems.push(`${name}: scrolls sideways`);
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it("issue 12 · 25: hashes are short with a copy button, and whole without JavaScript", async () => {
    const closedVote = server.sql<{ id: number }>("select id from votes where status = 'closed' order by id limit 1")[0].id;
    const full = server.sql<{ receipt_hash: string }>("select receipt_hash from published_ballots where vote_id = ? order by position limit 1", closedVote)[0]
      .receipt_hash;
    for (const js of [true, false]) {
      const context = await signedInContext(browser, server, "resident", { viewport: PHONE, javaScriptEnabled: js });
      if (js) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${server.url}/votes/${closedVote}/ballots`);
      await page.screenshot({ path: path.join(SCREENS, `ballots-${js ? "js" : "nojs"}-360.png`) });
      const cell = page.locator(`main td:has(input[value="${full}"])`).first();
      // One line, not four.
      const box = (await cell.boundingBox())!;
      expect(box.height, "a hash cell is one line").toBeLessThan(60);
      expect(await cell.locator("input").inputValue()).toBe(full);
      if (js) {
        await cell.getByRole("button", { name: "复制" }).click();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(full);
      } else {
        expect(await cell.getByRole("button").count()).toBe(0);
      }
      // What shows is the hash's beginning.
      const shown = await cell.locator("input").evaluate((el: HTMLInputElement) => el.clientWidth);
      expect(shown).toBeLessThan(160);
      await context.close();
    }
  });
});
