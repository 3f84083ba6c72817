// The metrics of a place on a hand-computed example: four requests received in December 2026 in 幸福里小区.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { moveClock, now, resetClock } from "~/clock.server";
import { closeDb, getDb } from "~/db.server";
import { migrateToLatest } from "../../db/connect";
import { seedDemo } from "../../db/tools/seed";
import { moveRequest, rateRequest, runRequestJobs } from "~/features/requests/commands.server";
import { placeMetrics } from "~/features/requests/metrics-queries.server";
import { loader as csvLoader } from "~/routes/places.$id.metrics.csv";
import { loader as pageLoader } from "~/routes/places.$id.metrics";
import { callLoader, cookieFor, placeId } from "../support/routes";
import { newRequest } from "../support/requests";
import { actorOf } from "../support/services";
import { createPgDatabase, onPg } from "../support/pg";

const db = () => getDb();
const T0 = Date.parse("2026-12-01T01:00:00Z"); // Tuesday 09:00 Beijing
const h = (hours: number) => new Date(T0 + hours * 3_600_000);
const DECEMBER = { from: "2026-11-30T16:00:00.000Z", to: "2026-12-31T16:00:00.000Z" };
// When every deadline of the example has passed (D's is the end of Friday 12-04).
const AFTER = new Date("2027-01-15T00:00:00Z");

/**
 * A parking (compound): accepted after 1 hour (on time), completed after 48 h; rated 满意 and 基本满意.
 * B parking (compound): nobody accepts; the job escalates it on Friday 12-04 00:00 Beijing (12-03 16:00 UTC);
 *   the community accepts 1 hour later, within its own deadline — but the compound let its deadline pass
 *   unanswered, so for the response rate B is late.
 * C security (community): accepted Monday 12-07 09:00, after its deadline (end of Friday 12-04): late;
 *   completed 12-10 09:00; rated 不满意.
 * D elevator (community): never accepted; late once its deadline (end of Friday 12-04) has passed, pending before.
 *
 * received 4 · 响应率 1/4 = 25.0 % (A only; 1/3 = 33.3 % while D is pending) · 解决率 2/4 = 50.0 %
 * 满意率 2/3 = 66.7 % (one decimal, rounded half up)
 * days to accept: A 0.04 → 0.0, B 2.67 → 2.7 (12-01 01:00 → 12-03 17:00 UTC), C 6.0 → median 2.7
 * days to complete: A 2.0, C 9.0 → median 5.5 · escalations 1 (B) · returns 0
 * 供需: 居住 demand 3 (A, B, D) supply 1 (A); 安全 demand 1 (C) supply 1; others 0.
 */
async function example() {
  const coordinator = await actorOf("coordinator");
  const community = await actorOf("communityStaff");
  const a = await newRequest("parking", h(0), "A");
  const b = await newRequest("parking", h(0), "B");
  const c = await newRequest("security", h(0), "C");
  await newRequest("elevator", h(0), "D");
  await moveRequest(coordinator, { requestId: a, action: "accept" }, h(1));
  await moveRequest(coordinator, { requestId: a, action: "complete", result: "已划线" }, h(48));
  await runRequestJobs(new Date("2026-12-03T16:00:30Z"));
  await moveRequest(community, { requestId: b, action: "accept" }, new Date(Date.parse("2026-12-03T16:00:30Z") + 3_600_000));
  await moveRequest(community, { requestId: c, action: "accept" }, h(6 * 24));
  await moveRequest(community, { requestId: c, action: "complete", result: "已加装监控" }, h(9 * 24));
  await rateRequest(await actorOf("resident"), { requestId: a, rating: "satisfied", change: false }, h(50));
  await rateRequest(await actorOf("tenant"), { requestId: a, rating: "basic", change: false }, h(50));
  await rateRequest(await actorOf("buildingLead"), { requestId: c, rating: "unsatisfied", change: false }, h(9 * 24 + 1));
}

/**
 * The demo is seeded at the suite's clock, which may be any day (the date check runs this file with "today" in
 * December 2026 too), and its requests and proposals would then fall into the example's December. This file's
 * database is seeded anew at a fixed instant in November, so the window holds only the example.
 */
const SEEDED_AT = new Date("2026-11-18T02:00:00Z");
async function demoSeededInNovember() {
  await closeDb();
  const url = process.env.DATABASE_URL!;
  if (onPg) {
    // The file's own database, made anew and empty (its name is the last part of the URL).
    await createPgDatabase(process.env.TEST_PG_SERVER!, url.slice(url.lastIndexOf("/") + 1));
  } else {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(url + suffix, { force: true });
  }
  // Opened anew on the emptied database: the commands the seed calls use the process's database.
  const fresh = getDb();
  await migrateToLatest(fresh);
  await seedDemo(fresh, SEEDED_AT);
}

