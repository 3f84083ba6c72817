import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { normalizeCode } from "~/domain/household-code";
import { searchCompounds } from "~/features/places/queries.server";
import { addPlace } from "~/features/places/commands.server";
import { generateCodes, redeemCode } from "~/features/residency/code-commands.server";
import { SYSTEM_ACTOR } from "~/features/errors";
import { claimDwelling, endResidency, reviewClaim } from "~/features/residency/commands.server";
import { placeId, snapshot } from "../support/routes";
import { actorOf, refusal, userId } from "../support/services";
import { now as clockNow } from "~/clock.server";

const db = () => getDb();
const now = () => clockNow();

async function someDwelling(compound: string) {
  const id = await placeId(compound);
  return db()
    .selectFrom("dwellings as d")
    .innerJoin("places as b", "b.id", "d.building_id")
    .select(["d.id", "d.unit", "d.room", "b.name as building", "d.compound_id"])
    .where("d.compound_id", "=", id)
    .orderBy("d.id", "desc")
    .executeTakeFirstOrThrow();
}

describe("claims and review", () => {
  it("a claim waits, a coordinator approves it, and both acts are audited in the same write", async () => {
    const newcomer = await userId("newcomer");
    const d = await someDwelling("幸福里小区");
    const id = await claimDwelling(
      newcomer,
      { compoundId: d.compound_id, building: d.building, unit: d.unit, room: d.room, relation: "tenant", note: null },
      now(),
    );
    const coordinator = await actorOf("coordinator");
    await reviewClaim(coordinator, { residencyId: id, decision: "approve", reason: null }, now());
    const r = await db().selectFrom("residencies").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(r.status).toBe("verified");
    expect(r.decided_by).toBe(coordinator.userId);
    const audit = await db()
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("entity_type", "=", "residency")
      .where("entity_id", "=", id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["residency.claim", "residency.approve"]);
    expect(await refusal(reviewClaim(coordinator, { residencyId: id, decision: "approve", reason: null }, now()))).toMatchObject({ status: 409 });
  });

  it("refuses a dwelling that does not exist, and one of another compound", async () => {
    const newcomer = await userId("newcomer");
    const xingfu = await placeId("幸福里小区");
    const before = await snapshot();
    expect(
      await refusal(claimDwelling(newcomer, { compoundId: xingfu, building: "9号楼", unit: "1", room: "101", relation: "owner", note: null }, now())),
    ).toMatchObject({
      status: 404,
      key: "claim.noDwelling",
    });
    const other = await someDwelling("翠湖湾");
    expect(
      await refusal(
        claimDwelling(newcomer, { compoundId: xingfu, building: other.building, unit: other.unit, room: "999", relation: "owner", note: null }, now()),
      ),
    ).toMatchObject({
      status: 404,
    });
    expect(
      await refusal(claimDwelling(newcomer, { compoundId: 999_999, building: "1号楼", unit: "1", room: "101", relation: "owner", note: null }, now())),
    ).toMatchObject({
      status: 404,
      key: "claim.unknownCompound",
    });
    expect(await snapshot()).toBe(before);
  });

  it("refuses a second claim on the same dwelling with 409", async () => {
    const pending = await db().selectFrom("residencies").selectAll().where("status", "=", "pending").executeTakeFirstOrThrow();
    const d = await db()
      .selectFrom("dwellings as d")
      .innerJoin("places as b", "b.id", "d.building_id")
      .select(["d.unit", "d.room", "b.name"])
      .where("d.id", "=", pending.dwelling_id)
      .executeTakeFirstOrThrow();
    expect(
      await refusal(
        claimDwelling(pending.user_id, { compoundId: pending.compound_id, building: d.name, unit: d.unit, room: d.room, relation: "owner", note: null }, now()),
      ),
    ).toMatchObject({ status: 409, key: "claim.duplicate" });
  });

  it("a coordinator of another community may not even see the claim (404); a resident sees the compound but may not (403)", async () => {
    const xingfu = await placeId("幸福里小区");
    const pending = await db()
      .selectFrom("residencies")
      .select("id")
      .where("status", "=", "pending")
      .where("compound_id", "=", xingfu)
      .executeTakeFirstOrThrow();
    const before = await snapshot();
    expect(
      await refusal(reviewClaim(await actorOf("communityCoordinator"), { residencyId: pending.id, decision: "approve", reason: null }, now())),
    ).toMatchObject({ status: 404 });
    expect(await refusal(reviewClaim(await actorOf("resident"), { residencyId: pending.id, decision: "approve", reason: null }, now()))).toMatchObject({
      status: 403,
    });
    expect(await refusal(reviewClaim(await actorOf("coordinator"), { residencyId: pending.id, decision: "reject", reason: null }, now()))).toMatchObject({
      status: 400,
      key: "review.reasonRequired",
    });
    expect(await snapshot()).toBe(before);
  });

  it("ending a residency takes a reason and removes the person from the compound", async () => {
    const resident = await actorOf("resident");
    expect(resident.residencies).toHaveLength(1);
    const r = await db()
      .selectFrom("residencies")
      .select("id")
      .where("user_id", "=", resident.userId)
      .where("status", "=", "verified")
      .executeTakeFirstOrThrow();
    await endResidency(await actorOf("coordinator"), { residencyId: r.id, reason: "已搬离" }, now());
    expect((await actorOf("resident")).residencies).toHaveLength(0);
    expect(await refusal(endResidency(await actorOf("coordinator"), { residencyId: r.id, reason: "again" }, now()))).toMatchObject({ status: 409 });
  });
});

