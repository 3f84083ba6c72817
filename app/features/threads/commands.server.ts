// Consultation threads: comments with a stance and replies with one or none, edits kept as history, minutes and meetings.
import type { Stance } from "../../../db/schema";
import { type DB, transaction, transactionOn } from "~/db.server";
import { type Actor, can } from "~/domain/permissions";
import { acceptsComments } from "~/domain/proposal-lifecycle";
import { renderMarkdown } from "~/web/markdown.server";
import { appendAudit } from "~/features/audit/queries.server";
import { getComment, insertComment, insertMinutes, mutedUntil, recentCommentTwin, reviseComment } from "~/features/threads/queries.server";
import { notify } from "~/features/notifications/queries.server";
import { type ProposalRow, followersOf } from "~/features/proposals/queries.server";
import { indexDocument } from "~/features/proposals/search-queries.server";
import { authorize, fail } from "~/features/errors";
import { loadVisibleProposal } from "~/features/proposals/access.server";

const DOUBLE_SUBMIT_MS = 60_000;

/** The thread takes words now: in consultation or voting, not locked, and the person not muted there. */
async function assertMayWrite(trx: DB, actor: Actor, p: { state: ProposalRow["state"]; locked: number; compound_id: number }, now: Date) {
  if (!acceptsComments(p.state)) fail(409, "comment.closed");
  if (p.locked) fail(409, "comment.locked");
  const until = await mutedUntil(trx, actor.userId, p.compound_id, now.toISOString());
  if (until) fail(403, "comment.muted", { until: until.slice(0, 16).replace("T", " ") });
}

export async function postComment(actor: Actor, input: { proposalId: number; parentId: number | null; stance: Stance | null; body: string }, now: Date) {
  // Comments on one proposal queue on its row (they all change its count and activity).
  return transactionOn({ table: "proposals", id: input.proposalId }, async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    authorize(actor, "thread.comment", { path: p.compound_path, kind: "compound" });
    await assertMayWrite(trx, actor, p, now);
    if (input.parentId === null && input.stance === null) fail(400, "comment.stanceNeeded", undefined, "stance");
    let parentAuthor: number | null = null;
    if (input.parentId !== null) {
      const parent = await getComment(trx, input.parentId);
      if (!parent || parent.proposal_id !== p.id || parent.parent_id !== null) fail(400, "comment.parent");
      parentAuthor = parent.author_id;
    }
    const at = now.toISOString();
    const since = new Date(now.getTime() - DOUBLE_SUBMIT_MS).toISOString();
    if (await recentCommentTwin(trx, { proposalId: p.id, authorId: actor.userId, body: input.body, since })) fail(409, "comment.doubleSubmit");
    const id = await insertComment(trx, {
      proposalId: p.id,
      authorId: actor.userId,
      parentId: input.parentId,
      stance: input.stance,
      body: input.body,
      html: renderMarkdown(input.body),
      at,
    });
    if (!p.hidden_reason) await indexDocument(trx, { type: "comment", id, compoundId: p.compound_id, proposalId: p.id, text: input.body });
    if (parentAuthor !== null) await notify(trx, { userIds: [parentAuthor], kind: "reply", proposalId: p.id, commentId: id, actorId: actor.userId, at });
    const followers = (await followersOf(trx, p.id)).filter((u) => u !== parentAuthor);
    await notify(trx, { userIds: followers, kind: "comment", proposalId: p.id, commentId: id, actorId: actor.userId, at });
    return id;
  });
}

/** The author edits; the earlier version is kept (coordinators can read it), the comment shows "已编辑". */
export async function editComment(actor: Actor, input: { commentId: number; stance: Stance | null; body: string }, now: Date) {
  return transaction(async (trx) => {
    const c = await getComment(trx, input.commentId);
    if (!c) fail(404, "error.notFound");
    const p = await loadVisibleProposal(trx, actor, c.proposal_id);
    if (c.author_id !== actor.userId) fail(403, "comment.notAuthor");
    if (c.hidden_reason) fail(409, "comment.hiddenNoEdit");
    await assertMayWrite(trx, actor, p, now);
    if (c.parent_id === null && input.stance === null) fail(400, "comment.stanceNeeded", undefined, "stance");
    const at = now.toISOString();
    await reviseComment(trx, c, { stance: input.stance, body: input.body, html: renderMarkdown(input.body), at });
    await indexDocument(trx, { type: "comment", id: c.id, compoundId: p.compound_id, proposalId: p.id, text: input.body });
    await appendAudit(trx, { actorId: actor.userId, action: "comment.edit", entityType: "comment", entityId: c.id, placeId: p.compound_id, at });
  });
}

export async function recordMinutes(
  actor: Actor,
  input: { proposalId: number; kind: "minutes" | "meeting"; body: string; date: string | null; place: string | null; attendance: number | null },
  now: Date,
) {
  return transaction(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    authorize(actor, "minutes.record", { path: p.compound_path, kind: "compound" });
    if (p.state === "draft") fail(409, "proposal.illegalMove", { from: p.state, action: "minutes" });
    const meeting = input.kind === "meeting";
    if (meeting && (!input.date || !input.place || input.attendance === null)) fail(400, "minutes.needMeeting");
    const at = now.toISOString();
    const id = await insertMinutes(trx, {
      proposalId: p.id,
      kind: input.kind,
      date: meeting ? input.date : null,
      place: meeting ? input.place : null,
      attendance: meeting ? input.attendance : null,
      body: input.body,
      html: renderMarkdown(input.body),
      authorId: actor.userId,
      at,
    });
    await appendAudit(trx, {
      actorId: actor.userId,
      action: meeting ? "minutes.meeting" : "minutes.record",
      entityType: "proposal",
      entityId: p.id,
      placeId: p.compound_id,
      data: { minutesId: id },
      at,
    });
    return id;
  });
}

/** Whether this actor may see earlier versions of comments (coordinators of the compound). */
export function maySeeHistory(actor: Actor, compoundPath: string) {
  return can(actor, "thread.moderate", { path: compoundPath, kind: "compound" });
}
