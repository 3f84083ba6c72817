// The counters on places (migration T12): dwellings per building and compound, verified residents (people)
// per compound, kept by triggers in the same transaction as the rows they count, whoever writes them.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";

const db = () => getDb();

/** Every place whose counters differ from a count of the rows themselves. */
async function drift() {
  const { rows } = await sql<{ id: number; dwelling_count: number; dwellings: number; resident_count: number; residents: number }>`
    select p.id, p.dwelling_count, p.resident_count,
      case p.kind when 'building' then (select count(*) from dwellings d where d.building_id = p.id)
                  when 'compound' then (select count(*) from dwellings d where d.compound_id = p.id) else 0 end as dwellings,
      case p.kind when 'compound' then (select count(distinct r.user_id) from residencies r where r.compound_id = p.id and r.status = 'verified') else 0 end as residents
    from places p`.execute(db());
  return rows.filter((r) => r.dwelling_count !== r.dwellings || r.resident_count !== r.residents);
}

const place = (id: number) => db().selectFrom("places").select(["dwelling_count", "resident_count"]).where("id", "=", id).executeTakeFirstOrThrow();

describe("place counters", () => {
  it("match the rows of the seeded demo", async () => {
    expect(await drift()).toEqual([]);
  });

  it("follow dwellings and residencies through inserts, moves, status changes and deletes", async () => {
    const compound = await db().selectFrom("places").select(["id"]).where("kind", "=", "compound").orderBy("id").executeTakeFirstOrThrow();
    const buildings = await db()
      .selectFrom("places")
      .select("id")
      .where("parent_id", "=", compound.id)
      .where("kind", "=", "building")
      .orderBy("id")
      .limit(2)
      .execute();
    expect(buildings.length).toBe(2);
    const before = await place(compound.id);
    const at = "2026-12-01T00:00:00.000Z";
    const [d1, d2] = await db()
      .insertInto("dwellings")
      .values(["9901", "9902"].map((room) => ({ building_id: buildings[0].id, compound_id: compound.id, unit: "9", room, area_centi: 8000, created_at: at })))
      .returning("id")
      .execute();
    expect((await place(compound.id)).dwelling_count).toBe(before.dwelling_count + 2);
    // One person verified in both new dwellings counts once; a second verification of the same row changes nothing.
    const { id: userId } = await db()
      .insertInto("users")
      .values({ phone: "13999990001", name: "计数测试", password_hash: "x", locale: null, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const [r1, r2] = await db()
      .insertInto("residencies")
      .values(
        [d1, d2].map((d) => ({
          user_id: userId,
          dwelling_id: d.id,
          compound_id: compound.id,
          relation: "owner" as const,
          status: "pending" as const,
          method: "roster" as const,
          note: null,
          decided_by: null,
          decided_at: null,
          decision_reason: null,
          ended_at: null,
          ended_by: null,
          end_reason: null,
          created_at: at,
        })),
      )
      .returning("id")
      .execute();
    expect((await place(compound.id)).resident_count).toBe(before.resident_count);
    await db().updateTable("residencies").set({ status: "verified" }).where("id", "in", [r1.id, r2.id]).execute();
    expect((await place(compound.id)).resident_count).toBe(before.resident_count + 1);
    await db().updateTable("residencies").set({ status: "verified" }).where("id", "=", r1.id).execute();
    expect((await place(compound.id)).resident_count).toBe(before.resident_count + 1);
    await db().updateTable("residencies").set({ status: "ended" }).where("id", "=", r1.id).execute();
    expect((await place(compound.id)).resident_count).toBe(before.resident_count + 1);
    // A dwelling moved to the other building; then the last residency ends and the dwellings go.
    await db().updateTable("dwellings").set({ building_id: buildings[1].id }).where("id", "=", d2.id).execute();
    expect(await drift()).toEqual([]);
    await db().deleteFrom("residencies").where("id", "=", r2.id).execute();
    expect((await place(compound.id)).resident_count).toBe(before.resident_count);
    await db().deleteFrom("residencies").where("id", "=", r1.id).execute();
    await db().deleteFrom("dwellings").where("id", "in", [d1.id, d2.id]).execute();
    expect(await place(compound.id)).toEqual(before);
    expect(await drift()).toEqual([]);
  });
});
