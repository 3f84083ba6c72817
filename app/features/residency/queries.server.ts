import type { Relation, ResidencyMethod, ResidencyStatus } from "../../../db/schema";
import type { DB as Db } from "~/db.server";

const withAddress = (db: Db) =>
  db
    .selectFrom("residencies as r")
    .innerJoin("dwellings as d", "d.id", "r.dwelling_id")
    .innerJoin("places as b", "b.id", "d.building_id")
    .innerJoin("places as c", "c.id", "r.compound_id");

/** A person's residencies that still matter (pending or verified), with addresses. */
export function liveResidenciesOf(db: Db, userId: number) {
  return withAddress(db)
    .select([
      "r.id",
      "r.status",
      "r.relation",
      "r.compound_id",
      "r.dwelling_id",
      "r.created_at",
      "c.name as compound",
      "c.path as compound_path",
      "b.name as building",
      "d.unit",
      "d.room",
    ])
    .where("r.user_id", "=", userId)
    .where("r.status", "in", ["pending", "verified"])
    .orderBy("r.id")
    .execute();
}

export function getResidency(db: Db, id: number) {
  return withAddress(db)
    .innerJoin("users as u", "u.id", "r.user_id")
    .select([
      "r.id",
      "r.user_id",
      "r.status",
      "r.relation",
      "r.compound_id",
      "r.dwelling_id",
      "c.path as compound_path",
      "u.name",
      "b.name as building",
      "d.unit",
      "d.room",
    ])
    .where("r.id", "=", id)
    .executeTakeFirst();
}

/** Pending claims in compounds under any of the given paths (or everywhere). */
export function pendingClaims(db: Db, scope: string[] | "all", limit = 200) {
  let q = withAddress(db)
    .innerJoin("users as u", "u.id", "r.user_id")
    .select([
      "r.id",
      "r.relation",
      "r.note",
      "r.created_at",
      "r.dwelling_id",
      "r.compound_id",
      "u.id as user_id",
      "u.name",
      "u.phone",
      "c.name as compound",
      "c.path as compound_path",
      "b.name as building",
      "d.unit",
      "d.room",
    ])
    .where("r.status", "=", "pending")
    .orderBy("r.id")
    .limit(limit);
  if (scope !== "all") {
    if (scope.length === 0) return Promise.resolve([]);
    q = q.where((eb) => eb.or(scope.map((p) => eb("c.path", "like", `${p}%`))));
  }
  return q.execute();
}

export function verifiedResidentsOf(db: Db, compoundId: number) {
  return withAddress(db)
    .innerJoin("users as u", "u.id", "r.user_id")
    .select([
      "r.id",
      "r.relation",
      "r.method",
      "r.decided_at",
      "r.created_at",
      "u.id as user_id",
      "u.name",
      "u.phone",
      "b.name as building",
      "d.unit",
      "d.room",
    ])
    .where("r.compound_id", "=", compoundId)
    .where("r.status", "=", "verified")
    .orderBy("b.name")
    .orderBy("d.unit")
    .orderBy("d.room")
    .execute();
}

export function findLive(db: Db, userId: number, dwellingId: number) {
  return db
    .selectFrom("residencies")
    .select(["id", "status"])
    .where("user_id", "=", userId)
    .where("dwelling_id", "=", dwellingId)
    .where("status", "in", ["pending", "verified"])
    .executeTakeFirst();
}

export async function insertResidency(
  db: Db,
  r: {
    userId: number;
    dwellingId: number;
    compoundId: number;
    relation: Relation;
    status: ResidencyStatus;
    method: ResidencyMethod;
    note?: string | null;
    decidedBy?: number | null;
    at: string;
  },
) {
  const { id } = await db
    .insertInto("residencies")
    .values({
      user_id: r.userId,
      dwelling_id: r.dwellingId,
      compound_id: r.compoundId,
      relation: r.relation,
      status: r.status,
      method: r.method,
      note: r.note ?? null,
      decided_by: r.status === "verified" ? (r.decidedBy ?? null) : null,
      decided_at: r.status === "verified" ? r.at : null,
      created_at: r.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Settles a pending claim; false if it was no longer pending (someone else decided it first). */
export async function decidePending(
  db: Db,
  d: { id: number; status: "verified" | "rejected"; decidedBy: number | null; reason: string | null; at: string },
): Promise<boolean> {
  const updated = await db
    .updateTable("residencies")
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.at, decision_reason: d.reason })
    .where("id", "=", d.id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function markEnded(db: Db, e: { id: number; endedBy: number | null; reason: string; at: string }) {
  await db.updateTable("residencies").set({ status: "ended", ended_at: e.at, ended_by: e.endedBy, end_reason: e.reason }).where("id", "=", e.id).execute();
}

/** A live residency verified by a household code (a pending claim on the same dwelling is settled so). */
export async function verifyByCode(db: Db, id: number, relation: Relation, at: string) {
  await db
    .updateTable("residencies")
    .set({ status: "verified", method: "code", relation, decided_at: at, decision_reason: null })
    .where("id", "=", id)
    .execute();
}

/**
 * After an ownership transfer: the verified owners of the dwelling whose phone is no longer on its roster
 * become family members. Returns who changed.
 */
export async function ownersNoLongerListed(db: Db, dwellingId: number, phones: string[]) {
  const former = await db
    .selectFrom("residencies as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.id", "u.name"])
    .where("r.dwelling_id", "=", dwellingId)
    .where("r.status", "=", "verified")
    .where("r.relation", "=", "owner")
    .where("u.phone", "not in", phones)
    .orderBy("r.id")
    .execute();
  if (former.length > 0)
    await db
      .updateTable("residencies")
      .set({ relation: "family" })
      .where(
        "id",
        "in",
        former.map((r) => r.id),
      )
      .execute();
  return former;
}
