// Service requests through the services and a real database: where a request lands, every move of the walk
// (escalate, return under the access rule, dispatch, complete with a photo), ratings, reopen, the clock.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb, uploadDir } from "~/db.server";
import { SYSTEM_ACTOR } from "~/features/errors";
import { storeEvidence } from "~/features/requests/evidence.server";
import { addCalendarDay, setResponsibilities } from "~/features/requests/rules-commands.server";
import { responsibilityList } from "~/features/requests/rules-queries.server";
import { moveRequest, rateRequest, runRequestJobs } from "~/features/requests/commands.server";
import { placeId } from "../support/routes";
import { PNG_1PX, demoResolution, movesOf, newRequest, requestRow } from "../support/requests";
import { actorOf, refusal } from "../support/services";

const db = () => getDb();
// Tuesday 2026-12-01, 09:00 in Beijing.
const T0 = Date.parse("2026-12-01T01:00:00Z");
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

async function setParkingOwner(level: "compound" | "community") {
  const street = await placeId("东湖街道");
  const list = await responsibilityList(db(), street);
  await setResponsibilities(SYSTEM_ACTOR, { streetId: street, rows: list.map((r) => (r.subcategory === "parking" ? { ...r, level } : r)) as never }, at(0));
}

describe("where a new request lands", () => {
  it("at the lowest level of the street's list that owns its sub-category, linked to resolution and proposal", async () => {
    const res = await demoResolution();
    const parking = await requestRow(await newRequest("parking", at(0)));
    expect([parking.level, parking.state, parking.office_id]).toEqual(["compound", "received", await placeId("幸福里小区")]);
    expect([parking.resolution_id, parking.proposal_id]).toEqual([res.id, res.proposal_id]);
    const elevator = await requestRow(await newRequest("elevator", at(0)));
    expect([elevator.level, elevator.office_id]).toEqual(["community", await placeId("幸福里社区")]);
    const jobs = await requestRow(await newRequest("jobs", at(0)));
    expect([jobs.level, jobs.office_id]).toEqual(["street", await placeId("东湖街道")]);
    // Tuesday 09:00 with 2 working days at a compound: the end of Thursday in Beijing.
    expect(parking.accept_due).toBe("2026-12-03T16:00:00.000Z");
  });

  it("refuses a resident, and another compound's coordinator finds nothing", async () => {
    const res = await demoResolution();
    const input = { resolutionId: res.id, title: "x", body: "y", subcategory: "parking" as const, budgetFen: 1, funding: "other" as const };
    const { createRequest } = await import("~/features/requests/commands.server");
    expect(await refusal(createRequest(await actorOf("resident"), input, at(0)))).toMatchObject({ status: 403 });
    expect(await refusal(createRequest(await actorOf("communityCoordinator"), input, at(0)))).toMatchObject({ status: 404 });
  });
});

