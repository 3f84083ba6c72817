// Ballots: casting and changing one online, and paper ballots with a second person's confirmation. Each
// runs in the group commit (ballot-queries.server.ts): the decisions below run inside it, on what it reads.
// They are work generators (db/prepared.ts): `yield*` reads a fact, on either engine.
import { getDb } from "~/db.server";
import { type Actor, can } from "~/domain/permissions";
import type { Choice } from "~/domain/tally";
import { auditRow } from "~/features/audit/queries.server";
import { authorize, fail } from "~/features/errors";
import { type VoteFacts, castInGroup, confirmPaperInGroup, enterPaperInGroup } from "./ballot-queries.server";
import { assertOpen, paperTarget, seesVoteByPlace } from "./rules";

const DOUBLE_SUBMIT_MS = 3_000;

/**
 * The vote, when this actor may see it (seesVoteByPlace; the electorate is read only when the places do not
 * decide); otherwise a 404 (another compound's vote is not there).
 */
function* visible(actor: Actor, f: VoteFacts) {
  const v = f.vote;
  if (!v || !(seesVoteByPlace(actor, v.compound_path) || (yield* f.isVoter(actor.userId)))) fail(404, "error.notFound");
  return v;
}

/**
 * Casts (or changes) the ballot of every elector the person may cast for. The same ballot sent again within a
 * few seconds (a second tap, a resent form) is refused: a different choice is a change of mind, and counts.
 */
export function castBallot(actor: Actor, user: { id: number; phone: string }, input: { voteId: number; choice: Choice }, now: Date) {
  return castInGroup(getDb(), { voteId: input.voteId, user }, function* (f) {
    const vote = yield* visible(actor, f);
    assertOpen(vote, now);
    const electors = yield* f.electors(vote.id);
    if (electors.length === 0) fail(403, "vote.notElector");
    const last = yield* f.latestCast(vote, electors);
    if (last && now.getTime() - Date.parse(last.at) < DOUBLE_SUBMIT_MS && (yield* last.choice()) === input.choice) fail(409, "vote.doubleSubmit");
    return { vote, electors, choice: input.choice, at: now.toISOString() };
  });
}

/**
 * A paper ballot is entered for one dwelling and, like an online one, is its owner's ballot for all their
 * dwellings in the frozen electorate: one owner, one choice. So one owner has at most one waiting paper ballot.
 */
export function enterPaperBallot(actor: Actor, input: { voteId: number; electorId: number; choice: Choice }, now: Date) {
  return enterPaperInGroup(getDb(), { voteId: input.voteId }, function* (f) {
    const v = yield* visible(actor, f);
    authorize(actor, "vote.paper", { path: v.compound_path, kind: "compound" });
    assertOpen(v, now);
    const e = yield* f.elector(input.electorId, v.id);
    if (!e) fail(404, "vote.noSuchElector", undefined, "electorId");
    if (yield* f.hasPendingPaper(v.id, e.owner_key)) fail(409, "vote.paperPending");
    const at = now.toISOString();
    return {
      voteId: v.id,
      electorId: e.id,
      choice: input.choice,
      by: actor.userId,
      at,
      audit: (paperId: number) =>
        auditRow({ actorId: actor.userId, action: "vote.paper_enter", entityType: "vote", entityId: v.id, placeId: v.compound_id, data: { paperId }, at }),
    };
  });
}

/**
 * A second person with a role in the compound confirms; then it counts as the owner's ballot for every dwelling
 * they own in the frozen electorate (the owner's later ballot, online or paper, counts). `label` and `code` are
 * those of the dwelling it was entered for; `receipts` has one per dwelling it counts for.
 */
export async function confirmPaperBallot(actor: Actor, input: { voteId: number; paperId: number }, now: Date) {
  let enteredFor = 0;
  const receipts = await confirmPaperInGroup(getDb(), { voteId: input.voteId }, function* (f) {
    const vote = yield* visible(actor, f);
    const paper = yield* f.paper(input.paperId, vote.id);
    if (!paper) fail(404, "error.notFound");
    if (!can(actor, "vote.confirm", paperTarget(paper, vote.compound_path))) fail(403, "error.forbidden");
    if (paper.entered_by === actor.userId) fail(409, "vote.sameConfirmer");
    if (paper.status !== "pending" || !paper.choice) fail(409, "vote.paperDone");
    assertOpen(vote, now);
    enteredFor = paper.elector_id;
    const at = now.toISOString();
    // In a secret vote the paper keeps no choice once it counts: nothing links an elector to a choice.
    const audit = auditRow({
      actorId: actor.userId,
      action: "vote.paper_confirm",
      entityType: "vote",
      entityId: vote.id,
      placeId: vote.compound_id,
      data: { paperId: paper.id },
      at,
    });
    return { vote, paper, choice: paper.choice, keep: vote.secret ? null : paper.choice, by: actor.userId, at, audit };
  });
  const own = receipts.find((r) => r.electorId === enteredFor)!;
  return { label: own.label, code: own.code, receipts: receipts.map((r) => ({ label: r.label, code: r.code })) };
}
