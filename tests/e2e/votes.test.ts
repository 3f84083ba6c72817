// Issue 4's walk: a coordinator opens an owners' vote; owners vote on their phones, one changes their mind;
// a paper ballot is entered and confirmed by another person; the clock moves past the window and the vote
// closes; the result page and the resolution's notice show the frozen figures; a receipt is found.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import QRCode from "qrcode";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
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

async function as(phone: string, viewport = PHONE) {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  await context.addCookies([await server.sessionCookie(phone)]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

async function moveClock(ms: number) {
  const res = await fetch(`${server.url}/test/clock`, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: `ms=${ms}`,
  });
  expect(res.status).toBe(200);
}

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("an owners' vote, on phones and on paper", () => {
  it("opens, is cast and changed, counts a confirmed paper ballot, closes by the clock and resolves", async () => {
    const proposalId = server.sql<{ id: number }>("select id from proposals where title = '规范小区停车，清理僵尸车'")[0].id;

    // The coordinator opens an owners' vote (ordinary matter), secret, for one hour.
    const coord = await as(DEMO_ACCOUNTS.coordinator.phone, DESKTOP);
    await coord.page.goto(`${server.url}/proposals/${proposalId}`);
    await coord.page.getByRole("link", { name: "发起表决" }).click();
    await coord.page.getByLabel(/业主共同决定·一般事项/).check();
    const opens = await coord.page.getByLabel("开始时间").inputValue();
    const closes = new Date(Date.parse(`${opens}:00+08:00`) + 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 16);
    await coord.page.getByLabel("结束时间").fill(closes);
    await coord.page.getByRole("button", { name: "发起表决" }).click();
    await coord.page.getByText("表决已发起。").waitFor();
    const voteId = Number(/votes\/(\d+)/.exec(coord.page.url())![1]);
    expect(server.sql<{ state: string }>("select state from proposals where id = ?", proposalId)[0].state).toBe("voting");

    // Owners with accounts vote on their phones: mostly 同意, a few 反对 and 弃权.
    const owners = server.sql<{ phone: string }>(
      "select u.phone from vote_voters w join users u on u.phone = w.phone where w.vote_id = ? group by u.phone order by min(u.id)",
      voteId,
    );
    expect(owners.length).toBeGreaterThanOrEqual(25);
    const choiceOf = (i: number) => (i % 9 === 4 ? "反对" : i % 9 === 7 ? "弃权" : "同意");
    const receipts: string[] = [];
    for (const [i, o] of owners.entries()) {
      const { context, page } = await as(o.phone);
      await page.goto(`${server.url}/votes/${voteId}`);
      await page.getByLabel(choiceOf(i)).check();
      await page.getByRole("button", { name: "投票", exact: true }).click();
      const flash = await page.locator(".flash").innerText();
      receipts.push(/回执码：(.+)（/.exec(flash)![1]);
      if (i === 0) {
        expect(await page.locator("main").innerText()).toContain("你已投票");
        await page.screenshot({ path: path.join(SCREENS, "vote-cast-360.png"), fullPage: true });
        expect(await axe(page)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      }
      await context.close();
    }
    // The first owner changes their mind a little later: the last ballot counts.
    await moveClock(60_000);
    const first = await as(owners[0].phone);
    await first.page.goto(`${server.url}/votes/${voteId}`);
    await first.page.getByLabel("反对").check();
    await first.page.getByRole("button", { name: "改投" }).click();
    const changedReceipt = /回执码：(.+)（/.exec(await first.page.locator(".flash").innerText())![1];
    await first.context.close();

    // Secret while open: the coordinator sees turnout only.
    await coord.page.reload();
    const main = await coord.page.locator("main").innerText();
    const dwellingsVoted = server.sql<{ n: number }>("select count(*) n from ballot_casts where vote_id = ?", voteId)[0].n;
    expect(dwellingsVoted).toBeGreaterThanOrEqual(owners.length); // an owner of several dwellings votes for each
    expect(main).toContain(`已投 ${dwellingsVoted} / 48`);
    expect(main).not.toContain("实时票数");

    // Paper ballots for two households of 1号楼 whose owners (of that dwelling alone) have not voted at all: entered by the coordinator…
    const missing = server.sql<{ id: number; label: string }>(
      `select e.id, e.label from vote_electors e
       where e.vote_id = ? and e.label like '1号楼%'
         and e.owner_key not in (select e2.owner_key from vote_electors e2 join ballot_casts c on c.elector_id = e2.id and c.vote_id = e2.vote_id where e2.vote_id = ?)
         and (select count(*) from vote_electors e3 where e3.vote_id = e.vote_id and e3.owner_key = e.owner_key) = 1
       order by e.id limit 2`,
      voteId,
      voteId,
    );
    expect(missing.length).toBe(2);
    const papers = (status: string) => server.sql<{ n: number }>("select count(*) n from paper_ballots where vote_id = ? and status = ?", voteId, status)[0].n;
    for (const [k, m] of missing.entries()) {
      await coord.page.getByLabel("投票户/人").selectOption(String(m.id));
      await coord.page.getByLabel("纸质票上的选择").selectOption("agree");
      await coord.page.getByRole("button", { name: "录入纸质票" }).click();
      await coord.page.getByText("纸质票已录入，等待另一人确认。").waitFor();
      // The message of the first entry is still on the page: wait for the second to be stored.
      await expect.poll(() => papers("pending")).toBe(k + 1);
    }
    // …who may not confirm them themself, but sees them wait for someone else; the households are no longer offered…
    // (the page redraws after the second entry is stored: wait for it before reading)
    await coord.page.getByText(`${missing.length} 张纸质票等待其他人确认`).waitFor();
    expect(await coord.page.getByRole("button", { name: "确认（监票）" }).count()).toBe(0);
    const paperPanel = await coord.page.locator("section[aria-labelledby='h-paper']").innerText();
    expect(paperPanel).toContain("2 张纸质票等待其他人确认");
    expect(paperPanel).not.toContain("没有待确认的纸质票");
    for (const m of missing) {
      expect(paperPanel).toContain(`${m.label} · 同意 · 录入人 ${DEMO_ACCOUNTS.coordinator.name}`);
      expect(await coord.page.locator(`#paper-elector option[value="${m.id}"]`).count()).toBe(0);
    }
    // …and the building lead confirms them.
    const lead = await as(DEMO_ACCOUNTS.buildingLead.phone);
    await lead.page.goto(`${server.url}/votes/${voteId}`);
    for (const m of missing) {
      const row = lead.page.getByRole("listitem").filter({ hasText: `${m.label} · 同意 · 录入人 ${DEMO_ACCOUNTS.coordinator.name}` });
      await row.getByRole("button", { name: "确认（监票）" }).click();
      await lead.page.getByText(/纸质票已确认并计入/).waitFor();
      await expect.poll(() => papers("pending")).toBe(missing.length - 1 - missing.indexOf(m));
    }
    await lead.page.getByRole("link", { name: "按楼栋的参与情况" }).click();
    await lead.page.waitForURL(/\/turnout$/);
    await lead.page.waitForLoadState("load");
    expect(await lead.page.locator("main").innerText()).toContain("1号楼");
    await lead.page.screenshot({ path: path.join(SCREENS, "vote-turnout-360.png"), fullPage: true });
    await lead.context.close();

    // The clock moves past the window; the job closes the vote.
    await moveClock(2 * 3_600_000);
    const vote = server.sql<{ status: string; passed: number; result: string }>("select status, passed, result from votes where id = ?", voteId)[0];
    expect(vote.status).toBe("closed");
    const result = JSON.parse(vote.result);
    expect(result.counts.participating).toBe(dwellingsVoted + 2);
    // Each owner's choice counts once per dwelling they own; plus the paper ballot.
    // (Every dwelling the roster lists under their phone: each of them is verified as the owner of one.)
    const dwellingsOf = (phone: string) =>
      server.sql<{ n: number }>("select count(distinct w.elector_id) n from vote_voters w where w.vote_id = ? and w.phone = ?", voteId, phone)[0].n;
    const expected = { agree: 0, oppose: 0, abstain: 0 };
    owners.forEach(
      (o, i) => (expected[i === 0 ? "oppose" : ({ 同意: "agree", 反对: "oppose", 弃权: "abstain" } as const)[choiceOf(i)]] += dwellingsOf(o.phone)),
    );
    expected.agree += 2; // the paper ballots
    expect({
      agree: result.counts.byChoice.agree.ballots,
      oppose: result.counts.byChoice.oppose.ballots,
      abstain: result.counts.byChoice.abstain.ballots,
    }).toEqual(expected);

    // The result page shows the numbers behind each condition and the chart.
    await coord.page.goto(`${server.url}/votes/${voteId}`);
    const resultText = await coord.page.locator("section[aria-labelledby='h-result']").innerText();
    expect(resultText).toContain(vote.passed ? "通过" : "未通过");
    expect(resultText).toContain(`${result.counts.participatingHeadcount} / ${result.counts.headcount}`);
    expect(await coord.page.locator("svg[role='img'] title").textContent()).toBe("票数分布");
    await coord.page.screenshot({ path: path.join(SCREENS, "vote-result-1280.png"), fullPage: true });
    expect(vote.passed, JSON.stringify(result.conditions)).toBe(1);

    // The resolution and its notice.
    await coord.page.getByRole("link", { name: /决议：2026-幸福里-\d{3}/ }).click();
    await coord.page.getByRole("link", { name: "打印公示" }).click();
    const notice = await coord.page.locator("article.notice").innerText();
    expect(notice).toContain("幸福里小区业主（居民）决议公示");
    expect(notice).toContain(`同意 ${expected.agree} · 反对 ${expected.oppose} · 弃权 ${expected.abstain}`);
    expect(notice).toMatch(/公示期：\d{4}\/\d{2}\/\d{2} 至 \d{4}\/\d{2}\/\d{2}/);
    expect(await coord.page.locator(".qr svg").count()).toBe(1);
    // The QR code leads to the resolution's page (the same code drawn for that address).
    const resolutionUrl = `${server.url}/resolutions/${server.sql<{ id: number }>("select id from resolutions where vote_id = ?", voteId)[0].id}`;
    const qrTarget = await QRCode.toString(resolutionUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
    const paths = (svg: string) => [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    expect(paths(await coord.page.locator(".qr").innerHTML())).toEqual(paths(qrTarget));
    await coord.page.emulateMedia({ media: "print" });
    await coord.page.screenshot({ path: path.join(SCREENS, "resolution-notice-print.png"), fullPage: true });
    const pdf = await coord.page.pdf({ format: "A4", printBackground: false });
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    await coord.context.close();

    // A voter checks a receipt against the published list; a superseded receipt is not there.
    const k = owners.findIndex((o, i) => i > 0 && dwellingsOf(o.phone) === 1);
    const voter = await as(owners[k].phone);
    await voter.page.goto(`${server.url}/votes/${voteId}/ballots`);
    await voter.page.getByLabel("回执码").fill(receipts[k].toLowerCase());
    await voter.page.getByRole("button", { name: "核对我的回执码" }).click();
    await voter.page.getByText(/已计入：第 \d+ 行，选择“/).waitFor();
    await voter.page.getByLabel("回执码").fill(receipts[0].split("；")[0].split(" ").at(-1)!);
    await voter.page.getByRole("button", { name: "核对我的回执码" }).click();
    await voter.page.getByText("清单中没有这个回执码").waitFor();
    await voter.page.getByLabel("回执码").fill(changedReceipt.split("；")[0].split(" ").at(-1)!);
    await voter.page.getByRole("button", { name: "核对我的回执码" }).click();
    await voter.page.getByText("已计入").first().waitFor();
    expect(await axe(voter.page)).toEqual([]);
    await voter.context.close();

    // Issue 12 · 16: a passer-by scans the notice's QR code on a phone, with no account and no session,
    // and reads the result, the notice and the ballot list; nothing personal is on them.
    const passerBy = await browser.newContext({ viewport: PHONE, locale: "zh-CN" });
    const street = await passerBy.newPage();
    street.setDefaultTimeout(10_000);
    await street.goto(resolutionUrl);
    expect(street.url()).toBe(resolutionUrl);
    const publicText = await street.locator("main").innerText();
    expect(publicText).toMatch(/决议 \d{4}-幸福里-\d{3}/);
    expect(publicText).toContain("规范小区停车，清理僵尸车");
    expect(publicText).toContain(`${result.counts.participatingHeadcount} / ${result.counts.headcount}`);
    expect(publicText).toContain("满足");
    const people = server.sql<{ name: string; phone: string }>("select name, phone from users");
    for (const p of people) {
      expect(publicText).not.toContain(p.phone);
      if (p.name.length >= 2) expect(publicText, p.name).not.toContain(p.name);
    }
    await street.screenshot({ path: path.join(SCREENS, "resolution-passer-by-360.png"), fullPage: true });
    expect(await axe(street)).toEqual([]);
    expect(await street.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    // The ballot list from there, to recount: receipt hashes and choices only.
    await street.getByRole("link", { name: "公开的计票清单" }).click();
    await street.getByRole("heading", { name: "公开的计票清单" }).waitFor();
    expect(street.url()).toContain(`/votes/${voteId}/ballots`);
    expect(await street.locator("tbody tr").count()).toBe(result.counts.participating);
    expect(await axe(street)).toEqual([]);
    // And the notice itself.
    await street.goto(`${resolutionUrl}/notice`);
    expect(await street.locator("article.notice").innerText()).toContain("幸福里小区业主（居民）决议公示");
    await passerBy.close();
  }, 120_000);
});