describe("the walk of one request", () => {
  it("escalates, is returned under the access rule, goes up to the street, to a department, and is completed with a photo", async () => {
    const coordinator = await actorOf("coordinator");
    const community = await actorOf("communityStaff");
    const street = await actorOf("streetStaff");
    const department = await actorOf("departmentStaff");
    const id = await newRequest("parking", at(0), "清理消防通道僵尸车");

    await moveRequest(coordinator, { requestId: id, action: "escalate", reason: "涉及多个小区的车辆，需社区协调" }, at(1));
    expect((await requestRow(id)).level).toBe("community");

    // The street moves parking off the compounds' list: the community may not push it down.
    await setParkingOwner("community");
    expect(await refusal(moveRequest(community, { requestId: id, action: "return", reason: "请小区自行处理" }, at(2)))).toMatchObject({
      status: 409,
      key: "request.accessRule",
    });
    await setParkingOwner("compound");
    await moveRequest(community, { requestId: id, action: "return", reason: "属小区物业职责" }, at(3));
    expect((await requestRow(id)).level).toBe("compound");

    await moveRequest(coordinator, { requestId: id, action: "escalate", reason: "物业无执法权" }, at(4));
    await moveRequest(community, { requestId: id, action: "escalate", reason: "需城管执法" }, at(5));
    expect((await requestRow(id)).level).toBe("street");
    expect(await refusal(moveRequest(street, { requestId: id, action: "escalate", reason: "再往上" }, at(6)))).toMatchObject({
      status: 409,
      key: "request.aboveStreet",
    });
    // Someone at another level may not move it; a department may not before it is dispatched there.
    expect(await refusal(moveRequest(community, { requestId: id, action: "accept" }, at(6)))).toMatchObject({ status: 403, key: "request.notYourLevel" });
    expect(await refusal(moveRequest(department, { requestId: id, action: "accept" }, at(6)))).toMatchObject({ status: 404 });

    await moveRequest(street, { requestId: id, action: "dispatch" }, at(7));
    const dispatched = await requestRow(id);
    const cgk = await db()
      .selectFrom("departments")
      .select("id")
      .where("name", "=", "城管科")
      .where("place_id", "=", await placeId("东湖街道"))
      .executeTakeFirstOrThrow();
    expect([dispatched.level, dispatched.department_id, dispatched.office_id]).toEqual(["department", cgk.id, null]);
    await moveRequest(department, { requestId: id, action: "accept" }, at(8));
    await moveRequest(department, { requestId: id, action: "start" }, at(9));
    expect(await refusal(moveRequest(department, { requestId: id, action: "complete", result: "  " }, at(10)))).toMatchObject({ status: 400, field: "result" });

    const files = await storeEvidence([new File([PNG_1PX], "现场.png")]);
    await moveRequest(department, { requestId: id, action: "complete", result: "已拖移僵尸车 3 辆，施划禁停线。", files }, at(30));
    const done = await requestRow(id);
    expect([done.state, done.completed_level, done.due_at]).toEqual(["completed", "department", null]);
    const evidence = await db().selectFrom("request_evidence").selectAll().where("request_id", "=", id).execute();
    expect(evidence).toHaveLength(1);
    expect(fs.readFileSync(path.join(uploadDir(), evidence[0].file)).equals(PNG_1PX)).toBe(true);

    const moves = await movesOf(id);
    expect(moves.map((m) => m.action)).toEqual(["create", "escalate", "return", "escalate", "escalate", "dispatch", "accept", "start", "complete"]);
    expect(moves.map((m) => m.actor_role)).toEqual([
      "coordinator",
      "coordinator",
      "community_staff",
      "coordinator",
      "community_staff",
      "street_staff",
      "department_staff",
      "department_staff",
      "department_staff",
    ]);
    expect(moves[2].reason).toBe("属小区物业职责");
    // Every hand-off froze whether that level kept its deadline.
    expect(moves.filter((m) => ["escalate", "return", "dispatch", "accept", "complete"].includes(m.action)).every((m) => m.on_time === 1)).toBe(true);
    expect(done.escalations).toBe(3);
    expect(done.returns).toBe(1);

    // The department keeps seeing what it handled; residents following the proposal were told of each move.
    const { loadVisibleRequest } = await import("~/features/requests/access.server");
    await expect(loadVisibleRequest(db(), department, id)).resolves.toBeTruthy();
    const residentId = (await actorOf("resident")).userId;
    const told = await db().selectFrom("notifications").select("data").where("user_id", "=", residentId).where("kind", "=", "request").execute();
    expect(told.filter((n) => JSON.parse(n.data ?? "{}").requestId === id).length).toBe(9);
  });

  it("a department sends back to the street with a reason", async () => {
    const id = await newRequest("jobs", at(0));
    const street = await actorOf("streetStaff");
    await setResponsibilities(
      SYSTEM_ACTOR,
      {
        streetId: await placeId("东湖街道"),
        rows: (await responsibilityList(db(), await placeId("东湖街道"))).map((r) => (r.subcategory === "jobs" ? { ...r, departmentId: null } : r)) as never,
      },
      at(0),
    );
    expect(await refusal(moveRequest(street, { requestId: id, action: "dispatch" }, at(1)))).toMatchObject({ status: 409, key: "request.noDepartment" });
    const cgk = await db()
      .selectFrom("departments")
      .select("id")
      .where("name", "=", "城管科")
      .where("place_id", "=", await placeId("东湖街道"))
      .executeTakeFirstOrThrow();
    await setResponsibilities(
      SYSTEM_ACTOR,
      {
        streetId: await placeId("东湖街道"),
        rows: (await responsibilityList(db(), await placeId("东湖街道"))).map((r) => (r.subcategory === "jobs" ? { ...r, departmentId: cgk.id } : r)) as never,
      },
      at(0),
    );
    await moveRequest(street, { requestId: id, action: "dispatch" }, at(1));
    const department = await actorOf("departmentStaff");
    expect(await refusal(moveRequest(department, { requestId: id, action: "send_back", reason: "" }, at(2)))).toMatchObject({ status: 400, field: "reason" });
    await moveRequest(department, { requestId: id, action: "send_back", reason: "不属城管职责，应由民政科办理" }, at(2));
    const r = await requestRow(id);
    expect([r.level, r.state, r.department_id, r.office_id]).toEqual(["street", "received", null, await placeId("东湖街道")]);
  });
});

