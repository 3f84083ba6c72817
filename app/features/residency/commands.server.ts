// Residency verification: claim and review, moving out. Household codes: code-commands.server.ts.
import type { Relation } from "../../../db/schema";
import { type DB, transaction } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import { appendAudit } from "~/features/audit/queries.server";
import { findDwellingByAddress } from "~/features/places/dwelling-queries.server";
import { getPlace } from "~/features/places/queries.server";
import { decidePending, findLive, getResidency, insertResidency, markEnded } from "~/features/residency/queries.server";
import { invalidateOtherSessions } from "~/features/accounts/session-queries.server";
import { actorId, authorize, fail } from "~/features/errors";

/** A person claims a dwelling (by its address in a compound): pending until a coordinator reviews it. */
export async function claimDwelling(
  userId: number,
  input: { compoundId: number; building: string; unit: string; room: string; relation: Relation; note: string | null },
  now: Date,
) {
  return transaction(async (trx) => {
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

async function loadForDecision(trx: DB, actor: Actor, residencyId: number, action: "residency.review" | "residency.end") {
  const residency = await getResidency(trx, residencyId);
  if (!residency) fail(404, "error.notFound");
  authorize(actor, action, { path: residency.compound_path, kind: "compound" });
  return residency;
}

/** What the audit entry of a decision on a residency says besides its action: who, which one, its compound, why, when. */
function decision(actor: Actor, residency: { id: number; compound_id: number }, reason: string | null, at: string) {
  return { actorId: actorId(actor), entityId: residency.id, placeId: residency.compound_id, reason, at };
}

export async function reviewClaim(actor: Actor, input: { residencyId: number; decision: "approve" | "reject"; reason: string | null }, now: Date) {
  return transaction(async (trx) => {
    const residency = await loadForDecision(trx, actor, input.residencyId, "residency.review");
    if (residency.user_id === actor.userId) fail(409, "review.ownClaim");
    if (residency.status !== "pending") fail(409, "review.notPending");
    if (input.decision === "reject" && !input.reason) fail(400, "review.reasonRequired", undefined, "reason");
    const at = now.toISOString();
    const status = input.decision === "approve" ? "verified" : "rejected";
    if (!(await decidePending(trx, { id: residency.id, status, decidedBy: actorId(actor), reason: input.reason, at }))) fail(409, "review.notPending");
    await appendAudit(trx, {
      action: input.decision === "approve" ? "residency.approve" : "residency.reject",
      entityType: "residency",
      ...decision(actor, residency, input.reason, at),
    });
    return residency;
  });
}

export async function endResidency(actor: Actor, input: { residencyId: number; reason: string }, now: Date) {
  return transaction(async (trx) => {
    const residency = await loadForDecision(trx, actor, input.residencyId, "residency.end");
    if (residency.status !== "verified") fail(409, "residents.notVerified");
    const at = now.toISOString();
    await markEnded(trx, { id: residency.id, endedBy: actorId(actor), reason: input.reason, at });
    // The sessions that relied on the residency end with it.
    await invalidateOtherSessions(trx, residency.user_id, null);
    await appendAudit(trx, { action: "residency.end", entityType: "residency", ...decision(actor, residency, input.reason, at) });
    return residency;
  });
}
