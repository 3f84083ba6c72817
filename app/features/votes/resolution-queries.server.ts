import type { DB } from "~/db.server";

/** A compound's resolutions, newest first, a page at a time (size + 1 rows: the last tells there is more). */
export function compoundResolutions(db: DB, compoundId: number, page: number, size: number) {
  return db
    .selectFrom("resolutions as s")
    .select(["s.id", "s.number", "s.title", "s.created_at"])
    .where("s.compound_id", "=", compoundId)
    .orderBy("s.year", "desc")
    .orderBy("s.seq", "desc")
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
}
