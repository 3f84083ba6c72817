// Bad input to the service-request pages, through their actions: each refusal has a status and a message,
// and changes no row.
import { afterEach, describe, expect, it } from "vitest";
import { now as clockNow, moveClock, resetClock } from "~/clock.server";
import { getDb } from "~/db.server";
import { action as newRequestAction } from "~/routes/resolutions.$id.requests.new";
import { action as requestAction } from "~/routes/requests.$id._index";
import { action as inboxAction } from "~/routes/requests._index";
import { action as rulesAction } from "~/routes/admin.rules";
import { SYSTEM_ACTOR } from "~/features/errors";
import { setResponsibilities } from "~/features/requests/rules-commands.server";
import { responsibilityList } from "~/features/requests/rules-queries.server";
import { moveRequest, rateRequest } from "~/features/requests/commands.server";
import { type Persona, callAction, cookieFor, placeId } from "../support/routes";
import { PNG_1PX, demoResolution, newRequest, requestRow } from "../support/requests";
import { actorOf } from "../support/services";

const db = () => getDb();
afterEach(() => resetClock());

/** Every row of the request tables, to prove a refusal wrote nothing. */
async function requestTables() {
  const parts = [];
  for (const t of ["requests", "request_moves", "request_evidence", "request_ratings", "responsibilities", "work_calendar", "level_deadlines"] as const) {
    parts.push(JSON.stringify(await db().selectFrom(t).selectAll().execute()));
  }
  return parts.join("\n");
}

async function post(persona: Persona, id: number, form: Record<string, string> | FormData) {
  const before = await requestTables();
  const r = await callAction(requestAction, `/requests/${id}`, form, { id: String(id) }, await cookieFor(persona));
  const failure = r.data as { formError?: { key: string }; fieldErrors?: Record<string, { key: string }> };
  if (r.status >= 400) expect(await requestTables(), "a refusal changed nothing").toBe(before);
  return { status: r.status, key: failure?.formError?.key, fields: failure?.fieldErrors ?? {} };
}

const now = () => clockNow();

async function atStreet() {
  const id = await newRequest("parking", now());
  await moveRequest(await actorOf("coordinator"), { requestId: id, action: "escalate", reason: "上报" }, now());
  await moveRequest(await actorOf("communityStaff"), { requestId: id, action: "escalate", reason: "上报" }, now());
  return id;
}

async function completed() {
  const id = await newRequest("parking", now());
  const c = await actorOf("coordinator");
  await moveRequest(c, { requestId: id, action: "accept" }, now());
  await moveRequest(c, { requestId: id, action: "complete", result: "已办结" }, now());
  return id;
}

function completion(file: File | null, result = "已办结") {
  const f = new FormData();
  f.set("intent", "move");
  f.set("action", "complete");
  f.set("result", result);
  if (file) f.append("evidence", file);
  return f;
}

