// Issue 3's walk: draft and submit, four neighbours co-sponsor and it publishes itself, residents comment
// with stances, a coordinator pins, hides, answers officially and records minutes, the author is notified,
// and a search for a two-character word finds the proposal.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { DESKTOP, PHONE, SCREENS, type TestServer, launchBrowser, startServer } from "../support/server";

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

async function as(phone: string, viewport = PHONE): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  await context.addCookies([await server.sessionCookie(phone)]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

async function noSeriousAxe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("a proposal's life in the forum", () => {
  it("is walked from draft to search by residents and a coordinator", async () => {
    const compound = server.sql<{ id: number }>("select id from places where name = '幸福里小区'")[0].id;
    // Neighbours: verified residents of other dwellings than the author's, one dwelling each.
    const rows = server.sql<{ phone: string; dwelling_id: number }>(
      `select u.phone, r.dwelling_id from residencies r join users u on u.id = r.user_id
       where r.compound_id = ? and r.status = 'verified' and u.phone not in (?, ?, ?) order by r.id`,
      compound,
      DEMO_ACCOUNTS.resident.phone,
      DEMO_ACCOUNTS.buildingLead.phone,
      DEMO_ACCOUNTS.tenant.phone,
    );
    const neighbours: string[] = [];
    const seen = new Set<number>();
    for (const r of rows)
      if (!seen.has(r.dwelling_id) && !neighbours.includes(r.phone)) {
        seen.add(r.dwelling_id);
        neighbours.push(r.phone);
      }

    // 1. The author drafts, previews and submits.
    const author = await as(DEMO_ACCOUNTS.resident.phone);
    await author.page.goto(`${server.url}/compounds/${compound}`);
    await author.page.getByRole("link", { name: "写提案" }).click();
    await author.page.getByLabel("标题").fill("小区东门增设非机动车停车棚");
    await author.page.getByLabel("需求类别").selectOption("safety");
    await author.page.getByLabel("正文（支持 Markdown）").fill("东门电动车**乱停**，堵住消防通道。\n\n建议增设停车棚和充电桩。<script>alert(1)</script>");
    await author.page.getByRole("button", { name: "预览" }).click();
    await author.page.locator(".prose strong", { hasText: "乱停" }).waitFor();
    expect(await author.page.locator(".prose script").count()).toBe(0);
    await author.page.getByRole("button", { name: "保存并提交审核" }).click();
    await author.page.getByRole("heading", { level: 1, name: "小区东门增设非机动车停车棚" }).waitFor();
    expect(await author.page.locator(".badge.state-submitted").innerText()).toBe("待审核");
    const proposalUrl = author.page.url();
    const proposalId = Number(/proposals\/(\d+)/.exec(proposalUrl)![1]);
    await author.page.screenshot({ path: path.join(SCREENS, "proposal-submitted-360.png"), fullPage: true });

    // 2. Four neighbours co-sponsor; with the author's dwelling that is five, and it publishes itself.
    for (const [i, phone] of neighbours.slice(0, 4).entries()) {
      const n = await as(phone);
      await n.page.goto(proposalUrl);
      await n.page.getByRole("button", { name: "附议" }).click();
      await n.page.getByText(i < 3 ? "已附议。" : "附议已达到 5 户，提案已自动发布进入协商。").waitFor();
      await n.context.close();
    }
    expect(server.sql<{ state: string }>("select state from proposals where id = ?", proposalId)[0].state).toBe("published");

    // 3. Residents comment with stances; with JavaScript on, posting does not reload the page.
    const stances: [string, string, string][] = [
      [neighbours[0], "赞成", "赞成！晚上回来经常找不到地方停车。"],
      [neighbours[1], "反对", "占用绿地不太好，建议放在北侧空地。"],
      [neighbours[2], "中立", "充电桩的电费怎么算？"],
    ];
    const commentIds: number[] = [];
    for (const [phone, stance, body] of stances) {
      const n = await as(phone);
      await n.page.goto(proposalUrl);
      await n.page.evaluate(() => ((window as unknown as { __stay: number }).__stay = 42));
      await n.page.getByLabel("发表意见（支持 Markdown，最多 5000 字）").fill(body);
      await n.page.locator("form:has(#comment-body)").getByLabel(stance).check();
      await n.page.getByRole("button", { name: "发表", exact: true }).click();
      await n.page.locator(".comment", { hasText: body }).waitFor();
      expect(await n.page.evaluate(() => (window as unknown as { __stay?: number }).__stay)).toBe(42);
      expect(await n.page.getByLabel("发表意见（支持 Markdown，最多 5000 字）").inputValue()).toBe("");
      commentIds.push(server.sql<{ id: number }>("select id from comments where body_md = ?", body)[0].id);
      await n.context.close();
    }
    await author.page.reload();
    expect(await author.page.locator(".counts").innerText()).toBe("赞成 1 人 · 反对 1 人 · 中立 1 人（每人按最近一次表态计）");

    // The author answers the first comment: 回复 is a plain link, followed in place with JavaScript on.
    await author.page.evaluate(() => ((window as unknown as { __stay: number }).__stay = 7));
    await author.page.locator(`#c-${commentIds[0]}`).getByRole("link", { name: "回复" }).click();
    await author.page.waitForURL(new RegExp(`\\?reply=${commentIds[0]}#c-${commentIds[0]}$`));
    await author.page.getByLabel("回复内容").fill("谢谢支持，北侧空地也在考虑。");
    expect(await author.page.evaluate(() => (window as unknown as { __stay?: number }).__stay)).toBe(7);
    await author.page.getByRole("button", { name: "回复", exact: true }).click();
    await author.page.locator(`#c-${commentIds[0]} .replies .comment`, { hasText: "北侧空地也在考虑" }).waitFor();
    // The reply took no stance (the reply form's first choice): no badge, and the counts are as they were.
    expect(await author.page.locator(`#c-${commentIds[0]} .replies .comment .badge`).count()).toBe(0);
    expect(await author.page.locator(".counts").innerText()).toBe("赞成 1 人 · 反对 1 人 · 中立 1 人（每人按最近一次表态计）");

    // 4. The coordinator pins, hides with a reason, answers officially and records minutes.
    const coord = await as(DEMO_ACCOUNTS.coordinator.phone, DESKTOP);
    await coord.page.goto(proposalUrl);
    const second = coord.page.locator(`#c-${commentIds[1]}`);
    await second.locator("summary", { hasText: /^管理$/ }).click();
    await second.getByRole("button", { name: "置顶" }).click();
    await coord.page.getByText("已置顶该条意见。").waitFor();
    const third = coord.page.locator(`#c-${commentIds[2]}`);
    await third.locator("summary", { hasText: /^管理$/ }).click();
    await third.getByLabel("隐藏理由（将公开显示）").fill("与提案无关");
    await third.getByRole("button", { name: "隐藏" }).click();
    await coord.page.getByText("已隐藏该条意见，隐藏理由将公开显示。").waitFor();
    await coord.page.getByLabel("发表意见（支持 Markdown，最多 5000 字）").fill("北侧空地可以考虑，物业下周出方案。充电桩按表计费。");
    await coord.page.getByRole("button", { name: "发表", exact: true }).click();
    const answer = coord.page.locator(".comment", { hasText: "物业下周出方案" });
    await answer.waitFor();
    await answer.locator("summary", { hasText: /^管理$/ }).click();
    await answer.getByRole("button", { name: "标为官方答复" }).click();
    await coord.page.locator(".comment.official", { hasText: "物业下周出方案" }).waitFor();
    await coord.page.locator("section[aria-labelledby='minutes'] summary", { hasText: "记录" }).click();
    await coord.page.getByLabel("类型").selectOption("meeting");
    await coord.page.getByLabel("日期").fill("2026-11-28");
    await coord.page.getByLabel("地点").fill("社区议事厅");
    await coord.page.getByLabel("参加人数").fill("18");
    await coord.page.getByLabel("内容（支持 Markdown）").fill("到会 18 户，多数赞成在北侧空地建棚。");
    await coord.page.getByRole("button", { name: "记录", exact: true }).click();
    await coord.page.getByText("已记录。").waitFor();
    expect(await coord.page.locator("section[aria-labelledby='minutes']").innerText()).toContain("2026-11-28 · 社区议事厅 · 18 人参加");
    // Locking says it locked (not the proposal's state), and unlocking says so too.
    await coord.page.getByRole("button", { name: "锁定讨论" }).click();
    await coord.page.getByText("已锁定讨论，居民暂时不能发言。").waitFor();
    await coord.page.getByRole("button", { name: "解除锁定" }).click();
    await coord.page.getByText("已解除锁定，居民可以继续发言。").waitFor();
    await coord.page.screenshot({ path: path.join(SCREENS, "proposal-coordinator-1280.png"), fullPage: true });
    await coord.context.close();

    // Everyone sees the hidden comment's place and reason, the pin first, the official answer and the acts.
    await author.page.reload();
    expect(await author.page.locator(`#c-${commentIds[2]}`).innerText()).toContain("该内容因“与提案无关”已被隐藏");
    expect(await author.page.locator(`#c-${commentIds[2]}`).innerText()).not.toContain("电费怎么算");
    expect(await author.page.locator("ul.thread > li.comment").first().getAttribute("id")).toBe(`c-${commentIds[1]}`);
    expect(await author.page.locator(".comment.official").count()).toBe(1);
    const acts = await author.page.locator("section[aria-labelledby='h-moderation']").innerText();
    expect(acts).toContain("隐藏了一条评论");
    expect(acts).toContain("置顶了一条评论");
    expect(acts).toContain("与提案无关");

    // 5. The author's notifications.
    const bell = author.page.getByRole("link", { name: /通知（\d+ 条未读）/ });
    expect(Number(/（(\d+) 条未读）/.exec((await bell.getAttribute("aria-label")) ?? "")![1])).toBeGreaterThanOrEqual(8);
    await bell.click();
    await author.page.getByRole("heading", { level: 1, name: "通知" }).waitFor();
    const list = await author.page.locator("main").innerText();
    expect(list).toContain("附议了你的提案《小区东门增设非机动车停车棚》");
    expect(list).toContain("《小区东门增设非机动车停车棚》状态变为：协商中");
    expect(list).toContain("评论了《小区东门增设非机动车停车棚》");
    await author.page.getByRole("button", { name: "全部标为已读" }).click();
    await author.page.getByRole("link", { name: "通知（0 条未读）" }).waitFor();

    // 6. Search for a two-character word.
    await author.page.goto(`${server.url}/compounds/${compound}`);
    await author.page.getByLabel("搜索提案和评论").fill("停车");
    await author.page.getByRole("button", { name: "搜索" }).click();
    await author.page.getByRole("link", { name: "小区东门增设非机动车停车棚" }).waitFor();
    await author.page.goto(`${server.url}/compounds/${compound}/search?q=${encodeURIComponent("电费")}`);
    expect(await author.page.locator("main").innerText()).toContain("没有找到与“电费”相关的内容。");
    await author.page.screenshot({ path: path.join(SCREENS, "search-360.png"), fullPage: true });
    await author.context.close();
  }, 120_000);
});

describe("proposal pages look right and pass axe", () => {
  it.each([
    ["proposal-elevator", DEMO_ACCOUNTS.resident.phone, (ids: Record<string, number>) => `/proposals/${ids.elevator}`],
    ["proposal-elevator-coordinator", DEMO_ACCOUNTS.coordinator.phone, (ids: Record<string, number>) => `/proposals/${ids.elevator}`],
    ["compound-proposals", DEMO_ACCOUNTS.resident.phone, (ids: Record<string, number>) => `/compounds/${ids.compound}`],
    ["new-proposal", DEMO_ACCOUNTS.resident.phone, (ids: Record<string, number>) => `/compounds/${ids.compound}/proposals/new`],
    ["proposal-review", DEMO_ACCOUNTS.coordinator.phone, (ids: Record<string, number>) => `/compounds/${ids.compound}/proposals/review`],
    ["reports", DEMO_ACCOUNTS.coordinator.phone, (ids: Record<string, number>) => `/compounds/${ids.compound}/reports`],
    ["my-proposals", DEMO_ACCOUNTS.resident.phone, () => "/my/proposals"],
    ["notifications", DEMO_ACCOUNTS.resident.phone, () => "/notifications"],
  ] as const)("%s at 360 and 1280 px", async (name, phone, to) => {
    const ids = {
      compound: server.sql<{ id: number }>("select id from places where name = '幸福里小区'")[0].id,
      elevator: server.sql<{ id: number }>("select id from proposals where title like '1号楼加装电梯%'")[0].id,
    };
    for (const [label, viewport] of [
      ["360", PHONE],
      ["1280", DESKTOP],
    ] as const) {
      const { context, page } = await as(phone, viewport);
      const res = await page.goto(`${server.url}${to(ids)}`);
      expect(res?.status()).toBe(200);
      await page.screenshot({ path: path.join(SCREENS, `${name}-${label}.png`), fullPage: true });
      if (label === "360") {
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
        expect(await noSeriousAxe(page)).toEqual([]);
      }
      await context.close();
    }
  });
});
