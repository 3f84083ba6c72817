import type { RoleName } from "../../../db/schema";
import { contains } from "../../../db/like";
import type { DB as Db } from "~/db.server";

/** A person's roles in force, each with the path of its place. */
export function activeGrantsOf(db: Db, userId: number) {
  return db
    .selectFrom("role_grants as g")
    .leftJoin("places as p", "p.id", "g.place_id")
    .leftJoin("departments as dep", "dep.id", "g.department_id")
    .select(["g.id", "g.role", "g.place_id", "g.department_id", "p.path", "p.name as place", "p.kind as place_kind", "dep.name as department"])
    .where("g.user_id", "=", userId)
    .where("g.revoked_at", "is", null)
    .orderBy("g.id")
    .execute();
}

export function listActiveGrants(db: Db, opts: { placeId?: number; limit?: number } = {}) {
  let q = db
    .selectFrom("role_grants as g")
    .innerJoin("users as u", "u.id", "g.user_id")
    .leftJoin("places as p", "p.id", "g.place_id")
    .leftJoin("departments as dep", "dep.id", "g.department_id")
    .select([
      "g.id",
      "g.role",
      "g.granted_at",
      "u.id as user_id",
      "u.name",
      "u.phone",
      "p.id as place_id",
      "p.name as place",
      "p.kind as place_kind",
      "dep.name as department",
    ])
    .where("g.revoked_at", "is", null)
    .orderBy("g.id")
    .limit(opts.limit ?? 500);
  if (opts.placeId !== undefined) q = q.where("g.place_id", "=", opts.placeId);
  return q.execute();
}

export function findActiveGrant(db: Db, g: { userId: number; role: RoleName; placeId: number | null; departmentId: number | null }) {
  let q = db.selectFrom("role_grants").select("id").where("user_id", "=", g.userId).where("role", "=", g.role).where("revoked_at", "is", null);
  q = g.placeId === null ? q.where("place_id", "is", null) : q.where("place_id", "=", g.placeId);
  q = g.departmentId === null ? q.where("department_id", "is", null) : q.where("department_id", "=", g.departmentId);
  return q.executeTakeFirst();
}

export function getGrant(db: Db, id: number) {
  return db.selectFrom("role_grants").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertGrant(
  db: Db,
  g: { userId: number; role: RoleName; placeId: number | null; departmentId: number | null; grantedBy: number | null; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto("role_grants")
    .values({ user_id: g.userId, role: g.role, place_id: g.placeId, department_id: g.departmentId, granted_by: g.grantedBy, granted_at: g.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function markRevoked(db: Db, id: number, revokedBy: number | null, at: string) {
  await db.updateTable("role_grants").set({ revoked_at: at, revoked_by: revokedBy }).where("id", "=", id).execute();
}

/** Kinds a role can be held at, from the top: the place picker of the roles page groups by these. */
const PICKER_KINDS = ["city", "district", "street", "community", "compound", "building"] as const;

/**
 * Places to grant a role at: those whose name contains the text (every kind, buildings with their compound's
 * name), or without a text the levels above compounds, which are few. Each with its parent's name.
 */
export function placesForGrant(db: Db, text: string | null, limit = 200) {
  let q = db
    .selectFrom("places as p")
    .leftJoin("places as up", "up.id", "p.parent_id")
    .select(["p.id", "p.name", "p.kind", "up.name as parent"])
    .orderBy("p.path")
    .limit(limit);
  if (text) {
    q = q.where(contains("p.name", text));
  } else q = q.where("p.kind", "in", ["city", "district", "street", "community"]);
  return q.execute().then((rows) => rows.sort((a, b) => PICKER_KINDS.indexOf(a.kind) - PICKER_KINDS.indexOf(b.kind)));
}

/** Every department, with the place it belongs to. */
export function allDepartments(db: Db) {
  return db
    .selectFrom("departments as d")
    .innerJoin("places as p", "p.id", "d.place_id")
    .select(["d.id", "d.name", "p.name as place"])
    .orderBy("p.path")
    .orderBy("d.name")
    .limit(1000)
    .execute();
}