describe("household codes", () => {
  it("a code verifies at once, only once", async () => {
    const xingfu = await placeId("幸福里小区");
    const code = await db()
      .selectFrom("household_codes as h")
      .innerJoin("dwellings as d", "d.id", "h.dwelling_id")
      .select(["h.code", "h.dwelling_id"])
      .where("d.compound_id", "=", xingfu)
      .where("h.used_at", "is", null)
      .where("h.revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    const newcomer = await userId("newcomer");
    await redeemCode(newcomer, { code: code.code, relation: "family" }, now());
    const r = await db()
      .selectFrom("residencies")
      .selectAll()
      .where("user_id", "=", newcomer)
      .where("dwelling_id", "=", code.dwelling_id)
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({ status: "verified", method: "code", relation: "family" });
    const other = await userId("tenant");
    expect(await refusal(redeemCode(other, { code: code.code, relation: "owner" }, now()))).toMatchObject({ status: 409, key: "redeem.used" });
    expect(await refusal(redeemCode(other, { code: normalizeCode("2222-2222")!, relation: "owner" }, now()))).toMatchObject({
      status: 404,
      key: "redeem.unknown",
    });
  });

  it("regenerating withdraws the unused codes", async () => {
    const compound = await placeId("锦绣花园");
    const first = await generateCodes(SYSTEM_ACTOR, { compoundId: compound, mode: "missing" }, now());
    expect(first).toBe(48);
    expect(await generateCodes(SYSTEM_ACTOR, { compoundId: compound, mode: "missing" }, now())).toBe(0);
    const old = await db()
      .selectFrom("household_codes as h")
      .innerJoin("dwellings as d", "d.id", "h.dwelling_id")
      .select("h.code")
      .where("d.compound_id", "=", compound)
      .executeTakeFirstOrThrow();
    expect(await generateCodes(SYSTEM_ACTOR, { compoundId: compound, mode: "all" }, now())).toBe(48);
    expect(await refusal(redeemCode(await userId("newcomer"), { code: old.code, relation: "owner" }, now()))).toMatchObject({ status: 409 });
  });

  it("only a coordinator of the compound (or an administrator) generates codes", async () => {
    const compound = await placeId("锦绣花园");
    expect(await refusal(generateCodes(await actorOf("coordinator"), { compoundId: compound, mode: "missing" }, now()))).toMatchObject({ status: 404 });
    expect(await refusal(generateCodes(await actorOf("communityStaff"), { compoundId: compound, mode: "missing" }, now()))).toMatchObject({ status: 403 });
  });
});

describe("issue 12 · 7: compound search", () => {
  it("finds names with a literal % or _ only when they contain it", async () => {
    const community = await placeId("幸福里社区");
    const at = new Date("2026-11-26T08:00:00Z");
    for (const name of ["百分%小区", "下划_线小区", "普通百分小区", "下划X线小区"]) await addPlace(SYSTEM_ACTOR, { parentId: community, name }, at);
    expect((await searchCompounds(getDb(), "%")).map((c) => c.name)).toEqual(["百分%小区"]);
    expect((await searchCompounds(getDb(), "_")).map((c) => c.name)).toEqual(["下划_线小区"]);
    expect((await searchCompounds(getDb(), "下划_线")).map((c) => c.name)).toEqual(["下划_线小区"]);
    expect((await searchCompounds(getDb(), "\\")).map((c) => c.name)).toEqual([]);
    expect((await searchCompounds(getDb(), "百分")).map((c) => c.name).sort()).toEqual(["普通百分小区", "百分%小区"].sort());
  });
});
