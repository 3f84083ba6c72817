// Direct reports (随手拍): where a compound's report starts, its likely duplicates, who follows a request
// directly (the reporter and the residents who backed it), and moving them when a duplicate is merged.
import type { Kysely } from "kysely";
import type { Category, Database } from "../../../db/schema";

type Db = Kysely<Database>;

/** A compound with its community and street: where a report from it starts. */
export function compoundPlaces(db: Db, compoundId: number) {
  return db
    .selectFrom("places as c")
    .innerJoin("places as m", "m.id", "c.parent_id")
    .select(["c.id", "c.path", "c.name", "m.id as community_id", "m.parent_id as street_id"])
    .where("c.id", "=", compoundId)
    .where("c.kind", "=", "compound")
    .executeTakeFirst();
}

/** A building of the compound (null when the id names another compound's building, or no building). */
export function buildingOf(db: Db, compoundId: number, buildingId: number) {
  return db
    .selectFrom("places")
    .select(["id", "name"])
    .where("id", "=", buildingId)
    .where("parent_id", "=", compoundId)
    .where("kind", "=", "building")
    .executeTakeFirst();
}

/** The open requests of a compound in one category that a new report may repeat (newest 200). */
export async function openRequestsLike(db: Db, compoundId: number, category: Category) {
  const rows = await db
    .selectFrom("requests as r")
    .leftJoin("places as b", "b.id", "r.building_id")
    .select(["r.id", "r.category", "r.building_id", "r.spot", "r.title", "r.state", "r.merged_into", "r.level", "b.name as building"])
    .select((eb) => eb.selectFrom("request_follows as f").select(eb.fn.countAll<number>().as("n")).whereRef("f.request_id", "=", "r.id").as("supporters"))
    .where("r.compound_id", "=", compoundId)
    .where("r.source", "=", "report")
    .where("r.category", "=", category)
    .where("r.state", "<>", "completed")
    .where("r.merged_into", "is", null)
    .orderBy("r.id", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    buildingId: r.building_id,
    spot: r.spot,
    title: r.title,
    state: r.state,
    mergedInto: r.merged_into,
    level: r.level,
    building: r.building,
    supporters: Number(r.supporters ?? 0),
  }));
}

export async function requestFollowers(db: Db, requestId: number): Promise<number[]> {
  const rows = await db.selectFrom("request_follows").select("user_id").where("request_id", "=", requestId).execute();
  return rows.map((r) => r.user_id);
}

/** Follows a request; false when the person already did. */
export async function followRequest(db: Db, requestId: number, userId: number, at: string): Promise<boolean> {
  const r = await db
    .insertInto("request_follows")
    .values({ request_id: requestId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(["request_id", "user_id"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function supportOf(db: Db, requestId: number, userId: number | null) {
  const rows = await db.selectFrom("request_follows").select("user_id").where("request_id", "=", requestId).execute();
  return { supporters: rows.length, mine: userId !== null && rows.some((r) => r.user_id === userId) };
}

/** Moves every follower of `from` to `into` (once each); returns how many were moved. */
export async function moveFollowers(db: Db, from: number, into: number, at: string): Promise<number> {
  const users = await requestFollowers(db, from);
  let moved = 0;
  for (const u of users) if (await followRequest(db, into, u, at)) moved++;
  await db.deleteFrom("request_follows").where("request_id", "=", from).execute();
  return moved;
}

/** The open requests of a compound a report may be merged into (newest first). */
export function mergeTargets(db: Db, compoundId: number, exceptId: number) {
  return db
    .selectFrom("requests")
    .select(["id", "title", "state", "level", "source"])
    .where("compound_id", "=", compoundId)
    .where("id", "<>", exceptId)
    .where("state", "<>", "completed")
    .where("merged_into", "is", null)
    .orderBy("id", "desc")
    .limit(100)
    .execute();
}

/** The photos a report was filed with (those of its create move), in order. */
export async function reportPhotos(db: Db, requestId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("request_evidence as e")
    .innerJoin("request_moves as m", "m.id", "e.move_id")
    .select("e.id")
    .where("e.request_id", "=", requestId)
    .where("m.action", "=", "create")
    .orderBy("e.id")
    .execute();
  return rows.map((r) => r.id);
}