describe("dispatch by choice", () => {
  it("issue 12 · 19: the street dispatches to the department it chooses; a send-back may name another; another street's department is refused", async () => {
    const street = await actorOf("streetStaff");
    const admin = await actorOf("admin");
    const dep = async (streetName: string, name: string) =>
      (
        await db()
          .selectFrom("departments")
          .select("id")
          .where("name", "=", name)
          .where("place_id", "=", await placeId(streetName))
          .executeTakeFirstOrThrow()
      ).id;
    const [cgk, zjk, xiling] = [await dep("东湖街道", "城管科"), await dep("东湖街道", "住建科"), await dep("西岭街道", "城管科")];
    const id = await newRequest("jobs", at(0), "就业帮扶（派单）"); // lands at the street
    const unchanged = async () => [await requestRow(id), await movesOf(id)];

    // Another street's department, or one that does not exist: refused, nothing written.
    const before = await unchanged();
    expect(await refusal(moveRequest(street, { requestId: id, action: "dispatch", departmentId: xiling }, at(1)))).toMatchObject({
      status: 403,
      key: "request.departmentElsewhere",
      field: "department",
    });
    expect(await refusal(moveRequest(street, { requestId: id, action: "dispatch", departmentId: 999_999 }, at(1)))).toMatchObject({ status: 404 });
    // A department goes only with a dispatch or a send-back.
    expect(await refusal(moveRequest(street, { requestId: id, action: "accept", departmentId: zjk }, at(1)))).toMatchObject({ status: 400 });
    expect(await unchanged()).toEqual(before);

    // The street chooses 住建科, not the list's department.
    await moveRequest(street, { requestId: id, action: "dispatch", departmentId: zjk }, at(1));
    const sent = await requestRow(id);
    expect([sent.level, sent.department_id]).toEqual(["department", zjk]);
    expect((await movesOf(id)).at(-1)!.department_id).toBe(zjk);

    // 住建科 sends it back naming 城管科 (an administrator acts for it here); naming another street's is refused.
    expect(await refusal(moveRequest(admin, { requestId: id, action: "send_back", reason: "应由城管科办理", departmentId: xiling }, at(2)))).toMatchObject({
      status: 403,
      key: "request.departmentElsewhere",
    });
    await moveRequest(admin, { requestId: id, action: "send_back", reason: "应由城管科办理", departmentId: cgk }, at(2));
    const back = (await movesOf(id)).at(-1)!;
    expect([back.action, back.department_id, back.suggested_department_id]).toEqual(["send_back", zjk, cgk]);
    expect((await requestRow(id)).level).toBe("street");
    const { timeline } = await import("~/features/requests/request-queries.server");
    expect((await timeline(db(), id)).at(-1)).toMatchObject({ action: "send_back", suggested_department: "城管科" });

    // The street dispatches it to 城管科, whose staff now hold it.
    await moveRequest(street, { requestId: id, action: "dispatch", departmentId: cgk }, at(3));
    expect((await requestRow(id)).department_id).toBe(cgk);
    await moveRequest(await actorOf("departmentStaff"), { requestId: id, action: "accept" }, at(4));
    expect((await requestRow(id)).state).toBe("accepted");
  });
});

