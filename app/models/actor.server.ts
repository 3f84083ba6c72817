import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "~/domain/permissions";

/**
 * What the permission module needs to know about a person: their roles and verified residencies, each with
 * the path of its place. Read on every request that a signed-in person makes, so kept to two lean queries.
 */
export async function loadActor(db: Kysely<Database>, userId: number): Promise<Actor> {
  const [grants, residencies] = await Promise.all([
    db
      .selectFrom("role_grants as g")
      .leftJoin("places as p", "p.id", "g.place_id")
      .select(["g.role", "p.path", "g.department_id"])
      .where("g.user_id", "=", userId)
      .where("g.revoked_at", "is", null)
      .orderBy("g.id")
      .execute(),
    db
      .selectFrom("residencies as r")
      .innerJoin("places as c", "c.id", "r.compound_id")
      .select(["r.compound_id", "r.dwelling_id", "r.relation", "c.path"])
      .where("r.user_id", "=", userId)
      .where("r.status", "=", "verified")
      .orderBy("r.id")
      .execute(),
  ]);
  return {
    userId,
    grants: grants.map((g) => ({ role: g.role, placePath: g.path, departmentId: g.department_id })),
    residencies: residencies.map((r) => ({ compoundId: r.compound_id, compoundPath: r.path, dwellingId: r.dwelling_id, relation: r.relation })),
  };
}
