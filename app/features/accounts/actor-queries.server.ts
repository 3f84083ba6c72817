import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Actor } from "~/domain/permissions";
import { type Held, prepared } from "../../../db/prepared";

const grantsOf = (db: Kysely<Database>, userId: number) =>
  db
    .selectFrom("role_grants as g")
    .leftJoin("places as p", "p.id", "g.place_id")
    .select(["g.role", "p.path", "g.department_id"])
    .where("g.user_id", "=", userId)
    .where("g.revoked_at", "is", null)
    .orderBy("g.id");
const residenciesOf = (db: Kysely<Database>, userId: number) =>
  db
    .selectFrom("residencies as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .select(["r.compound_id", "r.dwelling_id", "r.relation", "c.path"])
    .where("r.user_id", "=", userId)
    .where("r.status", "=", "verified")
    .orderBy("r.id");
type Grant = Awaited<ReturnType<ReturnType<typeof grantsOf>["execute"]>>[number];
type Residency = Awaited<ReturnType<ReturnType<typeof residenciesOf>["execute"]>>[number];

function actorFrom(userId: number, grants: Grant[], residencies: Residency[]): Actor {
  return {
    userId,
    grants: grants.map((g) => ({ role: g.role, placePath: g.path, departmentId: g.department_id })),
    residencies: residencies.map((r) => ({ compoundId: r.compound_id, compoundPath: r.path, dwellingId: r.dwelling_id, relation: r.relation })),
  };
}

/**
 * What the permission module needs to know about a person: their roles and verified residencies, each with
 * the path of its place. Read on every request that a signed-in person makes, so kept to two lean queries.
 */
export async function loadActor(db: Kysely<Database>, userId: number): Promise<Actor> {
  const [grants, residencies] = await Promise.all([grantsOf(db, userId).execute(), residenciesOf(db, userId).execute()]);
  return actorFrom(userId, grants, residencies);
}

const grantsNow = prepared(grantsOf);
const residenciesNow = prepared(residenciesOf);

/** The same, inside synchronous work that holds the connection (the viewer of every request). */
export function actorNow(h: Held, userId: number): Actor {
  return actorFrom(userId, grantsNow.all(h, userId), residenciesNow.all(h, userId));
}