describe("moves refused", () => {
  it("a return the responsibility list forbids (社区准入制): 409 with a message that says so", async () => {
    const id = await newRequest("elevator", now()); // the community's on 东湖街道's list
    const r = await post("communityStaff", id, { intent: "move", action: "return", reason: "请小区办理" });
    expect(r).toMatchObject({ status: 409, key: "request.accessRule" });
  });

  it("an escalation above the street", async () => {
    const id = await atStreet();
    expect(await post("streetStaff", id, { intent: "move", action: "escalate", reason: "再上报" })).toMatchObject({ status: 409, key: "request.aboveStreet" });
  });

  it("a move by someone at another level (403) or of another place (404)", async () => {
    const id = await newRequest("parking", now());
    expect(await post("communityStaff", id, { intent: "move", action: "accept" })).toMatchObject({ status: 403, key: "request.notYourLevel" });
    expect(await post("streetStaff", id, { intent: "move", action: "accept" })).toMatchObject({ status: 403 });
    expect((await post("communityCoordinator", id, { intent: "move", action: "accept" })).status).toBe(404);
    expect((await post("departmentStaff", id, { intent: "move", action: "accept" })).status).toBe(404);
  });

  it("completing without a result", async () => {
    const id = await newRequest("parking", now());
    await moveRequest(await actorOf("coordinator"), { requestId: id, action: "accept" }, now());
    const r = await post("coordinator", id, completion(null, "   "));
    expect(r.status).toBe(400);
    expect(r.fields.result?.key).toBe("request.resultRequired");
  });

  it("an upload that is not an image, and one too big: refused with the file's name, nothing written", async () => {
    const id = await newRequest("parking", now());
    await moveRequest(await actorOf("coordinator"), { requestId: id, action: "accept" }, now());
    const text = await post("coordinator", id, completion(new File(["<html>hello</html>"], "照片.jpg", { type: "image/jpeg" })));
    expect(text.status).toBe(400);
    expect(text.fields.evidence?.key).toBe("evidence.notImage");
    const big = await post("coordinator", id, completion(new File([PNG_1PX, new Uint8Array(5 * 1024 * 1024)], "大图.png", { type: "image/png" })));
    expect(big.status).toBe(413);
    expect(big.fields.evidence?.key).toBe("evidence.tooBig");
    expect((await requestRow(id)).state).toBe("accepted");
    // A real photo goes through.
    const ok = await post("coordinator", id, completion(new File([PNG_1PX], "现场.png", { type: "image/png" })));
    expect(ok.status).toBe(302);
    expect((await requestRow(id)).state).toBe("completed");
  });

  it("an unknown action, a double submit, a stranger's id", async () => {
    const id = await newRequest("parking", now());
    expect((await post("coordinator", id, { intent: "move", action: "fly" })).status).toBe(400);
    expect((await post("coordinator", id, { intent: "move", action: "accept" })).status).toBe(302);
    expect(await post("coordinator", id, { intent: "move", action: "accept" })).toMatchObject({ status: 409, key: "request.illegal" });
    expect((await post("coordinator", 999_999, { intent: "move", action: "accept" })).status).toBe(404);
  });
});

describe("ratings and reopening refused", () => {
  it("a rating by a non-resident, a second rating, a rating after 14 days", async () => {
    const id = await completed();
    expect(await post("streetStaff", id, { intent: "rate", rating: "satisfied" })).toMatchObject({ status: 403, key: "request.residentsOnly" });
    expect((await post("resident", id, { intent: "rate", rating: "great" })).status).toBe(400);
    expect((await post("resident", id, { intent: "rate", rating: "satisfied", change: "0" })).status).toBe(302);
    expect(await post("resident", id, { intent: "rate", rating: "unsatisfied", change: "0" })).toMatchObject({ status: 409, key: "request.alreadyRated" });
    moveClock(15 * 86_400_000);
    expect(await post("buildingLead", id, { intent: "rate", rating: "basic", change: "0" })).toMatchObject({ status: 409, key: "request.ratingClosed" });
  });

  it("a reopen when not allowed, and a second reopen", async () => {
    const id = await completed();
    expect(await post("coordinator", id, { intent: "reopen", reason: "居民有意见" })).toMatchObject({ status: 409, key: "request.reopenNotAllowed" });
    await rateRequest(await actorOf("resident"), { requestId: id, rating: "unsatisfied", change: false }, now());
    expect((await post("coordinator", id, { intent: "reopen", reason: "" })).status).toBe(400);
    expect(await post("resident", id, { intent: "reopen", reason: "我要重办" })).toMatchObject({ status: 403 });
    expect((await post("coordinator", id, { intent: "reopen", reason: "居民不满意" })).status).toBe(302);
    await moveRequest(await actorOf("coordinator"), { requestId: id, action: "complete", result: "再次办结" }, now());
    await rateRequest(await actorOf("resident"), { requestId: id, rating: "unsatisfied", change: false }, now());
    expect(await post("coordinator", id, { intent: "reopen", reason: "还是不满意" })).toMatchObject({ status: 409, key: "request.reopenUsed" });
  });
});

