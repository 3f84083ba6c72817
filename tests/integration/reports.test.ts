// Direct reports (随手拍, issue 17 · 4) through the services and a real database: where a report lands and its
// deadline, its photo, who is told of its steps, "+1", likely duplicates, merging, and the metrics by origin.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { moveRequest, rateRequest } from "~/features/requests/commands.server";
import { storeEvidence } from "~/features/requests/evidence.server";
import { placeMetrics } from "~/features/requests/metrics-queries.server";
import { fileReport, mergeReport, supportRequest } from "~/features/requests/report-commands.server";
import { duplicatesOf } from "~/features/requests/report-page.server";
import { placeId } from "../support/routes";
import { PNG_1PX, movesOf, newRequest, requestRow } from "../support/requests";
import { actorOf, refusal, userId } from "../support/services";

const db = () => getDb();
// Tuesday 2026-12-01, 09:00 in Beijing.
const T0 = Date.parse("2026-12-01T01:00:00Z");
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

async function building(compound: string, name: string) {
  const c = await placeId(compound);
  return (await db().selectFrom("places").select("id").where("parent_id", "=", c).where("name", "=", name).executeTakeFirstOrThrow()).id;
}

async function report(over: Partial<Parameters<typeof fileReport>[1]> = {}, who: "resident" | "tenant" = "resident", when = at(0)) {
  const input = {
    compoundId: await placeId("幸福里小区"),
    subcategory: "repair" as const,
    buildingId: await building("幸福里小区", "1号楼"),
    spot: null,
    title: "1号楼楼道灯坏了",
    body: "三单元二楼楼道灯不亮，晚上看不见台阶。",
    files: [],
    ...over,
  };
  return fileReport(await actorOf(who), input, when);
}

/** What a person was told about these requests (the demo data holds older notices of its own). */
const notificationsOf = async (key: "resident" | "tenant", ids: number[]) =>
  (
    await db()
      .selectFrom("notifications")
      .select(["kind", "proposal_id", "data"])
      .where("user_id", "=", await userId(key))
      .where("kind", "=", "request")
      .orderBy("id")
      .execute()
  ).filter((n) => ids.includes(JSON.parse(n.data!).requestId));