describe("ratings and reopening", () => {
  async function completedParking() {
    const id = await newRequest("parking", at(0));
    const coordinator = await actorOf("coordinator");
    await moveRequest(coordinator, { requestId: id, action: "accept" }, at(1));
    await moveRequest(coordinator, { requestId: id, action: "complete", result: "已划线" }, at(2));
    return id;
  }

  it("one rating per resident, changeable for 14 days; non-residents and latecomers refused", async () => {
    const id = await completedParking();
    const resident = await actorOf("resident");
    await rateRequest(resident, { requestId: id, rating: "basic", change: false }, at(3));
    expect(await refusal(rateRequest(resident, { requestId: id, rating: "satisfied", change: false }, at(4)))).toMatchObject({
      status: 409,
      key: "request.alreadyRated",
    });
    await rateRequest(resident, { requestId: id, rating: "satisfied", change: true }, at(4));
    const rows = await db().selectFrom("request_ratings").selectAll().where("request_id", "=", id).execute();
    expect(rows.map((r) => r.rating)).toEqual(["satisfied"]);
    expect(await refusal(rateRequest(await actorOf("streetStaff"), { requestId: id, rating: "satisfied", change: false }, at(4)))).toMatchObject({
      status: 403,
      key: "request.residentsOnly",
    });
    expect(await refusal(rateRequest(await actorOf("coordinator"), { requestId: id, rating: "satisfied", change: false }, at(4)))).toMatchObject({
      status: 403,
    });
    expect(await refusal(rateRequest(await actorOf("tenant"), { requestId: id, rating: "basic", change: false }, at(2 + 14 * 24 + 1)))).toMatchObject({
      status: 409,
      key: "request.ratingClosed",
    });
    expect(await refusal(rateRequest(await actorOf("newcomer"), { requestId: id, rating: "basic", change: false }, at(5)))).toMatchObject({ status: 404 });
  });

  it("reopens once, to the level that completed it, only when more than half are unsatisfied", async () => {
    const id = await completedParking();
    const coordinator = await actorOf("coordinator");
    await rateRequest(await actorOf("resident"), { requestId: id, rating: "unsatisfied", change: false }, at(3));
    await rateRequest(await actorOf("tenant"), { requestId: id, rating: "satisfied", change: false }, at(3));
    // One of two is not more than half.
    expect(await refusal(moveRequest(coordinator, { requestId: id, action: "reopen", reason: "居民不满意" }, at(4)))).toMatchObject({
      status: 409,
      key: "request.reopenNotAllowed",
    });
    await rateRequest(await actorOf("buildingLead"), { requestId: id, rating: "unsatisfied", change: false }, at(4));
    expect(await refusal(moveRequest(await actorOf("resident"), { requestId: id, action: "reopen", reason: "我不满意" }, at(5)))).toMatchObject({
      status: 403,
    });
    await moveRequest(coordinator, { requestId: id, action: "reopen", reason: "划线位置不合理" }, at(5));
    const r = await requestRow(id);
    expect([r.level, r.state, r.reopened, r.round, r.completed_at]).toEqual(["compound", "accepted", 1, 1, null]);
    await moveRequest(coordinator, { requestId: id, action: "complete", result: "重新划线" }, at(6));
    await rateRequest(await actorOf("resident"), { requestId: id, rating: "unsatisfied", change: false }, at(7));
    expect(await refusal(moveRequest(coordinator, { requestId: id, action: "reopen", reason: "还是不满意" }, at(8)))).toMatchObject({
      status: 409,
      key: "request.reopenUsed",
    });
  });

  it("no reopen after the 14 days", async () => {
    const id = await completedParking();
    await rateRequest(await actorOf("resident"), { requestId: id, rating: "unsatisfied", change: false }, at(3));
    expect(await refusal(moveRequest(await actorOf("coordinator"), { requestId: id, action: "reopen", reason: "晚了" }, at(2 + 15 * 24)))).toMatchObject({
      status: 409,
      key: "request.reopenWindow",
    });
  });
});

