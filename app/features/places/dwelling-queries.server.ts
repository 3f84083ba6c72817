import type { DB as Db } from "~/db.server";

/** A dwelling looked up by its address inside one compound: another compound's dwelling is not found. */
export function findDwellingByAddress(db: Db, a: { compoundId: number; building: string; unit: string; room: string }) {
  return db
    .selectFrom("dwellings as d")
    .innerJoin("places as b", "b.id", "d.building_id")
    .select(["d.id", "d.compound_id", "d.unit", "d.room", "d.area_centi", "b.name as building"])
    .where("d.compound_id", "=", a.compoundId)
    .where("b.name", "=", a.building)
    .where("d.unit", "=", a.unit)
    .where("d.room", "=", a.room)
    .executeTakeFirst();
}

export function getDwelling(db: Db, id: number) {
  return db
    .selectFrom("dwellings as d")
    .innerJoin("places as b", "b.id", "d.building_id")
    .innerJoin("places as c", "c.id", "d.compound_id")
    .select([
      "d.id",
      "d.compound_id",
      "d.building_id",
      "d.unit",
      "d.room",
      "d.area_centi",
      "b.name as building",
      "c.name as compound",
      "c.path as compound_path",
    ])
    .where("d.id", "=", id)
    .executeTakeFirst();
}

/** Dwellings of a building with their owners on the roster and their verified residents. */
export async function dwellingsOfBuilding(db: Db, buildingId: number) {
  const dwellings = await db
    .selectFrom("dwellings")
    .select(["id", "unit", "room", "area_centi"])
    .where("building_id", "=", buildingId)
    .orderBy("unit")
    .orderBy("room")
    .execute();
  const residents = await db
    .selectFrom("residencies as r")
    .innerJoin("dwellings as d", "d.id", "r.dwelling_id")
    .select(["r.dwelling_id", "r.relation"])
    .where("d.building_id", "=", buildingId)
    .where("r.status", "=", "verified")
    .execute();
  return dwellings.map((d) => ({
    ...d,
    verified: residents.filter((r) => r.dwelling_id === d.id).length,
  }));
}

export function ownersOfDwelling(db: Db, dwellingId: number) {
  return db.selectFrom("dwelling_owners").select(["name", "phone"]).where("dwelling_id", "=", dwellingId).execute();
}

/** Whether this phone is on the roster as an owner of the dwelling. */
export async function isListedOwner(db: Db, dwellingId: number, phone: string): Promise<boolean> {
  const row = await db.selectFrom("dwelling_owners").select("id").where("dwelling_id", "=", dwellingId).where("phone", "=", phone).executeTakeFirst();
  return !!row;
}

/** The roster's owners of these dwellings (dwelling and phone), to tell a claimant on the roster. */
export function ownersOfDwellings(db: Db, dwellingIds: number[]) {
  if (dwellingIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("dwelling_owners").select(["dwelling_id", "phone"]).where("dwelling_id", "in", dwellingIds).execute();
}

/** Ids of every dwelling of a compound. */
export function dwellingIdsOf(db: Db, compoundId: number) {
  return db.selectFrom("dwellings").select("id").where("compound_id", "=", compoundId).execute();
}

// The roster import's writes: a dwelling by its address in a building, its area, its owners.

export function findDwellingInBuilding(db: Db, buildingId: number, unit: string, room: string) {
  return db
    .selectFrom("dwellings")
    .select(["id", "area_centi"])
    .where("building_id", "=", buildingId)
    .where("unit", "=", unit)
    .where("room", "=", room)
    .executeTakeFirst();
}

export async function setDwellingArea(db: Db, id: number, areaCenti: number) {
  await db.updateTable("dwellings").set({ area_centi: areaCenti }).where("id", "=", id).execute();
}

export async function insertDwelling(
  db: Db,
  d: { buildingId: number; compoundId: number; unit: string; room: string; areaCenti: number; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto("dwellings")
    .values({ building_id: d.buildingId, compound_id: d.compoundId, unit: d.unit, room: d.room, area_centi: d.areaCenti, created_at: d.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Adds the owner to the dwelling's roster, or renames them if their phone is already there. True if added. */
export async function upsertOwner(db: Db, o: { dwellingId: number; name: string; phone: string; at: string }): Promise<boolean> {
  const owner = await db.selectFrom("dwelling_owners").select("id").where("dwelling_id", "=", o.dwellingId).where("phone", "=", o.phone).executeTakeFirst();
  if (owner) {
    await db.updateTable("dwelling_owners").set({ name: o.name }).where("id", "=", owner.id).execute();
    return false;
  }
  await db.insertInto("dwelling_owners").values({ dwelling_id: o.dwellingId, name: o.name, phone: o.phone, created_at: o.at }).execute();
  return true;
}

/** Removes the dwelling's owners whose phone is not among these; returns who was removed. */
export async function removeOwnersNotListed(db: Db, dwellingId: number, phones: string[]) {
  const gone = await db
    .selectFrom("dwelling_owners")
    .select(["id", "name"])
    .where("dwelling_id", "=", dwellingId)
    .where("phone", "not in", phones)
    .orderBy("id")
    .execute();
  if (gone.length > 0)
    await db
      .deleteFrom("dwelling_owners")
      .where(
        "id",
        "in",
        gone.map((o) => o.id),
      )
      .execute();
  return gone;
}
