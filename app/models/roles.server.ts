import type { Kysely } from "kysely";
import type { Database, RoleName } from "../../db/schema";

type Db = Kysely<Database>;

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
    .select(["g.id", "g.role", "g.granted_at", "u.id as user_id", "u.name", "u.phone", "p.id as place_id", "p.name as place", "p.kind as place_kind", "dep.name as department"])
    .where("g.revoked_at", "is", null)
    .orderBy("g.id")
    .limit(opts.limit ?? 500);
  if (opts.placeId !== undefined) q = q.where("g.place_id", "=", opts.placeId);
  return q.execute();
}

export function findActiveGrant(db: Db, g: { userId: number; role: RoleName; placeId: number | null; departmentId: number | null }) {
  let q = db
    .selectFrom("role_grants")
    .select("id")
    .where("user_id", "=", g.userId)
    .where("role", "=", g.role)
    .where("revoked_at", "is", null);
  q = g.placeId === null ? q.where("place_id", "is", null) : q.where("place_id", "=", g.placeId);
  q = g.departmentId === null ? q.where("department_id", "is", null) : q.where("department_id", "=", g.departmentId);
  return q.executeTakeFirst();
}

export function getGrant(db: Db, id: number) {
  return db.selectFrom("role_grants").selectAll().where("id", "=", id).executeTakeFirst();
}