describe("deadlines and the clock", () => {
  it("an unaccepted request escalates itself when its deadline passes, recorded as such, and not before", async () => {
    const id = await newRequest("parking", at(0));
    // Deadline: end of Thursday 12-03 in Beijing (16:00 UTC).
    expect(await runRequestJobs(new Date("2026-12-03T15:59:00Z"))).not.toContain(id);
    expect(await runRequestJobs(new Date("2026-12-03T16:01:00Z"))).toContain(id);
    const r = await requestRow(id);
    expect([r.level, r.state, r.escalations]).toEqual(["community", "received", 1]);
    const last = (await movesOf(id)).at(-1)!;
    expect([last.action, last.actor_role, last.actor_id, last.on_time]).toEqual(["auto_escalate", "system", null, 0]);
    // The community's own deadline starts when it arrived (Friday 00:01 in Beijing): Monday, Tuesday, Wednesday.
    expect(r.accept_due).toBe("2026-12-09T16:00:00.000Z");
  });

  it("a street's overdue request stays flagged (there is no level above), an accepted one is flagged past completion", async () => {
    const id = await newRequest("jobs", at(0));
    await runRequestJobs(new Date("2026-12-20T00:00:00Z"));
    expect((await requestRow(id)).level).toBe("street");
    const { isOverdue } = await import("~/domain/request-kinds");
    expect(isOverdue(await requestRow(id), "2026-12-20T00:00:00Z")).toBe(true);
    const p = await newRequest("parking", at(0));
    await moveRequest(await actorOf("coordinator"), { requestId: p, action: "accept" }, at(1));
    const accepted = await requestRow(p);
    expect(isOverdue(accepted, "2026-12-14T00:00:00Z")).toBe(false);
    expect(isOverdue(accepted, "2026-12-16T00:00:00Z")).toBe(true);
  });

  it("counts a holiday and a make-up working day the administrator listed", async () => {
    // Thursday 12-03 made a holiday, Saturday 12-05 a working day: received Tuesday with 2 days → Friday 12-04;
    await addCalendarDay(SYSTEM_ACTOR, { date: "2026-12-03", kind: "holiday", note: "测试假日" }, at(0));
    const a = await requestRow(await newRequest("parking", at(0)));
    expect(a.accept_due).toBe("2026-12-04T16:00:00.000Z");
    // with the Saturday a working day, from Thursday night 2 days → Friday, then the make-up Saturday.
    await addCalendarDay(SYSTEM_ACTOR, { date: "2026-12-05", kind: "workday", note: "调休" }, at(0));
    const b = await requestRow(await newRequest("parking", new Date("2026-12-02T13:00:00Z")));
    expect(b.accept_due).toBe("2026-12-05T16:00:00.000Z");
    expect(await refusal(addCalendarDay(SYSTEM_ACTOR, { date: "2026-12-05", kind: "workday", note: "" }, at(0)))).toMatchObject({ status: 409 });
    expect(await refusal(addCalendarDay(SYSTEM_ACTOR, { date: "2026-12-06", kind: "holiday", note: "" }, at(0)))).toMatchObject({ status: 400 });
    expect(await refusal(addCalendarDay(await actorOf("streetStaff"), { date: "2026-12-07", kind: "holiday", note: "" }, at(0)))).toMatchObject({
      status: 403,
    });
  });
});

describe("evidence", () => {
  it("takes images by their content, refuses a disguised text file and one over 5 MB, and writes nothing then", async () => {
    const before = fs.existsSync(uploadDir()) ? fs.readdirSync(uploadDir()).length : 0;
    expect(await refusal(storeEvidence([new File([PNG_1PX], "a.png"), new File(["not a picture"], "b.jpg")]))).toMatchObject({
      status: 400,
      key: "evidence.notImage",
    });
    const big = Buffer.concat([PNG_1PX, Buffer.alloc(5 * 1024 * 1024)]);
    expect(await refusal(storeEvidence([new File([big], "big.png")]))).toMatchObject({ status: 413, key: "evidence.tooBig" });
    expect(fs.existsSync(uploadDir()) ? fs.readdirSync(uploadDir()).length : 0).toBe(before);
  });
});

