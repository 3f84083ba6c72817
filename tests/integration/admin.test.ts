import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { SYSTEM_ACTOR } from "~/features/errors";
import { addDepartment, addPlace } from "~/features/places/commands.server";
import { grantRole, revokeRole } from "~/features/roles/commands.server";
import { decodeRoster, importRoster } from "~/features/places/roster-commands.server";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { placeId, snapshot } from "../support/routes";
import { actorOf, refusal } from "../support/services";
import { now as clockNow } from "~/clock.server";

const db = () => getDb();
const now = () => clockNow();
const HEADER = "building,unit,room,area_m2,owner_name,owner_phone";

describe("roster import", () => {
  it("imports every row, creating buildings, dwellings and owners; importing again changes nothing", async () => {
    const compound = await addPlace(SYSTEM_ACTOR, { parentId: await placeId("西岭社区"), name: "新建小区" }, now());
    const csv = `\uFEFF${HEADER}\n1号楼,1,101,89.50,张三,13812345678\n1号楼,1,101,89.50,李四,13912345678\n2号楼,2,302,120,张三,13812345678\n`;
    const first = await importRoster(SYSTEM_ACTOR, { compoundId: compound.id, csv }, now());
    expect(first).toEqual({ ok: true, created: 2, updated: 0, owners: 3, rows: 3, notes: [] });
    const buildings = await db().selectFrom("places").select("name").where("parent_id", "=", compound.id).orderBy("name").execute();
    expect(buildings.map((b) => b.name)).toEqual(["1号楼", "2号楼"]);
    const again = await importRoster(SYSTEM_ACTOR, { compoundId: compound.id, csv }, now());
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, owners: 0 });
    const changed = await importRoster(SYSTEM_ACTOR, { compoundId: compound.id, csv: `${HEADER}\n2号楼,2,302,121.25,张三,13812345678\n` }, now());
    expect(changed).toMatchObject({ ok: true, created: 0, updated: 1 });
    const d = await db()
      .selectFrom("dwellings")
      .select("area_centi")
      .where("compound_id", "=", compound.id)
      .where("room", "=", "302")
      .executeTakeFirstOrThrow();
    expect(d.area_centi).toBe(12125);
  });

  it("imports nothing when any row is wrong, and lists every wrong row", async () => {
    const compound = await placeId("翠湖湾");
    const before = await snapshot();
    const csv = `${HEADER}\n5号楼,1,101,89.5,张三,13812345678\n5号楼,1,102,八十,李四,13912345678\n5号楼,1,103,70,王五,12345\n5号楼,1,101,89.5,张三,13812345678\n`;
    const r = await importRoster(SYSTEM_ACTOR, { compoundId: compound, csv }, now());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.key])).toEqual([
      [3, "roster.badArea"],
      [4, "roster.badPhone"],
      [5, "roster.duplicate"],
    ]);
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ["a wrong header", "name,phone\n张三,13812345678\n", "roster.header"],
    ["only a header", `${HEADER}\n`, "roster.empty"],
    ["broken quoting", `${HEADER}\n"1号楼,1,101,89.5,张三,13812345678\n`, "roster.malformed"],
  ])("refuses %s", async (_n, csv, key) => {
    const r = await importRoster(SYSTEM_ACTOR, { compoundId: await placeId("翠湖湾"), csv }, now());
    expect(r.ok ? null : r.errors[0].key).toBe(key);
  });

  it("reports progress on a large file (3,000 rows)", async () => {
    const compound = await addPlace(SYSTEM_ACTOR, { parentId: await placeId("西岭社区"), name: "大型小区" }, now());
    const lines = [HEADER];
    for (let i = 0; i < 3000; i++)
      lines.push(
        `${1 + Math.floor(i / 100)}号楼,${1 + (i % 4)},${1000 + i},${(60 + (i % 70)).toFixed(2)},业主${i},13${String(500000000 + i).padStart(9, "0")}`,
      );
    const seen: number[] = [];
    const r = await importRoster(SYSTEM_ACTOR, { compoundId: compound.id, csv: lines.join("\n") }, now(), (done) => seen.push(done));
    expect(r).toMatchObject({ ok: true, created: 3000 });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(3000);
  });

  it("drops a NUL character from a cell instead of failing (PostgreSQL refuses NUL in text)", async () => {
    const compound = await addPlace(SYSTEM_ACTOR, { parentId: await placeId("西岭社区"), name: "零字符小区" }, now());
    const csv = `${HEADER}\n1号楼,1,101,89.50,张\u0000三,13812345678\n`;
    expect(await importRoster(SYSTEM_ACTOR, { compoundId: compound.id, csv }, now())).toMatchObject({ ok: true, created: 1, owners: 1 });
    const owner = await db().selectFrom("dwelling_owners").select("name").where("phone", "=", "13812345678").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(owner.name).toBe("张三");
  });

  it("reads a roster saved by Excel on Chinese Windows (GB18030) as well as UTF-8", () => {
    // "8号楼" in GBK bytes, and in UTF-8.
    expect(decodeRoster(Uint8Array.from([0x38, 0xba, 0xc5, 0xc2, 0xa5]))).toBe("8号楼");
    expect(decodeRoster(new TextEncoder().encode("8号楼"))).toBe("8号楼");
  });

  it("is for administrators only", async () => {
    const compound = await placeId("幸福里小区");
    expect(await refusal(importRoster(await actorOf("coordinator"), { compoundId: compound, csv: HEADER }, now()))).toMatchObject({ status: 403 });
    expect(await refusal(importRoster(await actorOf("communityCoordinator"), { compoundId: compound, csv: HEADER }, now()))).toMatchObject({ status: 404 });
  });
});

