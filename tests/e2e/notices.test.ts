// Issue 17's walk at 360 px, JavaScript off: a resident verifies an email address with the code the local SMTP
// stand-in received, chooses the daily digest for followed threads, a coordinator comments on a thread the
// resident follows, and at 20:00 Beijing the digest arrives at the stand-in, one message with the link.
import path from "node:path";
import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, PHONE, SCREENS, type TestServer, launchBrowser, signedInContext, startServer } from "../support/server";
import { startStandIns } from "../support/stand-ins";

let server: TestServer;
let browser: Browser;
let s: Awaited<ReturnType<typeof startStandIns>>;

beforeAll(async () => {
  fs.mkdirSync(SCREENS, { recursive: true });
  s = await startStandIns();
  [server, browser] = await Promise.all([startServer({ env: { TEST_CLOCK: "1", JOB_INTERVAL_MS: "3600000", SMTP_URL: s.smtpUrl } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await s?.stop();
});

describe("notices outside the app", () => {
  it("a resident verifies an email, picks the digest, and receives it at the chosen hour", async () => {
    const resident = await signedInContext(browser, server, "resident", { viewport: PHONE, javaScriptEnabled: false });
    const page = await resident.newPage();
    await page.goto(`${server.url}/account/contacts`);
    const email = page.locator("section").first();
    await email.getByLabel("新邮箱地址").fill("wangfang@example.test");
    await email.getByRole("button", { name: "发送验证码" }).click();
    await page.getByText("验证码已发送，请在 10 分钟内输入。").waitFor();
    expect(s.mails).toHaveLength(1);
    const code = /\d{6}/.exec(s.mails[0].text)![0];
    await page.locator("section").first().getByLabel("验证码").fill(code);
    await page.locator("section").first().getByRole("button", { name: "验证", exact: true }).click();
    await page.getByText("验证成功，之后的通知会发送到这里。").waitFor();
    expect(await page.locator("section").first().innerText()).toContain("已验证");
    await page.screenshot({ path: path.join(SCREENS, "contacts-verified-360.png"), fullPage: true });

    await page.goto(`${server.url}/account/notices`);
    await page.getByLabel("我关注的讨论").selectOption("digest");
    await page.getByLabel("每日摘要发送时间（北京时间）").selectOption("20");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("通知偏好已保存。").waitFor();
    expect(await page.getByLabel("我关注的讨论").inputValue()).toBe("digest");
    await page.screenshot({ path: path.join(SCREENS, "notice-prefs-saved-360.png"), fullPage: true });

    // A coordinator comments on a thread the resident follows.
    const residentId = server.sql<{ id: number }>("select id from users where name = '王芳'")[0].id;
    const followed = server.sql<{ proposal_id: number }>(
      "select f.proposal_id from follows f join proposals p on p.id = f.proposal_id where f.user_id = ? and p.state in ('published', 'voting') order by f.proposal_id limit 1",
      residentId,
    );
    expect(followed.length).toBe(1);
    const proposalId = followed[0].proposal_id;
    const coord = await signedInContext(browser, server, "coordinator", { viewport: DESKTOP });
    const cp = await coord.newPage();
    await cp.goto(`${server.url}/proposals/${proposalId}`);
    await cp.getByLabel("发表意见（支持 Markdown，最多 5000 字）").fill("下周三晚上开楼组会，请大家来。");
    await cp.getByRole("button", { name: "发表", exact: true }).click();
    await cp.locator(".comment", { hasText: "下周三晚上开楼组会" }).waitFor();
    await coord.close();

    // Nothing by email before the digest hour; at 20:00 Beijing (the server starts at 10:00) one digest.
    s.reset();
    const tick = (ms: number) =>
      fetch(`${server.url}/test/clock`, { method: "POST", body: new URLSearchParams({ ms: String(ms) }), headers: { origin: server.url } }).then((r) =>
        r.json(),
      );
    await tick(3_600_000);
    expect(s.mails).toHaveLength(0);
    await tick(9.5 * 3_600_000);
    expect(s.mails).toHaveLength(1);
    expect(s.mails[0].to).toEqual(["wangfang@example.test"]);
    expect(s.mails[0].subject).toMatch(/^共治每日摘要：\d+ 条新通知$/);
    expect(s.mails[0].text).toContain(`${server.url}/proposals/${proposalId}`);
    await resident.close();
  });
});
