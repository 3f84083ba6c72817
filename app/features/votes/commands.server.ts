// Votes: opening with a frozen electorate, and closing with a frozen tally, a published hash chain and a
// resolution. Ballots (online and paper) are in ballot-commands.server.ts.
import { randomBytes } from "node:crypto";
import { type DB, getDb, transaction } from "~/db.server";
import { buildChain, resolutionNumber } from "~/domain/ballot-chain";
import type { Actor } from "~/domain/permissions";
import { type CountedBallot, type Elector, type Rule, tally } from "~/domain/tally";
import { acceptsVote } from "~/domain/proposal-lifecycle";
import { beijingDate } from "~/domain/working-days";
import { appendAudit } from "~/features/audit/queries.server";
import { getProposal } from "~/features/proposals/queries.server";
import { actorId, authorize, fail } from "~/features/errors";
import { loadVisibleProposal } from "~/features/proposals/access.server";
import { applyMove } from "~/features/proposals/commands.server";
import { runClaimed } from "~/features/shared-state/jobs.server";
import { getVote } from "./queries.server";
import {
  ballotsToCount,
  claimDueVote,
  expirePendingPaper,
  freezeElectorate,
  insertResolution,
  insertVote,
  markClosed,
  nextResolutionSeq,
  publishChain,
  rewriteChoicesInSlotOrder,
  vacuumBallots,
} from "./lifecycle-queries.server";
import { log } from "~/web/log.server";
import { sha256Hex, slotOf } from "./slots.server";

const NOTICE_DAYS = 7;

export interface OpenVoteInput {
  proposalId: number;
  rule: Rule;
  per: "person" | "dwelling";
  quorumPercent: number;
  secret: boolean;
  opensAt: Date;
  closesAt: Date;
}

export async function openVote(actor: Actor, input: OpenVoteInput, now: Date) {
  return transaction(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    authorize(actor, "vote.open", { path: p.compound_path, kind: "compound" });
    if (!acceptsVote(p.state)) fail(409, "vote.notPublished");
    if (!(input.closesAt.getTime() > input.opensAt.getTime())) fail(400, "vote.badWindow", undefined, "closesAt");
    if (input.closesAt.getTime() <= now.getTime()) fail(400, "vote.badWindow", undefined, "closesAt");
    // A window starts no earlier than a day ago and lasts at most 90 days.
    if (input.opensAt.getTime() < now.getTime() - 86_400_000) fail(400, "vote.badWindow", undefined, "opensAt");
    if (input.closesAt.getTime() - input.opensAt.getTime() > 90 * 86_400_000) fail(400, "vote.windowTooLong", undefined, "closesAt");
    const per = input.rule === "residents" ? input.per : "dwelling";
    const at = now.toISOString();
    const voteId = await insertVote(trx, {
      proposal_id: p.id,
      compound_id: p.compound_id,
      rule: input.rule,
      per,
      quorum_percent: input.rule === "residents" ? input.quorumPercent : 0,
      secret: input.secret ? 1 : 0,
      opens_at: input.opensAt.toISOString(),
      closes_at: input.closesAt.toISOString(),
      slot_salt: randomBytes(32).toString("hex"),
      opened_by: actorId(actor),
      created_at: at,
    });
    const count = await freezeElectorate(trx, voteId, p.compound_id, input.rule, per);
    if (count === 0) fail(409, "vote.noElectorate");
    await applyMove(trx, actor, p, "open_vote", "coordinator", { reason: null }, at);
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "vote.open",
      entityType: "vote",
      entityId: voteId,
      placeId: p.compound_id,
      data: { proposalId: p.id, rule: input.rule, per, secret: input.secret, electors: count },
      at,
    });
    return voteId;
  });
}

/**
 * Closes a vote whose window has ended: tally frozen, list published, link to identities erased. Then, on
 * PostgreSQL, the old row versions of the ballots are vacuumed away.
 */
export async function closeVote(voteId: number, now: Date) {
  const closed = await transaction((trx) => closeIn(trx, voteId, now));
  if (closed) await vacuumAfterClose();
  return closed;
}

/** Best effort: a failure leaves dead row versions until the next close or autovacuum, and is logged. */
async function vacuumAfterClose() {
  try {
    await vacuumBallots(getDb());
  } catch (err) {
    log().warn({ err }, "vacuum of the ballot tables after closing a vote failed");
  }
}

