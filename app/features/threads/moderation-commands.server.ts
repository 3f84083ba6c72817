// Moderation by coordinators: hide with a public reason and restore, lock, pin, official answers, mutes,
// and residents' reports. Nothing is deleted; every act is in the audit log and listed on the proposal.
import type { ReportReason } from "../../../db/schema";
import { transaction } from "~/db.server";
import { type Actor, can } from "~/domain/permissions";
import { appendAudit } from "~/features/audit/queries.server";
import { getComment } from "~/features/threads/queries.server";
import {
  commentedIn,
  grantsOf,
  insertMute,
  setCommentHidden,
  setLocked,
  setOfficial,
  setPinned,
  setProposalHidden,
  userName,
} from "~/features/threads/moderation-queries.server";
import { dismiss, getReport, hasOpenReport, insertReport, resolveReports } from "~/features/threads/report-queries.server";
import { notify } from "~/features/notifications/queries.server";
import { indexDocument, unindexDocument } from "~/features/proposals/search-queries.server";
import { actorId, authorize, fail } from "~/features/errors";
import { loadVisibleProposal } from "~/features/proposals/access.server";

export const MODERATION_ACTS = [
  "hide_comment",
  "restore_comment",
  "hide_proposal",
  "restore_proposal",
  "lock",
  "unlock",
  "pin",
  "unpin",
  "official",
  "unofficial",
  "mute",
] as const;

export type ModerationAct = (typeof MODERATION_ACTS)[number];

const COMMENT_ACTS = new Set<ModerationAct>(["hide_comment", "restore_comment", "pin", "unpin", "official", "unofficial"]);

/** What was done, for the message that says so ("已禁言某某 7 天"). */
export interface ModerationDone {
  act: ModerationAct;
  /** A mute: whom, and for how many days. */
  muted?: { name: string; days: number };
}

