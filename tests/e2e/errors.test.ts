// Error pages (issue 13 · 5): a page not found and a forbidden one render inside the layout, in the
// person's language, with a way back, at 360 px, and pass an axe scan.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PHONE, type TestServer, launchBrowser, signedInContext, startServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function english(context: BrowserContext) {
  await context.addCookies([{ name: "lang", value: "en", url: server.url }]);
}

async function expectLayout(page: Page) {
  expect(await page.locator("header.top").count()).toBe(1);
  expect(await page.locator("header.top nav.main").count()).toBe(1);
  expect(await page.locator("footer.bottom select#lang-select").count()).toBe(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  expect(await page.locator("h1").count()).toBe(1);
}

describe("issue 13 · 5: error pages", () => {
  it("issue 13 · 5: a page not found shows the layout, the message in Chinese and a link home", async () => {
    const context = await signedInContext(browser, server, "resident", { viewport: PHONE });
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/proposals/999999`);
    expect(res?.status()).toBe(404);
    await expectLayout(page);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.locator("h1").innerText()).toBe("出错了");
    await page.getByText("找不到该页面或记录，可能不存在或不在你的范围内。").waitFor();
    expect(await page.getByRole("link", { name: "返回首页" }).getAttribute("href")).toBe("/");
    // The signed-in navigation is there: the page sits in the person's own layout.
    expect(await page.getByRole("link", { name: "我的账户" }).count()).toBe(1);
    expect(await page.title()).toBe("出错了 · 共治");
    await context.close();
  });

  it("issue 13 · 5: a page not found in English with the English locale", async () => {
    const context = await signedInContext(browser, server, "resident", { viewport: PHONE });
    await english(context);
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/proposals/999999`);
    expect(res?.status()).toBe(404);
    await expectLayout(page);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("h1").innerText()).toBe("Something went wrong");
    await page.getByText("This page or record was not found, or it is outside your scope.").waitFor();
    expect(await page.getByRole("link", { name: "Back to home" }).getAttribute("href")).toBe("/");
    expect(await page.title()).toBe("Something went wrong · Gongzhi");
    await context.close();
  });

  it("issue 13 · 5: a forbidden page shows the catalog message in the layout, in both languages", async () => {
    for (const [lang, message, home] of [
      ["zh-CN", "你没有权限进行此操作。", "返回首页"],
      ["en", "You are not allowed to do this.", "Back to home"],
    ] as const) {
      const context = await signedInContext(browser, server, "resident", { viewport: PHONE });
      if (lang === "en") await english(context);
      const page = await context.newPage();
      const res = await page.goto(`${server.url}/admin`);
      expect(res?.status()).toBe(403);
      await expectLayout(page);
      await page.getByText(message).waitFor();
      expect(await page.getByRole("link", { name: home }).getAttribute("href")).toBe("/");
      // Signed in already: no sign-in link, and no stack or internal text.
      expect(await page.getByRole("link", { name: lang === "en" ? "Sign in and try again" : "登录后再试" }).count()).toBe(0);
      expect(await page.locator("main").innerText()).not.toMatch(/\n\s+at |Error:|error\.forbidden/);
      await context.close();
    }
  });

  it("issue 13 · 5: a page's title follows the person's language", async () => {
    const context = await signedInContext(browser, server, "resident", { viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${server.url}/account`);
    expect(await page.title()).toBe("我的账户 · 共治");
    await english(context);
    await page.goto(`${server.url}/account`);
    expect(await page.title()).toBe("My account · Gongzhi");
    await context.close();
  });
});
