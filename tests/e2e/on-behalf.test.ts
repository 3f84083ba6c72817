// Issue 17 · 6's walk at 360 px: a building lead, with a resident of their building present, sends a consent
// code to the resident's phone, types the code the resident reads out, files a direct report for them under the
// banner "正在代 … 办理", and ends it from the banner. The report is the resident's, recorded by the lead for them,
// and the resident sees it on their page. Screenshots and axe.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { PHONE, SCREENS, type TestServer, launchBrowser, startServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(SCREENS, { recursive: true });
  [server, browser] = await Promise.all([startServer({ env: { TEST_CLOCK: "1", JOB_INTERVAL_MS: "3600000" } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function as(phone: string) {
  const context = await browser.newContext({ viewport: PHONE, locale: "zh-CN" });
  await context.addCookies([await server.sessionCookie(phone)]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

async function look(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, name).toEqual([]);
}

describe("acting on behalf from the lead's phone", () => {
  it("a building lead files a report for a resident of their building, recorded by them for the resident", async () => {
    const compound = server.sql<{ id: number }>("select id from places where name = '幸福里小区'")[0].id;
    const resident = server.sql<{ id: number; phone: string; name: string }>(
      `select u.id, u.phone, u.name from residencies r join dwellings d on d.id = r.dwelling_id join places b on b.id = d.building_id
       join users u on u.id = r.user_id where r.status = 'verified' and b.name = '1号楼' and r.compound_id = ? and u.phone not like '138%'
       order by u.id limit 1`,
      compound,
    )[0];
    const leadId = server.sql<{ id: number }>("select id from users where phone = ?", DEMO_ACCOUNTS.buildingLead.phone)[0].id;

    const lead = await as(DEMO_ACCOUNTS.buildingLead.phone);
    await lead.page.goto(`${server.url}/`);
    await lead.page.getByRole("link", { name: "代办", exact: true }).click();
    await lead.page.locator("#f-phone").fill(resident.phone);
    await look(lead.page, "behalf-start-360");
    await lead.page.getByRole("button", { name: "发送验证码" }).click();
    await lead.page.locator(".flash", { hasText: "验证码已发送" }).waitFor();
    // The notice's data read as text and parsed here: the same SQL on SQLite and PostgreSQL.
    const code = server
      .sql<{ data: string | null }>("select data from notifications where user_id = ? order by id desc limit 5", resident.id)
      .map((n) => (JSON.parse(n.data ?? "{}") as { behalfCode?: string }).behalfCode)
      .find((c) => c !== undefined)!;
    await lead.page.locator("#f-code").fill(code);
    await lead.page.getByRole("button", { name: "确认并开始代办" }).click();
    const banner = lead.page.locator(".behalf-banner");
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`正在代 ${resident.name} 办理 · 剩余 30 分钟`);
    await look(lead.page, "behalf-banner-360");

    await lead.page.goto(`${server.url}/compounds/${compound}/report`);
    await lead.page.getByLabel("问题类别").selectOption({ label: "居住 · 维修" });
    await lead.page.getByLabel("楼栋").selectOption({ label: "1号楼" });
    await lead.page.getByLabel("标题").fill("1号楼单元门关不上");
    await lead.page.getByLabel("问题描述").fill("闭门器坏了，门一直开着，冬天很冷。");
    await lead.page.getByRole("button", { name: "提交反映" }).click();
    await lead.page.waitForURL(/\/requests\/\d+$/);
    const id = Number(/\/requests\/(\d+)/.exec(lead.page.url())![1]);
    expect(await banner.isVisible()).toBe(true);
    await look(lead.page, "behalf-report-filed-360");
    expect(
      server.sql<{ actor_id: number; acted_by: number }>("select actor_id, acted_by from audit_log where action = 'request.report' and entity_id = ?", id)[0],
    ).toEqual({
      actor_id: resident.id,
      acted_by: leadId,
    });

    await banner.getByRole("button", { name: "结束代办" }).click();
    await lead.page.locator(".flash", { hasText: "已结束代办" }).waitFor();
    expect(await lead.page.locator(".behalf-banner").count()).toBe(0);

    // The resident sees what was done for them.
    const them = await as(resident.phone);
    await them.page.goto(`${server.url}/account/behalf`);
    await them.page.getByText(/陈国强 于 .* 代您提交了随手拍反映/).waitFor();
    await look(them.page, "behalf-acts-360");
  }, 120_000);
});
