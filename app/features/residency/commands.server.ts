// Residency verification: claim and review, household codes, moving out.
import type { Kysely } from "kysely";
import type { Database, Relation } from "../../../db/schema";
import type { Actor } from "~/domain/permissions";
import { appendAudit } from "~/features/audit/queries.server";
import { findDwellingByAddress, getDwelling } from "~/features/places/dwelling-queries.server";
import { getPlace } from "~/features/places/queries.server";
import { findLive, getResidency, insertResidency } from "~/features/residency/queries.server";
import { LOCK_MS, minutesLeft, signInLock } from "~/domain/throttle";
import { recentFailures, recordFailure } from "~/features/accounts/queries.server";
import { invalidateOtherSessions } from "~/features/accounts/session-queries.server";
import { AppError, actorId, authorize, fail } from "~/features/errors";

type Db = Kysely<Database>;

export async function claimDwelling(
  db: Db,
  userId: number,
  input: { compoundId: number; building: string; unit: string; room: string; relation: Relation; note: string | null },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const compound = await getPlace(trx, input.compoundId);
    if (!compound || compound.kind !== "compound") fail(404, "claim.unknownCompound");
    const dwelling = await findDwellingByAddress(trx, input);
    if (!dwelling) fail(404, "claim.noDwelling", undefined, "room");
    if (await findLive(trx, userId, dwelling.id)) fail(409, "claim.duplicate");
    const at = now.toISOString();
    const id = await insertResidency(trx, {
      userId,
      dwellingId: dwelling.id,
      compoundId: compound.id,
      relation: input.relation,
      status: "pending",
      method: "claim",
      note: input.note,
      at,
    });
    await appendAudit(trx, {
      actorId: userId,
      action: "residency.claim",
      entityType: "residency",
      entityId: id,
      placeId: compound.id,
      data: { dwellingId: dwelling.id, relation: input.relation },
      at,
    });
    return id;
  });
}

async function loadForDecision(trx: Db, actor: Actor, residencyId: number, action: "residency.review" | "residency.end") {
  const residency = await getResidency(trx, residencyId);
  if (!residency) fail(404, "error.notFound");
  authorize(actor, action, { path: residency.compound_path, kind: "compound" });
  return residency;
}

export async function reviewClaim(
  db: Db,
  actor: Actor,
  input: { residencyId: number; decision: "approve" | "reject"; reason: string | null },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const residency = await loadForDecision(trx, actor, input.residencyId, "residency.review");
    if (residency.user_id === actor.userId) fail(409, "review.ownClaim");
    if (residency.status !== "pending") fail(409, "review.notPending");
    if (input.decision === "reject" && !input.reason) fail(400, "review.reasonRequired", undefined, "reason");
    const at = now.toISOString();
    const status = input.decision === "approve" ? "verified" : "rejected";
    const updated = await trx
      .updateTable("residencies")
      .set({ status, decided_by: actorId(actor), decided_at: at, decision_reason: input.reason })
      .where("id", "=", residency.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) fail(409, "review.notPending");
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: input.decision === "approve" ? "residency.approve" : "residency.reject",
      entityType: "residency",
      entityId: residency.id,
      placeId: residency.compound_id,
      reason: input.reason,
      at,
    });
    return residency;
  });
}

export async function endResidency(db: Db, actor: Actor, input: { residencyId: number; reason: string }, now: Date) {
  return db.transaction().execute(async (trx) => {
    const residency = await loadForDecision(trx, actor, input.residencyId, "residency.end");
    if (residency.status !== "verified") fail(409, "residents.notVerified");
    const at = now.toISOString();
    await trx
      .updateTable("residencies")
      .set({ status: "ended", ended_at: at, ended_by: actorId(actor), end_reason: input.reason })
      .where("id", "=", residency.id)
      .execute();
    // The sessions that relied on the residency end with it.
    await invalidateOtherSessions(trx, residency.user_id, null);
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "residency.end",
      entityType: "residency",
      entityId: residency.id,
      placeId: residency.compound_id,
      reason: input.reason,
      at,
    });
    return residency;
  });
}

/** A one-time household code verifies at once. Five wrong codes in 15 minutes pause a person's tries. */
export async function redeemCode(db: Db, userId: number, input: { code: string; relation: Relation }, now: Date) {
  const key = `code:${userId}`;
  const lock = signInLock(await recentFailures(db, key, new Date(now.getTime() - 2 * LOCK_MS).toISOString()), now.getTime());
  if (lock.locked) fail(429, "redeem.tooMany", { minutes: minutesLeft(lock.until, now.getTime()) }, "code");
  try {
    return await redeemOnce(db, userId, input, now);
  } catch (e) {
    if (e instanceof AppError && e.msg.key === "redeem.unknown") await recordFailure(db, key, now.toISOString());
    throw e;
  }
}

async function redeemOnce(db: Db, userId: number, input: { code: string; relation: Relation }, now: Date) {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("household_codes").selectAll().where("code", "=", input.code).executeTakeFirst();
    if (!row) fail(404, "redeem.unknown", undefined, "code");
    if (row.used_at || row.revoked_at) fail(409, "redeem.used", undefined, "code");
    const dwelling = await getDwelling(trx, row.dwelling_id);
    if (!dwelling) fail(404, "redeem.unknown", undefined, "code");
    if (input.relation === "owner") {
      // Owners count in votes: only a number on the dwelling's roster may claim to be its owner.
      const user = await trx.selectFrom("users").select("phone").where("id", "=", userId).executeTakeFirstOrThrow();
      const onRoster = await trx.selectFrom("dwelling_owners").select("id").where("dwelling_id", "=", dwelling.id).where("phone", "=", user.phone).executeTakeFirst();
      if (!onRoster) fail(409, "redeem.notOwner", undefined, "relation");
    }
    const at = now.toISOString();
    const live = await findLive(trx, userId, dwelling.id);
    if (live?.status === "verified") fail(409, "claim.duplicate");
    const claimed = await trx
      .updateTable("household_codes")
      .set({ used_at: at, used_by: userId })
      .where("id", "=", row.id)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) fail(409, "redeem.used", undefined, "code");
    let residencyId: number;
    if (live) {
      // A pending claim on the same dwelling is settled by the code.
      await trx
        .updateTable("residencies")
        .set({ status: "verified", method: "code", relation: input.relation, decided_at: at, decision_reason: null })
        .where("id", "=", live.id)
        .execute();
      residencyId = live.id;
    } else {
      residencyId = await insertResidency(trx, {
        userId,
        dwellingId: dwelling.id,
        compoundId: dwelling.compound_id,
        relation: input.relation,
        status: "verified",
        method: "code",
        at,
      });
    }
    await appendAudit(trx, {
      actorId: userId,
      action: "residency.code",
      entityType: "residency",
      entityId: residencyId,
      placeId: dwelling.compound_id,
      data: { codeId: row.id, dwellingId: dwelling.id, relation: input.relation },
      at,
    });
    return dwelling;
  });
}
