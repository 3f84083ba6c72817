// Household codes: one unused code per dwelling, printable as slips; a code verifies its holder at once.
import { randomBytes } from "node:crypto";
import type { Relation } from "../../../db/schema";
import { type DB, getDb, transaction } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import { codeFromBytes } from "~/domain/household-code";
import { LOCK_MS, minutesLeft, signInLock } from "~/domain/throttle";
import { getUser, recentFailures, recordFailure } from "~/features/accounts/queries.server";
import { appendAudit } from "~/features/audit/queries.server";
import { dwellingIdsOf, getDwelling, isListedOwner } from "~/features/places/dwelling-queries.server";
import { getPlace } from "~/features/places/queries.server";
import { codeTaken, findCode, insertCode, revokeCodes, unusedCodeIds, spendCode } from "~/features/residency/code-queries.server";
import { findLive, insertResidency, verifyByCode } from "~/features/residency/queries.server";
import { AppError, actorId, authorize, fail } from "~/features/errors";

export async function generateCodes(actor: Actor, input: { compoundId: number; mode: "missing" | "all" }, now: Date) {
  return transaction(async (trx) => {
    const compound = await getPlace(trx, input.compoundId);
    if (!compound || compound.kind !== "compound") fail(404, "error.notFound");
    authorize(actor, "codes.manage", compound);
    const at = now.toISOString();
    const dwellings = await dwellingIdsOf(trx, compound.id);
    const unused = await unusedCodeIds(trx, compound.id);
    const hasCode = new Set(unused.map((u) => u.dwelling_id));
    if (input.mode === "all" && unused.length > 0) {
      await revokeCodes(
        trx,
        unused.map((u) => u.id),
        at,
      );
      hasCode.clear();
    }
    const targets = dwellings.filter((d) => !hasCode.has(d.id));
    for (const d of targets) {
      // 32^8 codes: a collision is rare; the unique key catches it and we draw again.
      for (let attempt = 0; ; attempt++) {
        const code = codeFromBytes(randomBytes(8));
        if ((await codeTaken(trx, code)) && attempt < 5) continue;
        await insertCode(trx, { dwellingId: d.id, code, createdBy: actorId(actor), at });
        break;
      }
    }
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "codes.generate",
      entityType: "place",
      entityId: compound.id,
      placeId: compound.id,
      data: { mode: input.mode, count: targets.length, revoked: input.mode === "all" ? unused.length : 0 },
      at,
    });
    return targets.length;
  });
}

/**
 * A one-time household code verifies at once. Five wrong codes in 15 minutes pause a person's tries. The wrong
 * try is recorded outside the redeeming transaction, which the refusal rolls back.
 */
export async function redeemCode(userId: number, input: { code: string; relation: Relation }, now: Date) {
  const key = `code:${userId}`;
  const lock = signInLock(await recentFailures(getDb(), key, new Date(now.getTime() - 2 * LOCK_MS).toISOString()), now.getTime());
  if (lock.locked) fail(429, "redeem.tooMany", { minutes: minutesLeft(lock.until, now.getTime()) }, "code");
  try {
    return await transaction((trx) => redeemOnce(trx, userId, input, now));
  } catch (e) {
    if (e instanceof AppError && e.msg.key === "redeem.unknown") await recordFailure(getDb(), key, now.toISOString());
    throw e;
  }
}

async function redeemOnce(trx: DB, userId: number, input: { code: string; relation: Relation }, now: Date) {
  const row = await findCode(trx, input.code);
  if (!row) fail(404, "redeem.unknown", undefined, "code");
  if (row.used_at || row.revoked_at) fail(409, "redeem.used", undefined, "code");
  const dwelling = await getDwelling(trx, row.dwelling_id);
  if (!dwelling) fail(404, "redeem.unknown", undefined, "code");
  if (input.relation === "owner") {
    // Owners count in votes: only a number on the dwelling's roster may claim to be its owner.
    const user = await getUser(trx, userId);
    if (!user || !(await isListedOwner(trx, dwelling.id, user.phone))) fail(409, "redeem.notOwner", undefined, "relation");
  }
  const at = now.toISOString();
  const live = await findLive(trx, userId, dwelling.id);
  if (live?.status === "verified") fail(409, "claim.duplicate");
  if (!(await spendCode(trx, row.id, userId, at))) fail(409, "redeem.used", undefined, "code");
  let residencyId: number;
  if (live) {
    // A pending claim on the same dwelling is settled by the code.
    await verifyByCode(trx, live.id, input.relation, at);
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
}
