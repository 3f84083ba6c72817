import type { Place, PlaceKind } from "../../../db/schema";
import { contains } from "../../../db/like";
import type { DB as Db } from "~/db.server";
import { pathIds } from "~/domain/places";

export function getPlace(db: Db, id: number): Promise<Place | undefined> {
  return db.selectFrom("places").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listChildren(db: Db, parentId: number): Promise<Place[]> {
  return db.selectFrom("places").selectAll().where("parent_id", "=", parentId).orderBy("name").orderBy("id").execute();
}

export function listRoots(db: Db): Promise<Place[]> {
  return db.selectFrom("places").selectAll().where("parent_id", "is", null).orderBy("id").execute();
}

/** Places by id, in path order (top first, then depth-first). */
export function placesByIds(db: Db, ids: number[]): Promise<Place[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom("places").selectAll().where("id", "in", ids).orderBy("path").execute();
}

/** The places above this one, top first. */
export async function ancestorsOf(db: Db, place: Place): Promise<Place[]> {
  const ids = pathIds(place.path).filter((id) => id !== place.id);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("places").selectAll().where("id", "in", ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is Place => !!r);
}

export async function insertPlace(db: Db, p: { kind: PlaceKind; name: string; parent: Place | null; at: string }) {
  const { id } = await db
    .insertInto("places")
    .values({ kind: p.kind, name: p.name, parent_id: p.parent?.id ?? null, path: "", created_at: p.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const path = `${p.parent?.path ?? "/"}${id}/`;
  await db.updateTable("places").set({ path }).where("id", "=", id).execute();
  return { id, path };
}

export function findChildByName(db: Db, parentId: number | null, name: string) {
  let q = db.selectFrom("places").selectAll().where("name", "=", name);
  q = parentId === null ? q.where("parent_id", "is", null) : q.where("parent_id", "=", parentId);
  return q.executeTakeFirst();
}

export function searchCompounds(db: Db, q: string, limit = 30) {
  return db
    .selectFrom("places as c")
    .innerJoin("places as m", "m.id", "c.parent_id")
    .select(["c.id", "c.name", "m.name as community"])
    .where("c.kind", "=", "compound")
    .where(contains("c.name", q))
    .orderBy("c.name")
    .limit(limit)
    .execute();
}

/** Buildings of a compound with how many dwellings each has and how many are verified-occupied. */
export function buildingsOf(db: Db, compoundId: number) {
  return db
    .selectFrom("places as b")
    .select(["b.id", "b.name", "b.path", "b.dwelling_count as dwellings"])
    .where("b.parent_id", "=", compoundId)
    .where("b.kind", "=", "building")
    .orderBy("b.name")
    .execute();
}

export function listDepartments(db: Db, placeId: number) {
  return db.selectFrom("departments").selectAll().where("place_id", "=", placeId).orderBy("name").execute();
}

export function getDepartment(db: Db, id: number) {
  return db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findDepartmentByName(db: Db, placeId: number, name: string) {
  return db.selectFrom("departments").select("id").where("place_id", "=", placeId).where("name", "=", name).executeTakeFirst();
}

export async function insertDepartment(db: Db, d: { placeId: number; name: string; at: string }): Promise<number> {
  const { id } = await db.insertInto("departments").values({ place_id: d.placeId, name: d.name, created_at: d.at }).returning("id").executeTakeFirstOrThrow();
  return id;
}

/** The buildings (children) of a compound by name, for the roster import. */
export async function childrenByName(db: Db, parentId: number) {
  const rows = await db.selectFrom("places").select(["id", "name", "path"]).where("parent_id", "=", parentId).execute();
  return new Map(rows.map((b) => [b.name, b]));
}
