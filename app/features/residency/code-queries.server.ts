import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

type Db = Kysely<Database>;

/** Codes of a compound that are neither used nor withdrawn. */
export function unusedCodes(db: Db, compoundId: number) {
  return db
    .selectFrom("household_codes as h")
    .innerJoin("dwellings as d", "d.id", "h.dwelling_id")
    .innerJoin("places as b", "b.id", "d.building_id")
    .select(["h.id", "h.code", "h.created_at", "b.name as building", "d.unit", "d.room"])
    .where("d.compound_id", "=", compoundId)
    .where("h.used_at", "is", null)
    .where("h.revoked_at", "is", null)
    .orderBy("b.name")
    .orderBy("d.unit")
    .orderBy("d.room")
    .execute();
}
