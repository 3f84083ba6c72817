// The main pages at phone and desktop width: a screenshot of each (tests/.artifacts/screens), no sideways
// scrolling on a 360 px phone, and an axe scan with no serious or critical violation.
import path from "node:path";
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DEMO_ACCOUNTS } from "../../db/demo-data";
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
