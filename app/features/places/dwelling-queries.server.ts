import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

type Db = Kysely<Database>;

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
    .select(["d.id", "d.compound_id", "d.building_id", "d.unit", "d.room", "d.area_centi", "b.name as building", "c.name as compound", "c.path as compound_path"])
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
