// Elderly mode (适老化, issue 17 · 5) at 360 px: the switch in the header works without JavaScript and with it, and
// the large-text pages meet the 2021 MIIT ageing-friendly floors, measured in the browser: body text ≥ 18 px,
// line height ≥ 1.5, no visible text under 16 px, every visible button, field and navigation link at least
// 48 × 48 px, no sideways scrolling; axe clean in both text sizes. Screenshots of both sizes in
// <artifacts>/screens/large-text.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { DESKTOP, PHONE, SCREENS, type TestServer, launchBrowser, signedInContext, startServer } from "../support/server";

const SHOTS = path.join(SCREENS, "large-text");
type Who = keyof typeof DEMO_ACCOUNTS | null;

let server: TestServer;
let browser: Browser;
let ids: { xingfu: number; proposal: number; openVote: number; closedVote: number; request: number };

/** Opens a vote on the parking proposal as the coordinator would, so that a resident has a ballot to fill in. */
async function openVote(): Promise<number> {
  const proposalId = server.sql<{ id: number }>("select id from proposals where title = '规范小区停车，清理僵尸车'")[0].id;
  const context = await signedInContext(browser, server, "coordinator", { viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(`${server.url}/proposals/${proposalId}`);
  await page.getByRole("link", { name: "发起表决" }).click();
  await page.getByLabel(/业主共同决定·一般事项/).check();
  const opens = await page.getByLabel("开始时间").inputValue();
  const closes = new Date(Date.parse(`${opens}:00+08:00`) + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
  await page.getByLabel("结束时间").fill(closes);
  await page.getByRole("button", { name: "发起表决" }).click();
  await page.getByText("表决已发起。").waitFor();
  const id = Number(/votes\/(\d+)/.exec(page.url())![1]);
  await context.close();
  return id;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  ids = {
    xingfu: server.sql<{ id: number }>("select id from places where name = '幸福里小区'")[0].id,
    proposal: server.sql<{ id: number }>("select id from proposals where title = '1号楼加装电梯，请大家一起商量'")[0].id,
    closedVote: server.sql<{ id: number }>("select id from votes where status = 'closed' order by id limit 1")[0].id,
    request: server.sql<{ id: number }>("select id from requests where level = 'compound' order by id limit 1")[0].id,
    openVote: 0,
  };
  ids.openVote = await openVote();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const storedChoice = (who: keyof typeof DEMO_ACCOUNTS) =>
  server.sql<{ large_text: number | boolean | null }>("select large_text from users where phone = ?", DEMO_ACCOUNTS[who].phone)[0].large_text;

const here = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;
const isLarge = (page: Page) => page.evaluate(() => document.documentElement.classList.contains("large-text"));

async function largeCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies(server.url)).find((c) => c.name === "large_text")?.value;
}

describe("issue 17 · 5: the large-text switch", () => {
  it("works without JavaScript: a plain form, back on the same page, kept on the account and in a cookie", async () => {
    const context = await signedInContext(browser, server, "newcomer", { viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const at = `/claim?q=${encodeURIComponent("小区")}`;
    await page.goto(`${server.url}${at}`);
    expect(await isLarge(page)).toBe(false);
    await page.getByRole("button", { name: "大字版" }).click();
    await page.locator("html.large-text").waitFor({ state: "attached" });
    expect(here(page)).toBe(at);
    expect(await largeCookie(context)).toBe("1");
    expect(Number(storedChoice("newcomer"))).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "switch-nojs-on-360.png") });
    // Another device of the same person, no cookie: large text from the account.
    const other = await signedInContext(browser, server, "newcomer", { viewport: PHONE, javaScriptEnabled: false });
    const otherPage = await other.newPage();
    await otherPage.goto(`${server.url}/`);
    expect(await isLarge(otherPage)).toBe(true);
    await other.close();
    // And off again.
    await page.getByRole("button", { name: "标准版" }).click();
    await page.getByRole("button", { name: "大字版" }).waitFor();
    expect(await isLarge(page)).toBe(false);
    expect(here(page)).toBe(at);
    expect(await largeCookie(context)).toBe("0");
    expect(Number(storedChoice("newcomer"))).toBe(0);
    await context.close();
  });

  it("works with JavaScript, without reloading the page; a visitor's choice is kept by the cookie", async () => {
    const context = await signedInContext(browser, server, null, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${server.url}/open-data`, { waitUntil: "networkidle" });
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByRole("button", { name: "大字版" }).click();
    await page.locator("html.large-text").waitFor({ state: "attached" });
    expect(here(page)).toBe("/open-data");
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await largeCookie(context)).toBe("1");
    await page.reload();
    expect(await isLarge(page)).toBe(true);
    await page.getByRole("button", { name: "标准版" }).click();
    await page.getByRole("button", { name: "大字版" }).waitFor();
    expect(await isLarge(page)).toBe(false);
    await context.close();
  });
});

/** Measured in the page: body text, line height, text under 16 px, tap targets under 48 × 48, sideways scroll. */
function measure(page: Page) {
  return page.evaluate(() => {
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.bottom <= 0) return false;
      const s = getComputedStyle(el);
      return s.visibility !== "hidden" && Number(s.opacity) > 0;
    };
    const name = (el: Element) => {
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      return `${el.tagName.toLowerCase()}${cls}`;
    };
    const body = getComputedStyle(document.body);
    const small: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = (walker.currentNode.textContent ?? "").trim();
      const el = walker.currentNode.parentElement;
      if (!text || !el || el.closest("script, style, noscript, template, option") || !shown(el)) continue;
      let px = Number.parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGGraphicsElement) px *= el.getScreenCTM()?.a ?? 1;
      if (px < 16 - 0.01) small.push(`${name(el)} "${text.slice(0, 16)}" ${px.toFixed(1)} px`);
    }
    const targets: string[] = [];
    for (const el of Array.from(document.querySelectorAll("button, input:not([type=hidden]), select, textarea, .button, nav a, header a"))) {
      if (!shown(el)) continue;
      let r = el.getBoundingClientRect();
      // A check box or radio button is tapped by its label too: the label is the target.
      if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
        const label = el.closest("label") ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
        if (label) r = label.getBoundingClientRect();
      }
      if (r.width < 48 - 0.5 || r.height < 48 - 0.5) {
        const label = (el.getAttribute("aria-label") ?? (el as HTMLElement).innerText ?? (el as HTMLInputElement).name ?? "").trim().slice(0, 16);
        targets.push(`${name(el)} "${label}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return {
      fontSize: Number.parseFloat(body.fontSize),
      lineHeight: Number.parseFloat(body.lineHeight) / Number.parseFloat(body.fontSize),
      small,
      targets,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
}

async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("issue 17 · 5: the main pages in large text at 360 px", () => {
  const PAGES: [string, Who, () => string, string][] = [
    ["front-visitor", null, () => "/", "共治"],
    ["front-resident", "resident", () => "/", "你好，王芳"],
    ["compound", "resident", () => `/compounds/${ids.xingfu}`, "幸福里小区"],
    ["proposal", "resident", () => `/proposals/${ids.proposal}`, "1号楼加装电梯"],
    ["vote-ballot", "resident", () => `/votes/${ids.openVote}`, "规范小区停车"],
    ["vote-result", "resident", () => `/votes/${ids.closedVote}`, "更换单元门禁系统"],
    ["request", "resident", () => `/requests/${ids.request}`, "项目："],
    ["inbox", "communityStaff", () => "/requests", "待办项目"],
    ["notifications", "resident", () => "/notifications", "通知"],
    ["metrics", "resident", () => `/places/${ids.xingfu}/metrics`, "项目统计"],
  ];

  it("issue 17 · 5: meets the floors in large text, and both sizes are axe clean without sideways scrolling", async () => {
    const problems: string[] = [];
    for (const [name, who, url, heading] of PAGES) {
      for (const large of [false, true]) {
        const mode = large ? "large" : "normal";
        const context = await signedInContext(browser, server, who, { viewport: PHONE });
        await context.addCookies([{ name: "large_text", value: large ? "1" : "0", url: server.url }]);
        const page = await context.newPage();
        const res = await page.goto(`${server.url}${url()}`);
        expect(res?.status(), `${name} ${mode}`).toBe(200);
        expect(await page.locator("h1").innerText(), name).toContain(heading);
        expect(await isLarge(page), `${name} ${mode}`).toBe(large);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${mode}-360.png`), fullPage: true });
        await page.screenshot({ path: path.join(SHOTS, `${name}-${mode}-360-top.png`) });
        if (large && (await page.locator("figure.chart").count()))
          await page
            .locator("figure.chart")
            .first()
            .screenshot({ path: path.join(SHOTS, `${name}-chart-360.png`) });
        const m = await measure(page);
        if (m.overflow > 0) problems.push(`${name} ${mode}: scrolls sideways by ${m.overflow} px`);
        for (const v of await axe(page)) problems.push(`${name} ${mode}: axe ${v}`);
        if (large) {
          if (m.fontSize < 18) problems.push(`${name}: body text ${m.fontSize} px`);
          if (m.lineHeight < 1.5) problems.push(`${name}: line height ${m.lineHeight.toFixed(2)}`);
          for (const s of m.small) problems.push(`${name}: text under 16 px: ${s}`);
          for (const t of m.targets) problems.push(`${name}: tap target under 48 × 48: ${t}`);
        }
        await context.close();
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);
});

describe("issue 17 · 5: large text elsewhere", () => {
  it("at 1280 px and in English: the switch names itself, nothing scrolls sideways, axe clean", async () => {
    const problems: string[] = [];
    for (const [label, viewport, lang] of [
      ["1280", DESKTOP, "zh-CN"],
      ["en-360", PHONE, "en"],
    ] as const) {
      const context = await signedInContext(browser, server, "coordinator", { viewport });
      await context.addCookies([
        { name: "large_text", value: "1", url: server.url },
        { name: "lang", value: lang, url: server.url },
      ]);
      const page = await context.newPage();
      await page.goto(`${server.url}/compounds/${ids.xingfu}`);
      await page.screenshot({ path: path.join(SHOTS, `compound-coordinator-large-${label}.png`), fullPage: true });
      expect(await page.getByRole("button", { name: lang === "en" ? "Normal text" : "标准版" }).count(), label).toBe(1);
      const m = await measure(page);
      if (m.overflow > 0) problems.push(`${label}: scrolls sideways by ${m.overflow} px`);
      for (const t of m.targets) problems.push(`${label}: tap target under 48 × 48: ${t}`);
      for (const x of m.small) problems.push(`${label}: text under 16 px: ${x}`);
      for (const v of await axe(page)) problems.push(`${label}: axe ${v}`);
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