/** Closes a vote inside `trx` (the command's, or the scheduled job's that claimed it); null when not due. */
async function closeIn(trx: DB, voteId: number, now: Date) {
  const v = await getVote(trx, voteId);
  if (!v || v.status !== "open" || !v.slot_salt) return null;
  if (now.toISOString() < v.closes_at) return null;
  const { electors, casts, choices: choiceRows } = await ballotsToCount(trx, v.id);
  // Casts in the order they were last made: where one owner's dwellings disagree, the latest counts.
  const choices = new Map(choiceRows.map((c) => [c.slot, c]));
  const byId = new Map(electors.map((e) => [e.id, e]));
  const counted: CountedBallot[] = [];
  const published: { receiptHash: string; choice: string }[] = [];
  for (const [i, c] of casts.entries()) {
    const e = byId.get(c.elector_id);
    const choice = choices.get(slotOf(v.slot_salt, c.elector_id));
    if (!e || !choice) continue;
    counted.push({ electorKey: e.key, choice: choice.choice, seq: i });
    published.push({ receiptHash: choice.receipt_hash, choice: choice.choice });
  }
  const result = tally({
    rule: v.rule,
    electors: electors.map((e): Elector => ({ key: e.key, ownerKey: e.owner_key, areaCenti: e.area_centi })),
    ballots: counted,
    quorumPercent: v.quorum_percent,
  });
  const chain = buildChain(v.id, published, sha256Hex);
  const at = now.toISOString();
  // The vote row is written first: a concurrent closer of the same vote then waits on it and, once this one
  // commits, fails as a serialisation failure and runs again (finding it closed), rather than with a duplicate
  // published ballot, which PostgreSQL would report as a unique violation (no read of those keys came first).
  await markClosed(trx, v.id, { at, result: JSON.stringify(result), passed: result.passed, chainHead: chain.at(-1)?.chainHash ?? null });
  await publishChain(trx, v.id, chain);
  // The salt went in markClosed; in the same transaction, the choice side loses its casting order and ids.
  await rewriteChoicesInSlotOrder(trx, v.id);
  // Paper ballots that nobody confirmed in time do not count; they stay, marked so. In a secret vote their
  // choice goes, as a confirmed one's does: nothing links an elector to a choice once the vote is closed.
  await expirePendingPaper(trx, v.id, !!v.secret);
  const p = (await getProposal(trx, v.proposal_id))!;
  await applyMove(trx, null, p, result.passed ? "adopt" : "reject", "system", { reason: null }, at);
  await appendAudit(trx, {
    actorId: null,
    action: "vote.close",
    entityType: "vote",
    entityId: v.id,
    placeId: v.compound_id,
    data: { passed: result.passed, failed: result.failed, ballots: chain.length },
    at,
  });
  let resolutionId: number | null = null;
  if (result.passed) {
    const year = Number(beijingDate(now).slice(0, 4));
    const seq = await nextResolutionSeq(trx, v.compound_id, year);
    const number = resolutionNumber(year, v.compound, seq);
    const notice = new Date(now.getTime() + NOTICE_DAYS * 86_400_000).toISOString();
    resolutionId = await insertResolution(trx, {
      proposal_id: p.id,
      vote_id: v.id,
      compound_id: v.compound_id,
      year,
      seq,
      number,
      title: p.title,
      tally: JSON.stringify(result),
      notice_starts: at,
      notice_ends: notice,
      created_at: at,
    });
    await appendAudit(trx, {
      actorId: null,
      action: "resolution.create",
      entityType: "resolution",
      entityId: resolutionId,
      placeId: v.compound_id,
      data: { number },
      at,
    });
  }
  // Followers hear of the new state once, from applyMove above.
  return { passed: result.passed, resolutionId };
}

/**
 * The scheduled job: close every vote whose window has ended, each in the transaction that claimed it, so each
 * is closed once whichever app server runs the job first. Also `npm run jobs`.
 */
export async function runDueJobs(now: Date): Promise<number[]> {
  const at = now.toISOString();
  const closed = await runClaimed(
    (trx, passed) => claimDueVote(trx, at, passed),
    (trx, id) => closeIn(trx, id, now),
  );
  // Once for the batch, after its commits (VACUUM runs outside a transaction).
  if (closed.length > 0) await vacuumAfterClose();
  return closed;
}