export async function moderate(
  actor: Actor,
  input: { proposalId: number; act: ModerationAct; commentId: number | null; reason: string | null; userId?: number | null; days?: number | null },
  now: Date,
): Promise<ModerationDone> {
  return transaction(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    const compound = { path: p.compound_path, kind: "compound" as const };
    authorize(actor, "thread.moderate", compound);
    const done: ModerationDone = { act: input.act };
    const at = now.toISOString();
    const data: Record<string, unknown> = {};
    let notifyUser: number | null = null;
    const comment = COMMENT_ACTS.has(input.act) ? await getComment(trx, input.commentId ?? 0) : null;
    if (COMMENT_ACTS.has(input.act) && (!comment || comment.proposal_id !== p.id)) fail(404, "error.notFound");
    if (comment) data.commentId = comment.id;
    const needsReason = input.act === "hide_comment" || input.act === "hide_proposal" || input.act === "mute";
    if (needsReason && !input.reason) fail(400, "proposal.reasonRequired", undefined, "reason");

    switch (input.act) {
      case "hide_comment":
      case "restore_comment": {
        const hide = input.act === "hide_comment";
        if (hide === !!comment!.hidden_reason) fail(409, hide ? "mod.alreadyHidden" : "mod.notHidden");
        await setCommentHidden(trx, comment!.id, hide ? input.reason : null);
        if (hide) await unindexDocument(trx, "comment", comment!.id);
        else if (!p.hidden_reason)
          await indexDocument(trx, { type: "comment", id: comment!.id, compoundId: p.compound_id, proposalId: p.id, text: comment!.body_md });
        if (hide) await resolveReports(trx, actorId(actor), p.id, comment!.id, at);
        notifyUser = comment!.author_id;
        break;
      }
      case "hide_proposal":
      case "restore_proposal": {
        const hide = input.act === "hide_proposal";
        if (hide === !!p.hidden_reason) fail(409, hide ? "mod.alreadyHidden" : "mod.notHidden");
        await setProposalHidden(trx, p.id, hide ? input.reason : null);
        if (hide) await unindexDocument(trx, "proposal", p.id);
        else await indexDocument(trx, { type: "proposal", id: p.id, compoundId: p.compound_id, proposalId: p.id, text: `${p.title}\n${p.body_md}` });
        if (hide) await resolveReports(trx, actorId(actor), p.id, null, at);
        notifyUser = p.author_id;
        break;
      }
      case "lock":
      case "unlock": {
        const lock = input.act === "lock";
        if (lock === !!p.locked) fail(409, "proposal.illegalMove", { from: p.state, action: input.act });
        await setLocked(trx, p.id, lock);
        break;
      }
      case "pin":
      case "unpin":
        await setPinned(trx, comment!.id, input.act === "pin");
        break;
      case "official":
      case "unofficial": {
        if (input.act === "official") {
          const authorActor: Actor = { userId: comment!.author_id, grants: await grantsOf(trx, comment!.author_id), residencies: [] };
          if (!can(authorActor, "thread.moderate", compound)) fail(409, "comment.officialOnly");
        }
        await setOfficial(trx, comment!.id, input.act === "official");
        break;
      }
      case "mute": {
        const days = input.days ?? 0;
        if (!Number.isInteger(days) || days < 1 || days > 90) fail(400, "mod.days", undefined, "days");
        const target = input.userId ?? 0;
        if (target === actor.userId) fail(409, "mod.muteSelf");
        if (target !== p.author_id && !(await commentedIn(trx, p.id, target))) fail(404, "error.notFound");
        const name = await userName(trx, target);
        const until = new Date(now.getTime() + days * 86_400_000).toISOString();
        await insertMute(trx, { compoundId: p.compound_id, userId: target, until, reason: input.reason!, by: actorId(actor), at });
        data.userId = target;
        data.until = until;
        notifyUser = target;
        done.muted = { name, days };
        break;
      }
    }
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: `mod.${input.act}`,
      entityType: "proposal",
      entityId: p.id,
      placeId: p.compound_id,
      reason: input.reason,
      data,
      at,
    });
    if (notifyUser !== null)
      await notify(trx, {
        userIds: [notifyUser],
        kind: "moderated",
        proposalId: p.id,
        commentId: comment?.id ?? null,
        actorId: actorId(actor),
        data: { act: input.act },
        at,
      });
    return done;
  });
}

export async function report(actor: Actor, input: { proposalId: number; commentId: number | null; reason: ReportReason; note: string | null }, now: Date) {
  return transaction(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    authorize(actor, "content.report", { path: p.compound_path, kind: "compound" });
    if (input.commentId !== null) {
      const c = await getComment(trx, input.commentId);
      if (!c || c.proposal_id !== p.id) fail(404, "error.notFound");
    }
    if (await hasOpenReport(trx, actor.userId, p.id, input.commentId)) fail(409, "report.twice");
    const at = now.toISOString();
    const id = await insertReport(trx, {
      compoundId: p.compound_id,
      proposalId: p.id,
      commentId: input.commentId,
      reporterId: actor.userId,
      reason: input.reason,
      note: input.note,
      at,
    });
    await appendAudit(trx, {
      actorId: actor.userId,
      action: "report.create",
      entityType: "report",
      entityId: id,
      placeId: p.compound_id,
      data: { reason: input.reason },
      at,
    });
    return id;
  });
}

export async function dismissReport(actor: Actor, input: { reportId: number; compoundPath: string }, now: Date) {
  return transaction(async (trx) => {
    const r = await getReport(trx, input.reportId);
    if (!r || r.path !== input.compoundPath) fail(404, "error.notFound");
    authorize(actor, "thread.moderate", { path: r.path, kind: "compound" });
    if (r.status !== "open") fail(409, "report.twice");
    const at = now.toISOString();
    await dismiss(trx, r.id, actorId(actor), at);
    await appendAudit(trx, { actorId: actorId(actor), action: "report.dismiss", entityType: "report", entityId: r.id, placeId: r.compound_id, at });
  });
}