describe("creating, bulk accepting, rules", () => {
  it("a request with no title, a malformed budget or an unknown sub-category keeps what was typed", async () => {
    const res = await demoResolution();
    const before = await requestTables();
    const r = await callAction(
      newRequestAction,
      `/resolutions/${res.id}/requests/new`,
      { title: "", body: "说明", subcategory: "rockets", budget: "12,3.456", funding: "other" },
      { id: String(res.id) },
      await cookieFor("coordinator"),
    );
    expect(r.status).toBe(400);
    const d = r.data as { fieldErrors: Record<string, { key: string }>; values: Record<string, string> };
    expect(Object.keys(d.fieldErrors).sort()).toEqual(["budget", "subcategory", "title"]);
    expect(d.values.body).toBe("说明");
    expect(await requestTables()).toBe(before);
    const long = await callAction(
      newRequestAction,
      `/resolutions/${res.id}/requests/new`,
      { title: "长".repeat(81), body: "x", subcategory: "parking", budget: "1", funding: "other" },
      { id: String(res.id) },
      await cookieFor("coordinator"),
    );
    expect(long.status).toBe(400);
  });

  it("bulk accept takes what is at the office's level and skips the rest", async () => {
    const mine = await newRequest("elevator", now());
    const notMine = await newRequest("parking", now());
    const r = await callAction(
      inboxAction,
      "/requests",
      new URLSearchParams([
        ["ids", String(mine)],
        ["ids", String(notMine)],
        ["ids", "999999"],
        ["back", "/requests"],
      ]) as never,
      {},
      await cookieFor("communityStaff"),
    );
    expect(r.status).toBe(302);
    expect((await requestRow(mine)).state).toBe("accepted");
    expect((await requestRow(notMine)).state).toBe("received");
  });

  it("rules: a malformed date or days out of range are 400; a list naming another street's department is 400", async () => {
    const cookie = await cookieFor("admin");
    expect((await callAction(rulesAction, "/admin/rules", { intent: "add-day", date: "2026-02-30", kind: "holiday" }, {}, cookie)).status).toBe(400);
    expect((await callAction(rulesAction, "/admin/rules", { intent: "deadlines", "accept-compound": "-1" }, {}, cookie)).status).toBe(400);
    const xiling = await db()
      .selectFrom("departments")
      .select("id")
      .where("place_id", "=", await placeId("西岭街道"))
      .executeTakeFirstOrThrow();
    const street = await placeId("东湖街道");
    const list = await responsibilityList(db(), street);
    const { refusal } = await import("../support/services");
    expect(
      await refusal(setResponsibilities(SYSTEM_ACTOR, { streetId: street, rows: list.map((x) => ({ ...x, departmentId: xiling.id })) as never }, now())),
    ).toMatchObject({ status: 400, key: "rules.departmentElsewhere" });
  });
});

describe("uploads are read only from the holder, within limits", () => {
  it("a multipart form from someone who does not hold the request is refused before it is read", async () => {
    const id = await newRequest("parking", now());
    const f = completion(new File([PNG_1PX], "a.png"));
    f.set("intent", "rate");
    expect((await post("resident", id, f)).status).toBe(403);
  });

  it("a seventh photo is not kept in memory: the form is refused with a message", async () => {
    const id = await newRequest("parking", now());
    await moveRequest(await actorOf("coordinator"), { requestId: id, action: "accept" }, now());
    const f = completion(null);
    for (let i = 0; i < 7; i++) f.append("evidence", new File([PNG_1PX], `${i}.png`, { type: "image/png" }));
    const r = await post("coordinator", id, f);
    expect(r.status).toBe(400);
    expect(r.fields.evidence?.key).toBe("evidence.tooMany");
  });

  it("a request the administrator created is recorded as theirs, a reopen clears the old result, and phones in public text are masked", async () => {
    const res = await demoResolution();
    const { createRequest } = await import("~/features/requests/commands.server");
    const { id } = await createRequest(
      await actorOf("admin"),
      { resolutionId: res.id, title: "管理员立项", body: "x", subcategory: "parking", budgetFen: 1, funding: "other" },
      now(),
    );
    const first = await db().selectFrom("request_moves").select("actor_role").where("request_id", "=", id).executeTakeFirstOrThrow();
    expect(first.actor_role).toBe("admin");
    const c = await actorOf("coordinator");
    await moveRequest(c, { requestId: id, action: "accept" }, now());
    await moveRequest(c, { requestId: id, action: "complete", result: "已联系业主 13912345678 处理" }, now());
    const { openRequest } = await import("~/features/open-data/page.server");
    expect((await openRequest(id))?.result).toBe("已联系业主 139****5678 处理");
    await rateRequest(await actorOf("resident"), { requestId: id, rating: "unsatisfied", change: false }, now());
    await moveRequest(c, { requestId: id, action: "reopen", reason: "不满意" }, now());
    const r = await requestRow(id);
    expect([r.state, r.result, r.result_html]).toEqual(["accepted", null, null]);
  });
});
