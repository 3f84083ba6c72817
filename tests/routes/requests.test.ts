// The service-request pages through their loaders and actions, as the people who use them: the links a
// request page offers, the new-request form's defaults, the inbox's views and search, dispatch by choice.
import { describe, expect, it } from "vitest";
import { now } from "~/clock.server";
import { getDb } from "~/db.server";
import { categoryOf } from "~/domain/request-kinds";
import { loader as placeLoader } from "~/routes/places.$id._index";
import { loader as proposalLoader } from "~/routes/proposals.$id._index";
import { loader as resolutionLoader } from "~/routes/resolutions.$id._index";
import { action as newRequestAction, loader as newRequestLoader } from "~/routes/resolutions.$id.requests.new";
import { loader as requestLoader, action as requestAction } from "~/routes/requests.$id._index";
import { moveRequest } from "~/features/requests/commands.server";
import { loader as inboxLoader } from "~/routes/requests._index";
import { type Persona, callAction, callLoader, cookieFor, placeId } from "../support/routes";
import { demoResolution, movesOf, newRequest, requestRow } from "../support/requests";
import { actorOf } from "../support/services";

const db = () => getDb();

/** A parking request carried up to the street and dispatched to its 城管科 (the department staff's). */
async function atDepartment(title = "派往城管科的项目") {
  const id = await newRequest("parking", now(), title);
  await moveRequest(await actorOf("coordinator"), { requestId: id, action: "escalate", reason: "需社区协调" }, now());
  await moveRequest(await actorOf("communityStaff"), { requestId: id, action: "escalate", reason: "需街道执法" }, now());
  await moveRequest(await actorOf("streetStaff"), { requestId: id, action: "dispatch" }, now());
  return id;
}

describe("links on a request page", () => {
  it("issue 12 · 22: the page links only to pages the viewer may open (department staff get neither /places nor /proposals; the resolution is public, issue 12 · 16)", async () => {
    const id = await atDepartment();
    const r = await requestRow(id);
    const targets = {
      compound: { loader: placeLoader, path: `/places/${r.compound_id}`, id: r.compound_id },
      resolution: { loader: resolutionLoader, path: `/resolutions/${r.resolution_id}`, id: r.resolution_id },
      proposal: { loader: proposalLoader, path: `/proposals/${r.proposal_id}`, id: r.proposal_id },
    } as const;
    const seen: Record<string, Record<string, boolean>> = {};
    for (const persona of ["departmentStaff", "streetStaff", "resident", "coordinator"] as Persona[]) {
      const cookie = await cookieFor(persona);
      const page = await callLoader(requestLoader, `/requests/${id}`, { id: String(id) }, cookie);
      expect(page.status, persona).toBe(200);
      const links = (page.data as { links: Record<keyof typeof targets, boolean> }).links;
      seen[persona] = links;
      // Shown exactly when the page behind it opens for this person.
      for (const [k, target] of Object.entries(targets)) {
        const opened = await callLoader(target.loader, target.path, { id: String(target.id) }, cookie);
        expect([persona, k, links[k as keyof typeof targets]]).toEqual([persona, k, opened.status === 200]);
      }
    }
    expect(seen.departmentStaff).toEqual({ compound: false, resolution: true, proposal: false });
    expect(seen.resident).toEqual({ compound: true, resolution: true, proposal: true });
  });
});