describe("inboxes", () => {
  it("show each office what is at its level, filter by state, category, compound and lateness, and count the late", async () => {
    const { inbox } = await import("~/features/requests/queries.server");
    const street = await placeId("东湖街道");
    const community = await placeId("幸福里社区");
    const xingfu = await placeId("幸福里小区");
    const a = await newRequest("jobs", at(0), "就业帮扶一"); // lands at the street
    const b = await newRequest("jobs", at(0), "就业帮扶二");
    await moveRequest(await actorOf("streetStaff"), { requestId: b, action: "accept" }, at(1));
    const open = { state: "open" as const, category: null, compoundId: null, overdue: false, page: 1 };
    const later = new Date("2026-12-20T00:00:00Z"); // a's accept deadline has passed; b's completion one has not
    const s = await inbox(db(), { level: "street", id: street }, open, later);
    const ids = s.rows.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([a, b]));
    expect(ids.indexOf(a)).toBeLessThan(ids.indexOf(b)); // by deadline
    expect(s.overdue).toBeGreaterThanOrEqual(1);
    const lateOnly = await inbox(db(), { level: "street", id: street }, { ...open, overdue: true }, later);
    expect(lateOnly.rows.map((r) => r.id)).toContain(a);
    expect(lateOnly.rows.map((r) => r.id)).not.toContain(b);
    expect(lateOnly.overdue).toBe(s.overdue);
    expect((await inbox(db(), { level: "street", id: street }, { ...open, state: "accepted" }, later)).rows.map((r) => r.id)).toEqual([b]);
    expect((await inbox(db(), { level: "street", id: street }, { ...open, category: "housing" }, later)).rows.map((r) => r.id)).not.toContain(a);
    expect((await inbox(db(), { level: "street", id: street }, { ...open, compoundId: xingfu }, later)).rows.map((r) => r.id)).toContain(a);
    // The compound filter offers the compounds with work waiting here, and the one filtered by.
    const { compoundsOf } = await import("~/features/requests/queries.server");
    expect((await compoundsOf(db(), { level: "street", id: street }, null)).map((c) => c.id)).toEqual([xingfu]);
    const other = await placeId("锦绣花园");
    expect((await compoundsOf(db(), { level: "street", id: street }, other)).map((c) => c.id).sort()).toEqual([xingfu, other].sort());
    // The community's inbox and another street's hold none of them.
    expect((await inbox(db(), { level: "community", id: community }, open, later)).rows.map((r) => r.id)).not.toContain(a);
    expect((await inbox(db(), { level: "street", id: await placeId("西岭街道") }, open, later)).total).toBe(0);
  });
});

