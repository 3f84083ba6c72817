import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "~/domain/permissions";
import { activeGrantsOf } from "./roles.server";
import { liveResidenciesOf } from "./residencies.server";

/** What the permission module needs to know about a person: their roles and verified residencies. */
export async function loadActor(db: Kysely<Database>, userId: number): Promise<Actor> {
  const [grants, residencies] = await Promise.all([activeGrantsOf(db, userId), liveResidenciesOf(db, userId)]);
  return {
    userId,
    grants: grants.map((g) => ({ role: g.role, placePath: g.path })),
    residencies: residencies
      .filter((r) => r.status === "verified")
      .map((r) => ({ compoundId: r.compound_id, compoundPath: r.compound_path, dwellingId: r.dwelling_id, relation: r.relation })),
  };
}