describe("issue 17 · 4: a direct report becomes a request", () => {
  it("lands where the responsibility list says, with that level's deadline, its photo, and the reporter following", async () => {
    const files = await storeEvidence([new File([PNG_1PX], "楼道.png")]);
    const { id, level } = await report({ files });
    const r = await requestRow(id);
    expect([level, r.level, r.office_id, r.state]).toEqual(["compound", "compound", await placeId("幸福里小区"), "received"]);
    expect([r.source, r.resolution_id, r.proposal_id, r.building_id, r.spot]).toEqual(["report", null, null, await building("幸福里小区", "1号楼"), null]);
    // Tuesday 09:00 with 2 working days at a compound: the end of Thursday in Beijing, as for any request.
    expect([r.accept_due, r.due_at]).toEqual(["2026-12-03T16:00:00.000Z", "2026-12-03T16:00:00.000Z"]);
    const moves = await movesOf(id);
    expect(moves.map((m) => [m.action, m.actor_id])).toEqual([["create", await userId("resident")]]);
    const evidence = await db().selectFrom("request_evidence").select(["move_id", "mime"]).where("request_id", "=", id).execute();
    expect(evidence).toEqual([{ move_id: moves[0].id, mime: "image/png" }]);
    const follows = await db().selectFrom("request_follows").select("user_id").where("request_id", "=", id).execute();
    expect(follows.map((f) => f.user_id)).toEqual([await userId("resident")]);
    const audit = await db().selectFrom("audit_log").select(["action", "actor_id"]).where("entity_type", "=", "request").where("entity_id", "=", id).execute();
    expect(audit).toEqual([{ action: "request.report", actor_id: await userId("resident") }]);

    const elevator = await report({ subcategory: "elevator", buildingId: null, spot: "南门", title: "南门电梯" });
    expect([elevator.level, (await requestRow(elevator.id)).office_id]).toEqual(["community", await placeId("幸福里社区")]);
  });

  it("tells the reporter and those who +1 of each step, and is completed by the office", async () => {
    const { id } = await report();
    expect((await supportRequest(await actorOf("tenant"), id, at(1))).added).toBe(true);
    expect((await supportRequest(await actorOf("tenant"), id, at(1))).added).toBe(false);
    const coordinator = await actorOf("coordinator");
    await moveRequest(coordinator, { requestId: id, action: "accept" }, at(2));
    await moveRequest(coordinator, { requestId: id, action: "complete", result: "已更换灯泡。" }, at(3));
    for (const who of ["resident", "tenant"] as const) {
      const told = await notificationsOf(who, [id]);
      expect(told.map((n) => [n.proposal_id, JSON.parse(n.data!).action, JSON.parse(n.data!).requestId])).toEqual([
        [null, "accept", id],
        [null, "complete", id],
      ]);
    }
    expect((await requestRow(id)).state).toBe("completed");
    expect(await refusal(supportRequest(await actorOf("tenant"), id, at(4)))).toMatchObject({ status: 409, key: "direct.closed" });
  });

  it("refuses an unverified resident, another compound's building, no place, and never writes", async () => {
    const before = await db()
      .selectFrom("requests")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const newcomer = await actorOf("newcomer");
    const input = { compoundId: await placeId("幸福里小区"), subcategory: "repair" as const, buildingId: null, spot: "南门", title: "t", body: "b", files: [] };
    expect(await refusal(fileReport(newcomer, input, at(0)))).toMatchObject({ status: 403, key: "direct.residentsOnly" });
    expect(await refusal(report({ buildingId: await building("锦绣花园", "1号楼") }))).toMatchObject({ status: 404, key: "direct.noSuchBuilding" });
    expect(await refusal(report({ buildingId: null, spot: null }))).toMatchObject({ status: 400, key: "direct.placeRequired" });
    expect(await refusal(fileReport(await actorOf("coordinator"), input, at(0)))).toMatchObject({ status: 403 });
    const after = await db()
      .selectFrom("requests")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("keeps exactly one origin in the database itself", async () => {
    const { id } = await report();
    const res = await db().selectFrom("resolutions").select("id").orderBy("id").executeTakeFirstOrThrow();
    await expect(sql`update requests set resolution_id = ${res.id} where id = ${id}`.execute(db())).rejects.toThrow(/check/i);
    await expect(sql`update requests set building_id = null, spot = null where id = ${id}`.execute(db())).rejects.toThrow(/check/i);
    const fromVote = await newRequest("parking", at(0));
    await expect(sql`update requests set source = 'report' where id = ${fromVote}`.execute(db())).rejects.toThrow(/check/i);
  });
});

describe("issue 17 · 4: likely duplicates and merging", () => {
  it("offers open reports of the same category and building with an alike title", async () => {
    const b2 = await building("幸福里小区", "2号楼");
    const first = await report({ title: "2号楼楼道灯坏了", buildingId: b2 });
    await report({ title: "2号楼楼道灯坏了", buildingId: b2, subcategory: "security" });
    const draft = { category: "housing" as const, buildingId: b2, spot: null, title: "2号楼楼道灯不亮" };
    const found = await duplicatesOf(await placeId("幸福里小区"), draft);
    expect(found.map((d) => [d.id, d.supporters])).toEqual([[first.id, 1]]);
    expect(await duplicatesOf(await placeId("幸福里小区"), { ...draft, buildingId: await building("幸福里小区", "3号楼") })).toEqual([]);
  });

  it("merges a duplicate: it closes pointing at the other, its followers move, the audit log says so", async () => {
    const coordinator = await actorOf("coordinator");
    const keep = await report({ title: "1号楼楼道灯坏了" });
    const dup = await report({ title: "1号楼楼道灯不亮" }, "tenant");
    await mergeReport(coordinator, { fromId: dup.id, intoId: keep.id }, at(1));
    const closed = await requestRow(dup.id);
    expect([closed.state, closed.merged_into, closed.due_at]).toEqual(["completed", keep.id, null]);
    const follows = await db().selectFrom("request_follows").select(["request_id", "user_id"]).where("request_id", "in", [keep.id, dup.id]).execute();
    expect(follows.map((f) => [f.request_id, f.user_id]).sort()).toEqual(
      [
        [keep.id, await userId("resident")],
        [keep.id, await userId("tenant")],
      ].sort(),
    );
    const audit = await db()
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where("entity_id", "=", dup.id)
      .where("action", "=", "request.merge")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data!)).toMatchObject({ into: keep.id, moved: 1 });
    expect((await notificationsOf("tenant", [keep.id, dup.id])).map((n) => JSON.parse(n.data!))).toEqual([
      expect.objectContaining({ action: "merge", requestId: keep.id }),
    ]);

    // The merged one is rated and reopened where it went, not here.
    expect(await refusal(rateRequest(await actorOf("resident"), { requestId: dup.id, rating: "satisfied", change: false }, at(2)))).toMatchObject({
      status: 409,
      key: "direct.closed",
    });
    expect(await refusal(moveRequest(coordinator, { requestId: dup.id, action: "reopen", reason: "x" }, at(2)))).toMatchObject({ status: 409 });

    // Refusals: again, into itself, a resident, another compound's request, a resolution's request merged away.
    expect(await refusal(mergeReport(coordinator, { fromId: dup.id, intoId: keep.id }, at(2)))).toMatchObject({ status: 409 });
    expect(await refusal(mergeReport(coordinator, { fromId: keep.id, intoId: keep.id }, at(2)))).toMatchObject({ status: 400 });
    expect(await refusal(mergeReport(await actorOf("resident"), { fromId: keep.id, intoId: dup.id }, at(2)))).toMatchObject({ status: 403 });
    expect(await refusal(mergeReport(coordinator, { fromId: keep.id, intoId: 999_999 }, at(2)))).toMatchObject({ status: 404 });
    const fromVote = await newRequest("repair", at(0));
    expect(await refusal(mergeReport(coordinator, { fromId: fromVote, intoId: keep.id }, at(2)))).toMatchObject({ status: 409, key: "direct.mergeNotReport" });
  });
});

