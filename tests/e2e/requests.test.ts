// Issue 5's walk: a request from a resolution lands at the compound, is escalated to the community, returned
// (first refused by the access rule, then allowed), escalated to the street, dispatched to the department the
// street chooses (issue 12 · 19), sent back naming another, dispatched there, completed with a photo and rated
// by residents; another, left unaccepted, escalates itself when the clock passes its deadline. Screenshots at 360 px and axe on the request pages.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { PNG_1PX } from "../support/requests";
import { DESKTOP, PHONE, SCREENS, type TestServer, launchBrowser, startServer } from "../support/server";

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

async function as(phone: string, viewport = PHONE, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport, locale: "zh-CN", javaScriptEnabled });
  await context.addCookies([await server.sessionCookie(phone)]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function look(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  expect(await axe(page), name).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** Opens the folded form of a move (上报, 退回 …), types the reason and sends it. */
async function withReason(page: Page, move: string, reason: string) {
  const box = page.locator("details").filter({ has: page.locator("summary", { hasText: new RegExp(`^${move}$`) }) });
  await box.locator("summary").click();
  await box.getByLabel("理由").fill(reason);
  await box.getByRole("button", { name: move }).click();
  await page.locator(".flash, .alert").first().waitFor();
}

/** Waits for the message a move leaves (the page before may still show the previous one). */
const flashed = (page: Page, text: string) => page.locator(".flash", { hasText: text }).waitFor();
const levelOf = (id: number) => server.sql<{ level: string; state: string }>("select level, state from requests where id = ?", id)[0];

async function setParkingOwner(admin: Page, label: "小区" | "社区") {
  const street = server.sql<{ id: number }>("select id from places where name = '东湖街道'")[0].id;
  await admin.goto(`${server.url}/admin/responsibilities?street=${street}`);
  await admin.getByLabel("停车 负责层级").selectOption({ label });
  await admin.getByRole("button", { name: "保存" }).click();
  await flashed(admin, "已保存");
}

describe("a request from resolution to done", () => {
  it("walks up, down, up, out to a department and back to the residents; another escalates itself", async () => {
    const resolutionId = server.sql<{ id: number }>("select id from resolutions order by id limit 1")[0].id;

    // The coordinator turns the resolution into two requests; parking lands at the compound.
    const coord = await as(DEMO_ACCOUNTS.coordinator.phone, DESKTOP);
    const create = async (title: string) => {
      await coord.page.goto(`${server.url}/resolutions/${resolutionId}`);
      await coord.page.getByRole("link", { name: "新建项目" }).click();
      await coord.page.getByLabel("项目名称").fill(title);
      await coord.page.getByLabel("项目说明（支持 Markdown）").fill("消防通道被**长期占用**，需清理并划线。");
      // The form starts from the proposal's category (安全); the coordinator changes it.
      expect(await coord.page.getByLabel("需求类别").inputValue()).toBe("safety");
      await coord.page.getByLabel("需求类别").selectOption("housing");
      await coord.page.getByLabel("具体事项").selectOption("parking");
      await coord.page.getByLabel("预算（元）").fill("3500.50");
      await coord.page.getByLabel("资金来源").selectOption("micro_fund");
      await coord.page.getByRole("button", { name: "立项" }).click();
      await flashed(coord.page, "已立项，项目已送达小区。");
      return Number(/requests\/(\d+)/.exec(coord.page.url())![1]);
    };
    const id = await create("清理消防通道僵尸车");
    const idle = await create("补划访客停车位");
    expect(await coord.page.locator("main").innerText()).toContain("3,500.50");

    await coord.page.goto(`${server.url}/requests/${id}`);
    await withReason(coord.page, "上报", "僵尸车车主不在本小区，需社区协调");
    await flashed(coord.page, "已上报");
    expect(levelOf(id).level).toBe("community");

    // The street takes parking off the compounds' list: the community's return is refused, saying why.
    const admin = await as(DEMO_ACCOUNTS.admin.phone, DESKTOP);
    await setParkingOwner(admin.page, "社区");
    const community = await as(DEMO_ACCOUNTS.communityStaff.phone);
    await community.page.goto(`${server.url}/requests`);
    await community.page.getByRole("link", { name: "清理消防通道僵尸车" }).click();
    await withReason(community.page, "退回", "请物业先行处理");
    expect(await community.page.locator(".alert").innerText()).toContain("社区准入制");
    expect(levelOf(id).level).toBe("community");
    // Back on the compound's list, the same return goes through.
    await setParkingOwner(admin.page, "小区");
    await community.page.goto(`${server.url}/requests/${id}`);
    await withReason(community.page, "退回", "请物业先行处理");
    await flashed(community.page, "已退回");
    expect(levelOf(id).level).toBe("compound");

    await coord.page.goto(`${server.url}/requests/${id}`);
    await withReason(coord.page, "上报", "物业已劝离无效，需执法");
    await community.page.goto(`${server.url}/requests/${id}`);
    await look(community.page, "request-community-360");
    await withReason(community.page, "上报", "需街道城管执法");
    expect(levelOf(id).level).toBe("street");

    // Issue 12 · 18: gone from the community's inbox, it stays in what the community sent up, with its place now.
    await community.page.goto(`${server.url}/requests`);
    await community.page.getByRole("link", { name: "已上报" }).click();
    await community.page.getByRole("heading", { name: "已上报" }).waitFor();
    expect(await community.page.locator("ul.inbox li", { hasText: "清理消防通道僵尸车" }).innerText()).toContain("现在在街道（东湖街道）");
    await look(community.page, "inbox-sent-up-360");

    // The street accepts it from its inbox (bulk accept) and dispatches it to 城管科.
    const street = await as(DEMO_ACCOUNTS.streetStaff.phone);
    // The street sees what waits at its compounds (the other request), and finds this one by its title.
    await street.page.goto(`${server.url}/requests?view=below`);
    expect(await street.page.locator("ul.inbox").innerText()).toContain("补划访客停车位");
    await street.page.goto(`${server.url}/requests`);
    await street.page.getByLabel("搜索（项目名称或编号）").fill("僵尸车");
    await street.page.getByRole("button", { name: "筛选" }).click();
    await street.page.waitForURL(/q=/);
    expect(await street.page.locator("ul.inbox li").count()).toBe(1);
    await look(street.page, "inbox-street-360");
    await street.page.getByLabel("选择 清理消防通道僵尸车").check();
    await street.page.getByRole("button", { name: "受理所选" }).click();
    await flashed(street.page, "已受理 1 件");
    await street.page.getByRole("link", { name: "清理消防通道僵尸车" }).click();
    await street.page.getByRole("heading", { name: "项目：清理消防通道僵尸车" }).waitFor();
    // The street chooses the department: 民政科, neither the first offered nor the one the list names (城管科).
    const departmentOf = () =>
      server.sql<{ name: string }>("select d.name from requests r join departments d on d.id = r.department_id where r.id = ?", id)[0]?.name;
    const offered = await street.page.getByLabel("派往部门").locator("option").allInnerTexts();
    expect(offered[0]).not.toBe("民政科");
    await street.page.getByLabel("派往部门").selectOption({ label: "民政科" });
    await street.page.getByRole("button", { name: "派单", exact: true }).click();
    await flashed(street.page, "已派单至民政科");
    expect(levelOf(id)).toEqual({ level: "department", state: "received" });
    expect(departmentOf()).toBe("民政科");

    // 民政科 (an administrator acting for it) sends it back, naming 城管科; the street's form starts with it.
    await admin.page.goto(`${server.url}/requests/${id}`);
    const back = admin.page.locator("details").filter({ has: admin.page.locator("summary", { hasText: /^退回街道$/ }) });
    await back.locator("summary").click();
    await back.getByLabel("理由").fill("属城管执法事项，不属民政科");
    await back.getByLabel("建议改派部门（可选）").selectOption({ label: "城管科" });
    await back.getByRole("button", { name: "退回街道" }).click();
    await flashed(admin.page, "已退回街道");
    expect(levelOf(id)).toEqual({ level: "street", state: "received" });
    await street.page.goto(`${server.url}/requests/${id}`);
    const select = street.page.getByLabel("派往部门");
    expect(await select.locator("option:checked").innerText()).toBe("城管科");
    expect(await street.page.locator("main").innerText()).toContain("部门退回时建议改派：城管科");
    await look(street.page, "request-dispatch-360");
    await street.page.getByRole("button", { name: "派单", exact: true }).click();
    await flashed(street.page, "已派单至城管科");
    expect(levelOf(id)).toEqual({ level: "department", state: "received" });
    expect(departmentOf()).toBe("城管科");

    // The department accepts, works and completes it with a photo.
    const dept = await as(DEMO_ACCOUNTS.departmentStaff.phone);
    await dept.page.goto(`${server.url}/requests`);
    await dept.page.getByRole("link", { name: "清理消防通道僵尸车" }).click();
    await dept.page.getByRole("heading", { name: "项目：清理消防通道僵尸车" }).waitFor();
    await dept.page.getByRole("button", { name: "受理", exact: true }).click();
    await flashed(dept.page, "已受理");
    await dept.page.getByRole("button", { name: "开始办理" }).click();
    await flashed(dept.page, "已开始办理");
    await dept.page.locator("summary", { hasText: /^办结$/ }).click();
    await dept.page.getByLabel("办结结果").fill("已拖移僵尸车 3 辆，施划禁停线 40 米。");
    await dept.page.setInputFiles("#evidence", { name: "现场.png", mimeType: "image/png", buffer: PNG_1PX });
    await dept.page.getByRole("button", { name: "办结", exact: true }).click();
    await flashed(dept.page, "已办结");
    expect(levelOf(id).state).toBe("completed");

    // Residents see the whole timeline and rate it; the tenant rates with JavaScript off.
    const resident = await as(DEMO_ACCOUNTS.resident.phone);
    await resident.page.goto(`${server.url}/requests/${id}`);
    const timeline = await resident.page.locator("ol.timeline").innerText();
    for (const step of ["立项", "上报", "退回", "派单", "退回街道", "受理", "开始办理", "办结"]) expect(timeline).toContain(step);
    expect(timeline).toContain("建议改派：城管科");
    expect(timeline).toContain("需街道城管执法");
    expect(timeline).toContain("社区工作者");
    const img = resident.page.locator(".photos img");
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1);
    await resident.page.getByLabel("满意", { exact: true }).check();
    await resident.page.getByRole("button", { name: "评价", exact: true }).click();
    await flashed(resident.page, "已收到你的评价");
    await look(resident.page, "request-done-360");
    const tenant = await as(DEMO_ACCOUNTS.tenant.phone, PHONE, false);
    await tenant.page.goto(`${server.url}/requests/${id}`);
    await tenant.page.getByLabel("基本满意").check();
    await tenant.page.getByRole("button", { name: "评价", exact: true }).click();
    // With JavaScript off the answer is a new document: wait for it whole before reading it.
    await tenant.page.getByText("你的评价：基本满意").waitFor();
    await tenant.page.waitForLoadState("load");
    expect(server.sql<{ n: number }>("select count(*) n from request_ratings where request_id = ?", id)[0].n).toBe(2);

    // The resident was notified of the moves (they follow the proposal).
    await resident.page.goto(`${server.url}/notifications`);
    expect(await resident.page.locator("main").innerText()).toContain("项目「清理消防通道僵尸车」：办结");

    // Nobody accepted the other one: five days on, the clock escalates it to the community.
    expect(levelOf(idle)).toEqual({ level: "compound", state: "received" });
    const res = await fetch(`${server.url}/test/clock`, {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: `ms=${5 * 86_400_000}`,
    });
    expect(((await res.json()) as { escalated: number[] }).escalated).toContain(idle);
    expect(levelOf(idle)).toEqual({ level: "community", state: "received" });
    await community.page.goto(`${server.url}/requests/${idle}`);
    expect(await community.page.locator("ol.timeline").innerText()).toContain("超时自动上报");
    expect(await community.page.locator("ol.timeline").innerText()).toContain("超时");

    // The community's metrics: charts and tables, readable on a phone.
    const communityId = server.sql<{ id: number }>("select id from places where name = '幸福里社区'")[0].id;
    await community.page.goto(`${server.url}/places/${communityId}/metrics`);
    expect(await community.page.locator("svg[role=img]").count()).toBe(2);
    await look(community.page, "metrics-community-360");
    const csv = await community.page.request.get(`${server.url}/places/${communityId}/metrics/csv?table=supply`);
    expect([...(await csv.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const anon = await browser.newContext({ viewport: PHONE, locale: "zh-CN" });
    const docs = await anon.newPage();
    await docs.goto(`${server.url}/open-data`);
    await look(docs, "open-data-360");
    const api = await (await fetch(`${server.url}/api/requests/${id}`)).json();
    expect(api.timeline.length).toBeGreaterThanOrEqual(10);

    await admin.page.goto(`${server.url}/admin/rules`);
    await look(admin.page, "admin-rules-1280");
    await admin.page.goto(`${server.url}/admin/responsibilities`);
    await look(admin.page, "admin-responsibilities-1280");
    for (const c of [coord, admin, community, street, dept, resident, tenant]) await c.context.close();
    await anon.close();
  }, 120_000);
});