describe("roles", () => {
  it("grants at a fitting place, refuses the wrong kind, a duplicate, and a non-administrator", async () => {
    const admin = await actorOf("admin");
    const xingfu = await placeId("幸福里小区");
    const street = await placeId("东湖街道");
    const g = await grantRole(admin, { phone: DEMO_ACCOUNTS.tenant.phone, role: "coordinator", placeId: xingfu, departmentId: null }, now());
    expect((await actorOf("tenant")).grants).toEqual([{ role: "coordinator", placePath: expect.stringMatching(/\/$/), departmentId: null }]);
    expect(
      await refusal(grantRole(admin, { phone: DEMO_ACCOUNTS.tenant.phone, role: "coordinator", placeId: xingfu, departmentId: null }, now())),
    ).toMatchObject({ status: 409 });
    expect(
      await refusal(grantRole(admin, { phone: DEMO_ACCOUNTS.tenant.phone, role: "street_staff", placeId: xingfu, departmentId: null }, now())),
    ).toMatchObject({
      status: 400,
      key: "roles.badPlace",
    });
    expect(
      await refusal(grantRole(admin, { phone: DEMO_ACCOUNTS.tenant.phone, role: "department_staff", placeId: street, departmentId: null }, now())),
    ).toMatchObject({
      status: 400,
      key: "roles.needDepartment",
    });
    expect(await refusal(grantRole(admin, { phone: "13700000000", role: "coordinator", placeId: xingfu, departmentId: null }, now()))).toMatchObject({
      status: 404,
      key: "roles.noUser",
    });
    const before = await snapshot();
    expect(
      await refusal(
        grantRole(await actorOf("coordinator"), { phone: DEMO_ACCOUNTS.newcomer.phone, role: "coordinator", placeId: xingfu, departmentId: null }, now()),
      ),
    ).toMatchObject({
      status: 403,
    });
    expect(await snapshot()).toBe(before);
    await revokeRole(admin, { grantId: g.id }, now());
    expect((await actorOf("tenant")).grants).toEqual([]);
    expect(await refusal(revokeRole(admin, { grantId: g.id }, now()))).toMatchObject({ status: 409 });
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "role_grant")
      .where("entity_id", "=", g.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["role.grant", "role.revoke"]);
  });

  it("an administrator cannot revoke their own administrator role", async () => {
    const admin = await actorOf("admin");
    const own = await db().selectFrom("role_grants").select("id").where("user_id", "=", admin.userId).where("role", "=", "admin").executeTakeFirstOrThrow();
    expect(await refusal(revokeRole(admin, { grantId: own.id }, now()))).toMatchObject({ status: 409 });
  });
});

describe("places", () => {
  it("adds the next level down, refuses duplicates and departments below a street", async () => {
    const community = await placeId("西岭社区");
    const p = await addPlace(SYSTEM_ACTOR, { parentId: community, name: "云栖小区" }, now());
    expect(p.kind).toBe("compound");
    expect(await refusal(addPlace(SYSTEM_ACTOR, { parentId: community, name: "云栖小区" }, now()))).toMatchObject({ status: 409 });
    expect(await refusal(addDepartment(SYSTEM_ACTOR, { placeId: community, name: "城管科" }, now()))).toMatchObject({ status: 400 });
    expect(await refusal(addPlace(await actorOf("streetStaff"), { parentId: community, name: "x" }, now()))).toMatchObject({ status: 404 });
  });
});