describe("a new request from a resolution", () => {
  it("issue 12 · 20: the category comes from the resolution's proposal unless the coordinator changes it", async () => {
    const res = await demoResolution();
    const proposal = await db().selectFrom("proposals").select("category").where("id", "=", res.proposal_id).executeTakeFirstOrThrow();
    const cookie = await cookieFor("coordinator");
    const path = `/resolutions/${res.id}/requests/new`;
    const page = await callLoader(newRequestLoader, path, { id: String(res.id) }, cookie);
    const defaults = (page.data as { defaults: { category: string; subcategory: string } }).defaults;
    expect(proposal.category).toBe("safety");
    expect(defaults.category).toBe(proposal.category);
    expect(categoryOf(defaults.subcategory as never)).toBe(proposal.category);

    // Sent as the form comes: the proposal's category is kept.
    const form = { title: "单元门禁维护", body: "说明", budget: "100", funding: "other", category: defaults.category, subcategory: defaults.subcategory };
    const kept = await callAction(newRequestAction, path, form, { id: String(res.id) }, cookie);
    expect(kept.status).toBe(302);
    const keptId = Number(/requests\/(\d+)/.exec(kept.location!)![1]);
    expect((await requestRow(keptId)).category).toBe("safety");

    // Changed by the coordinator: their choice.
    const changed = await callAction(newRequestAction, path, { ...form, category: "housing", subcategory: "parking" }, { id: String(res.id) }, cookie);
    expect((await requestRow(Number(/requests\/(\d+)/.exec(changed.location!)![1]))).category).toBe("housing");

    // A category changed without JavaScript while a sub-category of another stays selected: said, not guessed.
    const before = await db()
      .selectFrom("requests")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const mixed = await callAction(newRequestAction, path, { ...form, category: "housing", subcategory: "security" }, { id: String(res.id) }, cookie);
    expect(mixed.status).toBe(400);
    expect((mixed.data as { fieldErrors: Record<string, { key: string }> }).fieldErrors.subcategory.key).toBe("request.subcategoryMismatch");
    expect(
      await db()
        .selectFrom("requests")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  });
});

describe("dispatch from the request page", () => {
  const dep = async (streetName: string, name: string) =>
    (
      await db()
        .selectFrom("departments")
        .select("id")
        .where("name", "=", name)
        .where("place_id", "=", await placeId(streetName))
        .executeTakeFirstOrThrow()
    ).id;
  type Page = {
    dispatch: { departments: { id: number; name: string }[]; selected: number | null; listed: string | null; suggested: string | null } | null;
    sendBack: { departments: { id: number; name: string }[] } | null;
  };

  it("issue 12 · 19: the street picks among its own departments in a plain form; another street's is refused (403)", async () => {
    const id = await newRequest("jobs", now(), "就业帮扶（页面派单）"); // at the street; the list names 民政科
    const cookie = await cookieFor("streetStaff");
    const page = (await callLoader(requestLoader, `/requests/${id}`, { id: String(id) }, cookie)).data as Page;
    expect(page.dispatch!.departments.map((d) => d.name).sort()).toEqual(["住建科", "民政科", "城管科"].sort());
    expect(page.dispatch!.selected).toBe(await dep("东湖街道", "民政科"));
    expect(page.dispatch!.listed).toBe("民政科");

    const form = (department: number) => ({ intent: "move", action: "dispatch", department: String(department) });
    const before = [await requestRow(id), await movesOf(id)];
    const foreign = await callAction(requestAction, `/requests/${id}`, form(await dep("西岭街道", "城管科")), { id: String(id) }, cookie);
    expect(foreign.status).toBe(403);
    expect((foreign.data as { formError: { key: string } }).formError.key).toBe("request.departmentElsewhere");
    expect([await requestRow(id), await movesOf(id)]).toEqual(before);
    expect(
      (await callAction(requestAction, `/requests/${id}`, { intent: "move", action: "dispatch", department: "abc" }, { id: String(id) }, cookie)).status,
    ).toBe(400);

    const zjk = await dep("东湖街道", "住建科");
    const ok = await callAction(requestAction, `/requests/${id}`, form(zjk), { id: String(id) }, cookie);
    expect(ok.status).toBe(302);
    expect((await requestRow(id)).department_id).toBe(zjk);
  });

  it("issue 12 · 19: a department's send-back names another department, which the street's form then starts with", async () => {
    const id = await atDepartment("派往城管科后退回");
    const mzk = await dep("东湖街道", "民政科");
    const dept = await cookieFor("departmentStaff");
    const held = (await callLoader(requestLoader, `/requests/${id}`, { id: String(id) }, dept)).data as Page;
    // The department may name any other department of the street, not itself.
    expect(held.sendBack!.departments.map((d) => d.name).sort()).toEqual(["住建科", "民政科"].sort());
    const sent = await callAction(
      requestAction,
      `/requests/${id}`,
      { intent: "move", action: "send_back", reason: "属民政科职责", department: String(mzk) },
      { id: String(id) },
      dept,
    );
    expect(sent.status).toBe(302);
    const street = (await callLoader(requestLoader, `/requests/${id}`, { id: String(id) }, await cookieFor("streetStaff"))).data as Page & {
      moves: { action: string; suggested_department: string | null }[];
    };
    expect(street.dispatch).toMatchObject({ selected: mzk, suggested: "民政科", listed: "城管科" });
    expect(street.moves.at(-1)).toMatchObject({ action: "send_back", suggested_department: "民政科" });
    // Without a suggestion the send-back still goes through ("" names none).
    const again = await atDepartment("退回不指定部门");
    expect(
      (
        await callAction(
          requestAction,
          `/requests/${again}`,
          { intent: "move", action: "send_back", reason: "不属本科室", department: "" },
          { id: String(again) },
          dept,
        )
      ).status,
    ).toBe(302);
  });

  it("issue 12 · 19: a dispatch names its department, and a send-back never suggests the sender", async () => {
    const id = await newRequest("jobs", now(), "就业帮扶（未选部门）");
    const street = await cookieFor("streetStaff");
    const before = [await requestRow(id), await movesOf(id)];
    const none = await callAction(requestAction, `/requests/${id}`, { intent: "move", action: "dispatch" }, { id: String(id) }, street);
    expect(none.status).toBe(400);
    expect((none.data as { fieldErrors: Record<string, { key: string }> }).fieldErrors.department.key).toBe("request.chooseDepartment");
    expect([await requestRow(id), await movesOf(id)]).toEqual(before);

    const held = await atDepartment("退回时建议本科室");
    const self = (await requestRow(held)).department_id!;
    const dept = await cookieFor("departmentStaff");
    const snap = [await requestRow(held), await movesOf(held)];
    const back = await callAction(
      requestAction,
      `/requests/${held}`,
      { intent: "move", action: "send_back", reason: "不属本科室", department: String(self) },
      { id: String(held) },
      dept,
    );
    expect(back.status).toBe(400);
    expect((back.data as { formError: { key: string } }).formError.key).toBe("request.suggestSelf");
    expect([await requestRow(held), await movesOf(held)]).toEqual(snap);
  });
});

describe("the inbox's views and search", () => {
  type Inbox = {
    views: string[];
    filter: { view: string; q: string; page: number; state: string; compoundId: number | null };
    rows: { id: number; level: string; place: string; state: string }[];
  };
  const inbox = async (persona: Persona, query: string) => {
    const r = await callLoader(inboxLoader, `/requests${query}`, {}, await cookieFor(persona));
    expect(r.status, query).toBe(200);
    return r.data as Inbox;
  };

  it("issue 12 · 18: the coordinator's 已上报 view keeps the escalated request with where it is now; the street's 下级待办 shows what waits at its communities", async () => {
    const id = await newRequest("parking", now(), "上报后仍可查看");
    await moveRequest(await actorOf("coordinator"), { requestId: id, action: "escalate", reason: "需社区协调" }, now());
    expect((await inbox("coordinator", "")).rows.map((r) => r.id)).not.toContain(id);
    const up = await inbox("coordinator", "?view=up");
    expect(up.views).toEqual(["here", "up"]);
    expect(up.rows.find((r) => r.id === id)).toMatchObject({ level: "community", place: "幸福里社区", state: "received" });
    const below = await inbox("streetStaff", "?view=below");
    expect(below.views).toEqual(["here", "up", "below"]);
    expect(below.rows.find((r) => r.id === id)).toMatchObject({ level: "community", place: "幸福里社区" });
    // A view an office does not have is its inbox.
    expect((await inbox("coordinator", "?view=below")).filter.view).toBe("here");
  });

  it("issue 12 · 18: search by title or number, parsed leniently: junk parameters fall back to their defaults", async () => {
    const id = await newRequest("parking", now(), "搜索测试：消防通道划线");
    expect((await inbox("coordinator", `?q=${encodeURIComponent("消防通道划线")}`)).rows.map((r) => r.id)).toEqual([id]);
    expect((await inbox("coordinator", `?q=${encodeURIComponent(`#${id}`)}`)).rows.map((r) => r.id)).toEqual([id]);
    // A search stays within the view: the street finds it among what waits below, not in its own inbox.
    expect((await inbox("streetStaff", `?q=${encodeURIComponent("消防通道划线")}`)).rows).toEqual([]);
    expect((await inbox("streetStaff", `?view=below&q=${encodeURIComponent("消防通道划线")}`)).rows.map((r) => r.id)).toEqual([id]);
    const junk = await inbox("coordinator", `?view=sideways&state=lost&category=x&compound=abc&overdue=yes&page=-3&q=${"长".repeat(200)}`);
    expect(junk.filter).toMatchObject({ view: "here", state: "open", page: 1, compoundId: null });
    expect(junk.filter.q).toHaveLength(80);
  });
});
