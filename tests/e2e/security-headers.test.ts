// Security headers on the production server, and pages that still hydrate under the Content-Security-Policy:
// no inline script runs without this response's nonce, and none of ours is refused.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, launchBrowser, signedInContext, startServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

describe("security headers", () => {
  it("sends a policy with a fresh nonce on every page, and the other headers on every response", async () => {
    const [a, b] = await Promise.all([fetch(`${server.url}/login`), fetch(`${server.url}/login`)]);
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(nonceOf(b.headers.get("content-security-policy"))).not.toBe(nonce);
    // Every script in the page carries the nonce.
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\sstyle="/);

    for (const res of [a, await fetch(`${server.url}/favicon.svg`), await fetch(`${server.url}/health`)]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
    // The server's own refusal page runs no script at all.
    const refused = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { Origin: "http://evil.example" },
      body: new URLSearchParams({ phone: "1" }),
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-security-policy")).toContain("script-src 'none'");
  });

  it("pages hydrate under the policy: client navigation and a JavaScript form work, nothing is refused", async () => {
    const context = await signedInContext(browser, server, "resident");
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __violations: string[] }).__violations ??= [];
        (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const documents: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "document") documents.push(r.url());
    });
    const violations: string[] = [];
    const hydrated = async (p: Page) => {
      await p.waitForFunction(() => (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true);
      violations.push(...(await p.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? [])));
    };

    await page.goto(`${server.url}/`);
    await hydrated(page);
    // A link followed by the client router: no new document is loaded.
    await page.getByRole("link", { name: "我的小区" }).click();
    await page.getByRole("heading", { level: 1, name: "幸福里小区" }).waitFor();
    expect(documents).toHaveLength(1);

    // A form sent by Remix's <Form> with fetch: the answer appears without a page load.
    await page.getByRole("link", { name: "我的账户" }).click();
    await page.getByRole("heading", { level: 1, name: "我的账户" }).waitFor();
    await page
      .locator("form", { has: page.getByLabel("当前密码") })
      .getByRole("button")
      .click();
    await page.getByText("请修改标出的内容后再提交。").first().waitFor();
    expect(documents).toHaveLength(1);
    await hydrated(page);

    // The pages with the most on them: a proposal's thread, a vote with its chart, a resolution's notice.
    const proposal = server.sql<{ id: number }>("select id from proposals where title = '1号楼加装电梯，请大家一起商量'")[0];
    const vote = server.sql<{ id: number }>("select id from votes order by id limit 1")[0];
    const resolution = server.sql<{ id: number }>("select id from resolutions order by id limit 1")[0];
    for (const path of [`/proposals/${proposal.id}`, `/votes/${vote.id}`, `/resolutions/${resolution.id}/notice`, "/notifications"]) {
      await page.goto(`${server.url}${path}`);
      await hydrated(page);
    }
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