describe("what went on from an office, what waits below it, and search", () => {
  it("issue 12 · 18: an escalated request stays in the sending levels' 已上报 view with where it is now; a street sees what waits below it", async () => {
    const { listRequests } = await import("~/features/requests/queries.server");
    const [street, community, xingfu] = [await placeId("东湖街道"), await placeId("幸福里社区"), await placeId("幸福里小区")];
    const open = { state: "open" as const, category: null, compoundId: null, overdue: false, page: 1 };
    const list = async (kind: "office" | "passed" | "below", level: "compound" | "community" | "street" | "department", id: number, f = open) =>
      (await listRequests(db(), { kind, office: { level, id } }, f, at(10))).rows;
    const ids = async (...args: Parameters<typeof list>) => (await list(...args)).map((r) => r.id);

    const p = await newRequest("parking", at(0), "上报走向测试"); // the compound's
    const q = await newRequest("elevator", at(0), "社区待办测试"); // the community's
    await moveRequest(await actorOf("coordinator"), { requestId: p, action: "escalate", reason: "需社区协调" }, at(1));
    await moveRequest(await actorOf("communityStaff"), { requestId: p, action: "escalate", reason: "需街道执法" }, at(2));

    // Gone from the compound's and the community's inboxes, kept in what they sent up, with its place now.
    expect(await ids("office", "compound", xingfu)).not.toContain(p);
    const sentByCompound = (await list("passed", "compound", xingfu)).find((r) => r.id === p);
    expect(sentByCompound).toMatchObject({ level: "street", place: "东湖街道", state: "received" });
    expect(await ids("passed", "community", community)).toContain(p);
    // A coordinator holding the compound level for the whole community sees it too.
    expect(await ids("passed", "compound", community)).toContain(p);
    // Waiting at the street: in its inbox, not among what it sent on.
    expect(await ids("office", "street", street)).toContain(p);
    expect(await ids("passed", "street", street)).not.toContain(p);
    // Never at the community level: q is not among what the compound sent up.
    expect(await ids("passed", "compound", xingfu)).not.toContain(q);

    // The street dispatches it: it is among what the street sent on, at the department, and still the compound's.
    await moveRequest(await actorOf("streetStaff"), { requestId: p, action: "dispatch" }, at(3));
    expect((await list("passed", "street", street)).find((r) => r.id === p)).toMatchObject({ level: "department", place: "城管科" });
    expect((await list("passed", "compound", xingfu)).find((r) => r.id === p)).toMatchObject({ level: "department", place: "城管科" });
    // The department sends it back: among what the department sent on, back at the street.
    const cgk = (await db().selectFrom("departments").select("id").where("name", "=", "城管科").where("place_id", "=", street).executeTakeFirstOrThrow()).id;
    await moveRequest(await actorOf("departmentStaff"), { requestId: p, action: "send_back", reason: "需先由街道协调" }, at(4));
    expect((await list("passed", "department", cgk)).find((r) => r.id === p)).toMatchObject({ level: "street", state: "received" });
    expect(await ids("office", "department", cgk)).not.toContain(p);

    // Below: the street sees what waits at its communities and compounds, the community what waits at its compounds.
    const r = await newRequest("garbage", at(0), "小区待办测试"); // the compound's
    expect(await ids("below", "street", street)).toEqual(expect.arrayContaining([q, r]));
    expect(await ids("below", "street", street)).not.toContain(p);
    expect(await ids("below", "community", community)).toContain(r);
    expect(await ids("below", "community", community)).not.toContain(q);
    expect(await ids("below", "compound", xingfu)).toEqual([]);
    // Nothing of another area.
    const [xiling, chunhui] = [await placeId("西岭街道"), await placeId("春晖社区")];
    for (const kind of ["office", "passed", "below"] as const) {
      expect(await ids(kind, "street", xiling), kind).toEqual([]);
      expect(await ids(kind, "community", chunhui), kind).toEqual([]);
    }
  });

  it("issue 12 · 18: a search finds by title or number within the office's scope; % and _ are taken literally", async () => {
    const { listRequests } = await import("~/features/requests/queries.server");
    const { containsPattern } = await import("../../db/like");
    const street = await placeId("东湖街道");
    const a = await newRequest("jobs", at(0), "就业补贴发放100%到位");
    const b = await newRequest("jobs", at(0), "就业补贴发放100元到位");
    const c = await newRequest("jobs", at(0), "岗位_技能培训");
    const d = await newRequest("jobs", at(0), "岗位技能培训");
    const find = async (q: string, id = street) =>
      (
        await listRequests(
          db(),
          { kind: "office", office: { level: "street", id } },
          { state: "open", category: null, compoundId: null, overdue: false, page: 1, q },
          at(1),
        )
      ).rows.map((r) => r.id);
    expect(await find("补贴发放")).toEqual(expect.arrayContaining([a, b]));
    expect(await find("100%")).toEqual([a]);
    expect(await find("岗位_")).toEqual([c]);
    expect(await find("岗位技能")).toEqual([d]);
    expect(await find(`#${b}`)).toEqual([b]);
    expect(await find(String(d))).toContain(d);
    // Another street's inbox finds none of them, by title or by number.
    const xiling = await placeId("西岭街道");
    expect(await find("补贴发放", xiling)).toEqual([]);
    expect(await find(String(a), xiling)).toEqual([]);
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });
});
