// Administrators' pages: every request of the deployment at a glance, and any role granted at any place from
// /admin/roles with a place picker that works without script.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { action as rolesAction, loader as rolesLoader } from "~/routes/admin.roles";
import { loader as overview } from "~/routes/admin.requests";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { callAction, callLoader, cookieFor, placeId, snapshot } from "../support/routes";

type Row = { id: number; state: string; level: string; category: string; compound: string };
type Overview = { items: Row[]; older: string | null; newest: string | null; filter: Record<string, string> };

describe("issue 12 · 24: the administrators' overview of requests", () => {
  it("issue 12 · 24: lists every request, filters by state, level and category, pages by 20", async () => {
    const db = getDb();
    const cookie = await cookieFor("admin");
    const all = await db.selectFrom("requests").select(["id", "state", "level", "category"]).orderBy("id", "desc").execute();
    const first = (await callLoader(overview, "/admin/requests", {}, cookie)).data as Overview;
    expect(first.items.map((r) => r.id)).toEqual(all.slice(0, 20).map((r) => r.id));
    expect(first.items[0].compound).toBeTruthy();
    // Enough requests for two pages, then walk them.
    const sample = await db.selectFrom("requests").selectAll().orderBy("id").executeTakeFirstOrThrow();
    const { id: _id, ...rest } = sample;
    for (let i = 0; i < 30; i++)
      await db
        .insertInto("requests")
        .values({ ...rest, title: `总览 ${i}`, state: i % 2 ? "completed" : "received", level: i % 3 ? "community" : "street" })
        .execute();
    const every = await db.selectFrom("requests").select(["id", "state", "level", "category"]).orderBy("id", "desc").execute();
    const seen: number[] = [];
    let next: string | null = "";
    while (next !== null) {
      const d = (await callLoader(overview, `/admin/requests?${next}`, {}, cookie)).data as Overview;
      expect(d.items.length).toBeLessThanOrEqual(20);
      seen.push(...d.items.map((r) => r.id));
      next = d.older;
    }
    expect(seen).toEqual(every.map((r) => r.id));
    const filtered = (await callLoader(overview, "/admin/requests?state=received&level=community", {}, cookie)).data as Overview;
    const expected = every.filter((r) => r.state === "received" && r.level === "community");
    expect(filtered.items.map((r) => r.id)).toEqual(expected.slice(0, 20).map((r) => r.id));
    const byCategory = (await callLoader(overview, `/admin/requests?category=${sample.category}`, {}, cookie)).data as Overview;
    expect(byCategory.items.every((r) => r.category === sample.category)).toBe(true);
    // Nonsense filters read as "all", not an error page.
    const junk = await callLoader(overview, "/admin/requests?state=nope&level=1&category=%25&before=abc", {}, cookie);
    expect(junk.status).toBe(200);
    expect((junk.data as Overview).filter).toEqual({ state: "", level: "", category: "" });
    // Administrators only.
    expect((await callLoader(overview, "/admin/requests", {}, await cookieFor("streetStaff"))).status).toBe(403);
  });
});

describe("issue 12 · 24: any role at any place from /admin/roles", () => {
  it("issue 12 · 24: finds a compound or a building by name and grants a role there", async () => {
    const db = getDb();
    const cookie = await cookieFor("admin");
    const top = (await callLoader(rolesLoader, "/admin/roles", {}, cookie)).data as { places: { id: number; kind: string }[]; departments: unknown[] };
    expect(new Set(top.places.map((p) => p.kind))).toEqual(new Set(["city", "district", "street", "community"]));
    expect(top.departments.length).toBeGreaterThan(0);
    const found = (await callLoader(rolesLoader, `/admin/roles?place=${encodeURIComponent("锦绣")}`, {}, cookie)).data as {
      places: { id: number; name: string; kind: string; parent: string | null }[];
    };
    const jinxiu = await placeId("锦绣花园");
    expect(found.places.map((p) => p.id)).toContain(jinxiu);
    // LIKE wildcards are searched for as themselves.
    expect(((await callLoader(rolesLoader, "/admin/roles?place=%25", {}, cookie)).data as { places: unknown[] }).places).toEqual([]);
    const tenant = DEMO_ACCOUNTS.tenant.phone;
    const r = await callAction(
      rolesAction,
      "/admin/roles",
      { intent: "grant-role", phone: tenant, role: "coordinator", placeId: String(jinxiu), departmentId: "" },
      {},
      cookie,
    );
    expect(r.status).toBe(302);
    const user = await db.selectFrom("users").select("id").where("phone", "=", tenant).executeTakeFirstOrThrow();
    expect(
      await db.selectFrom("role_grants").select(["role", "place_id"]).where("user_id", "=", user.id).where("revoked_at", "is", null).execute(),
    ).toContainEqual({ role: "coordinator", place_id: jinxiu });
    // A building lead at a building of that compound.
    const building = await db.selectFrom("places").select("id").where("parent_id", "=", jinxiu).where("kind", "=", "building").executeTakeFirstOrThrow();
    expect(
      (
        await callAction(
          rolesAction,
          "/admin/roles",
          { intent: "grant-role", phone: tenant, role: "building_lead", placeId: String(building.id), departmentId: "" },
          {},
          cookie,
        )
      ).status,
    ).toBe(302);
    // Department staff: the department gives the place.
    const dep = await db.selectFrom("departments").select("id").orderBy("id").executeTakeFirstOrThrow();
    expect(
      (
        await callAction(
          rolesAction,
          "/admin/roles",
          { intent: "grant-role", phone: tenant, role: "department_staff", placeId: "", departmentId: String(dep.id) },
          {},
          cookie,
        )
      ).status,
    ).toBe(302);
  });

  it("issue 12 · 24: a role at the wrong kind of place, or nonsense, is refused with 400 and changes nothing", async () => {
    const cookie = await cookieFor("admin");
    const before = await snapshot();
    const street = await placeId("东湖街道");
    const newcomer = DEMO_ACCOUNTS.newcomer.phone;
    for (const form of [
      { intent: "grant-role", phone: newcomer, role: "coordinator", placeId: String(street), departmentId: "" },
      { intent: "grant-role", phone: newcomer, role: "department_staff", placeId: "", departmentId: "" },
      { intent: "grant-role", phone: newcomer, role: "king", placeId: String(street), departmentId: "" },
      { intent: "grant-role", phone: newcomer, role: "street_staff", placeId: "x", departmentId: "" },
    ]) {
      const r = await callAction(rolesAction, "/admin/roles", form, {}, cookie);
      expect(r.status, JSON.stringify(form)).toBe(400);
    }
    expect(
      (
        await callAction(
          rolesAction,
          "/admin/roles",
          { intent: "grant-role", phone: newcomer, role: "street_staff", placeId: "999999", departmentId: "" },
          {},
          cookie,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await callAction(
          rolesAction,
          "/admin/roles",
          { intent: "grant-role", phone: newcomer, role: "street_staff", placeId: String(street), departmentId: "" },
          {},
          await cookieFor("coordinator"),
        )
      ).status,
    ).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});