describe("metrics of a compound, its community and street", () => {
  beforeAll(async () => {
    await demoSeededInNovember();
    await example();
  });

  it("computes each rate, the medians, escalations and 供需 as worked out by hand", async () => {
    for (const name of ["幸福里小区", "幸福里社区", "东湖街道"]) {
      const place = await db()
        .selectFrom("places")
        .selectAll()
        .where("id", "=", await placeId(name))
        .executeTakeFirstOrThrow();
      const m = await placeMetrics(db(), place, DECEMBER, AFTER);
      expect(m.received, name).toBe(4);
      expect(m.responseRate).toEqual({ numerator: 1, denominator: 4, percent: 25 });
      expect(m.pending).toBe(0);
      expect(m.resolutionRate).toEqual({ numerator: 2, denominator: 4, percent: 50 });
      expect(m.satisfactionRate).toEqual({ numerator: 2, denominator: 3, percent: 66.7 });
      expect(m.medianDaysToAccept).toBe(2.7);
      expect(m.medianDaysToComplete).toBe(5.5);
      expect([m.escalations, m.returns]).toEqual([1, 0]);
      expect(m.supply.find((s) => s.category === "housing")).toEqual({ category: "housing", demand: 3, supply: 1 });
      expect(m.supply.find((s) => s.category === "safety")).toEqual({ category: "safety", demand: 1, supply: 1 });
      expect(m.supply.filter((s) => s.demand === 0)).toHaveLength(4);
    }
    // Another community of the same street received none of them.
    const other = await db()
      .selectFrom("places")
      .selectAll()
      .where("id", "=", await placeId("春晖社区"))
      .executeTakeFirstOrThrow();
    expect((await placeMetrics(db(), other, DECEMBER, AFTER)).received).toBe(0);
  });

  it("issue 12 · 21: D, unaccepted but within its deadline, is pending: out of the response rate until its deadline passes", async () => {
    const place = await db()
      .selectFrom("places")
      .selectAll()
      .where("id", "=", await placeId("幸福里社区"))
      .executeTakeFirstOrThrow();
    const before = await placeMetrics(db(), place, DECEMBER, new Date("2026-12-04T15:59:00Z"));
    expect(before.responseRate).toEqual({ numerator: 1, denominator: 3, percent: 33.3 });
    expect(before.pending).toBe(1);
    const after = await placeMetrics(db(), place, DECEMBER, new Date("2026-12-04T16:01:00Z"));
    expect(after.responseRate).toEqual({ numerator: 1, denominator: 4, percent: 25 });
    expect(after.pending).toBe(0);
  });

  it("the page shows them and the CSV opens in Excel: UTF-8 with a byte-order mark, Chinese headers", async () => {
    const id = await placeId("幸福里社区");
    // The page reads the server's clock: set it after the month, when D's deadline has passed.
    moveClock(AFTER.getTime() - now().getTime());
    const cookie = await cookieFor("communityStaff");
    const page = await callLoader(pageLoader, `/places/${id}/metrics?from=2026-12-01&to=2026-12-31`, { id: String(id) }, cookie);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).toContain("25.0%（1/4）");
    expect(JSON.stringify(page.data)).toContain(`尚在受理期限内（不计入响应率）","0"`);
    expect(JSON.stringify(page.data)).toContain("50.0%（2/4）");
    const res = await csvLoader({
      request: new Request(`http://localhost:3000/places/${id}/metrics/csv?table=summary&from=2026-12-01&to=2026-12-31`, {
        headers: { Cookie: cookie!, Host: "localhost:3000" },
      }),
      params: { id: String(id) },
      context: {},
    });
    const bytes = new Uint8Array(await (res as Response).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split("\r\n")[0]).toBe("指标,数值");
    expect(text).toContain("满意率（满意与基本满意 / 已评价）,66.7%（2/3）");
    expect((res as Response).headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bad = await callLoader(pageLoader, `/places/${id}/metrics?from=2026-13-01&to=x`, { id: String(id) }, cookie);
    expect(bad.status).toBe(400);
    resetClock();
  });
});

describe("metrics after a reopen", () => {
  it("keep the ratings that reopened it", async () => {
    const coordinator = await actorOf("coordinator");
    const id = await newRequest("parking", h(24 * 20), "E");
    await moveRequest(coordinator, { requestId: id, action: "accept" }, h(24 * 20 + 1));
    await moveRequest(coordinator, { requestId: id, action: "complete", result: "第一次" }, h(24 * 20 + 2));
    await rateRequest(await actorOf("resident"), { requestId: id, rating: "unsatisfied", change: false }, h(24 * 20 + 3));
    await moveRequest(coordinator, { requestId: id, action: "reopen", reason: "不满意" }, h(24 * 20 + 4));
    const place = await db()
      .selectFrom("places")
      .selectAll()
      .where("id", "=", await placeId("幸福里小区"))
      .executeTakeFirstOrThrow();
    const m = await placeMetrics(db(), place, DECEMBER, AFTER);
    // The example's three ratings and this 不满意: 2 of 4.
    expect(m.satisfactionRate).toEqual({ numerator: 2, denominator: 4, percent: 50 });
  });
});
