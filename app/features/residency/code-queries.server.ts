import type { DB as Db } from "~/db.server";

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

/** The unused codes of a compound's dwellings (id and dwelling), to skip or to withdraw. */
export function unusedCodeIds(db: Db, compoundId: number) {
  return db
    .selectFrom("household_codes as h")
    .innerJoin("dwellings as d", "d.id", "h.dwelling_id")
    .select(["h.id", "h.dwelling_id"])
    .where("d.compound_id", "=", compoundId)
    .where("h.used_at", "is", null)
    .where("h.revoked_at", "is", null)
    .execute();
}

export async function revokeCodes(db: Db, ids: number[], at: string) {
  if (ids.length > 0) await db.updateTable("household_codes").set({ revoked_at: at }).where("id", "in", ids).execute();
}

export async function codeTaken(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom("household_codes").select("id").where("code", "=", code).executeTakeFirst());
}

export async function insertCode(db: Db, c: { dwellingId: number; code: string; createdBy: number | null; at: string }) {
  await db.insertInto("household_codes").values({ dwelling_id: c.dwellingId, code: c.code, created_by: c.createdBy, created_at: c.at }).execute();
}

export function findCode(db: Db, code: string) {
  return db.selectFrom("household_codes").selectAll().where("code", "=", code).executeTakeFirst();
}

/** Marks a code used; false if it was used or withdrawn meanwhile. */
export async function spendCode(db: Db, id: number, userId: number, at: string): Promise<boolean> {
  const claimed = await db
    .updateTable("household_codes")
    .set({ used_at: at, used_by: userId })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}
