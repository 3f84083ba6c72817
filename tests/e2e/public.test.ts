// Issue 17 · 3 in the browser: a passer-by at 360 px finds a compound's public page from the front door, reads its
// requests, opens one and follows the Atom feed (parsed by the browser's own XML parser: a parsererror would mean
// it is not well-formed). A signed-in resident's copy of the same page is private and names no one. Axe on each page.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { PHONE, SCREENS, type TestServer, launchBrowser, signedInContext, startServer } from "../support/server";

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

async function look(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, name).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** Every name and phone of the compound's residents, and the demo accounts'. */
function people(compound: number) {
  const rows = server.sql<{ name: string; phone: string }>(
    "select u.name, u.phone from users u join residencies r on r.user_id = u.id where r.compound_id = ?",
    compound,
  );
  return [...rows, ...Object.values(DEMO_ACCOUNTS)];
}

describe("a compound's public record, without an account", () => {
  it("a passer-by reads the public requests, opens one and follows the feed; a resident's copy is private and names no one", async () => {
    const compound = server.sql<{ id: number }>("select id from places where name = '幸福里小区'")[0].id;
    const anon = await signedInContext(browser, server, null, { viewport: PHONE });
    const page = await anon.newPage();
    page.setDefaultTimeout(10_000);

    // The front door lists the compounds with a public record.
    await page.goto(server.url);
    await page.getByRole("link", { name: "幸福里小区" }).click();
    await page.waitForURL(`${server.url}/p/${compound}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("幸福里小区 · 公开信息");
    const first = await page.request.get(`${server.url}/p/${compound}`);
    expect(first.headers()["cache-control"]).toBe("public, max-age=60");
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute("href")).toBe(`/p/${compound}/feed`);
    await look(page, "public-compound-360");

    // A request, by role and office: no one's name or phone on it.
    const requests = page.locator("section", { has: page.getByRole("heading", { name: "项目", exact: true }) });
    await requests.getByRole("link").first().click();
    await page.waitForURL(/\/p\/\d+\/requests\/\d+$/);
    await expect.poll(() => page.getByRole("heading", { name: "办理过程" }).count()).toBe(1);
    await look(page, "public-request-360");
    const html = await page.content();
    for (const p of people(compound)) {
      expect(html, p.name).not.toContain(p.name);
      expect(html, p.phone).not.toContain(p.phone);
    }

    // The feed: well-formed for the browser's XML parser, newest first, each entry leading to a public page.
    const feedUrl = `${server.url}/p/${compound}/feed`;
    const feed = await page.request.get(feedUrl);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const read = await page.evaluate(
      (xml) => {
        const doc = new DOMParser().parseFromString(xml, "application/xml");
        const entries = [...doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry")];
        return {
          errors: doc.getElementsByTagName("parsererror").length,
          root: doc.documentElement.namespaceURI + " " + doc.documentElement.localName,
          updated: entries.map((e) => e.getElementsByTagName("updated")[0].textContent ?? ""),
          links: entries.map((e) => e.getElementsByTagName("link")[0].getAttribute("href") ?? ""),
        };
      },
      await feed.text(),
    );
    expect(read.errors).toBe(0);
    expect(read.root).toBe("http://www.w3.org/2005/Atom feed");
    expect(read.updated.length).toBeGreaterThan(1);
    expect([...read.updated].sort().reverse()).toEqual(read.updated);
    await page.goto(read.links[0]);
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/p/${compound}/(requests|resolutions)/\\d+$`));
    await expect.poll(() => page.getByRole("heading", { level: 1 }).count()).toBe(1);

    // Another compound's number with this request's id: a 404 in Chinese.
    const other = server.sql<{ id: number }>("select id from places where name = '翠湖湾'")[0].id;
    const missing = await page.goto(`${server.url}/p/${other}${new URL(read.links[0]).pathname.replace(/^\/p\/\d+/, "")}`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator("main").innerText()).toContain("找不到该页面或记录");
    const noFeed = await page.request.get(`${server.url}/p/999999/feed`);
    expect([noFeed.status(), await noFeed.text()]).toEqual([404, "找不到这个小区：地址中的小区编号不存在。"]);
    await anon.close();

    // A signed-in resident: the compound page links the public one; its answer is private and names no one.
    const resident = await signedInContext(browser, server, "resident", { viewport: PHONE });
    const rp = await resident.newPage();
    await rp.goto(`${server.url}/compounds/${compound}`);
    await rp.getByRole("link", { name: "公开信息页（无需登录）" }).click();
    await rp.waitForURL(`${server.url}/p/${compound}`);
    const mine = await rp.request.get(`${server.url}/p/${compound}`);
    expect(mine.headers()["cache-control"]).toBe("private, no-store");
    const main = await rp.locator("main").innerHTML();
    for (const p of people(compound)) {
      expect(main, p.name).not.toContain(p.name);
      expect(main, p.phone).not.toContain(p.phone);
    }
    await resident.close();
  });
});