describe("issue 17 · 4: metrics show reports and resolution-born requests apart and together", () => {
  it("splits by origin, counts a merged report once, and leaves the totals as they were", async () => {
    const compound = { id: await placeId("幸福里小区"), kind: "compound", path: "" };
    compound.path = (await db().selectFrom("places").select("path").where("id", "=", compound.id).executeTakeFirstOrThrow()).path;
    const period = { from: "2026-11-30T16:00:00.000Z", to: "2026-12-31T16:00:00.000Z" };
    const before = await placeMetrics(db(), compound, period, at(100));
    await newRequest("parking", at(0));
    const a = await report();
    const b = await report({ title: "1号楼楼道灯又坏了" });
    await moveRequest(await actorOf("coordinator"), { requestId: a.id, action: "accept" }, at(1));
    await mergeReport(await actorOf("coordinator"), { fromId: b.id, intoId: a.id }, at(2));
    const m = await placeMetrics(db(), compound, period, at(100));
    expect(m.bySource.report.received).toBe(before.bySource.report.received + 1);
    expect(m.bySource.resolution.received).toBe(before.bySource.resolution.received + 1);
    expect(m.bySource.all.received).toBe(m.received);
    expect(m.bySource.all).toEqual({ ...m.bySource.all, received: m.received, responseRate: m.responseRate, resolutionRate: m.resolutionRate });
    expect(m.bySource.report.responseRate.numerator).toBe(before.bySource.report.responseRate.numerator + 1);
  });
});
