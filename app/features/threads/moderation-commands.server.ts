// Moderation by coordinators: hide with a public reason and restore, lock, pin, official answers, mutes,
// and residents' reports. Nothing is deleted; every act is in the audit log and listed on the proposal.
import type { Kysely } from "kysely";
import type { Database, ReportReason } from "../../../db/schema";
import { type Actor, can } from "~/domain/permissions";
import { appendAudit } from "~/features/audit/queries.server";
import { getComment } from "~/features/threads/queries.server";
import { notify } from "~/features/notifications/queries.server";
import { indexDocument, unindexDocument } from "~/features/proposals/search-queries.server";
import { actorId, authorize, fail } from "~/features/errors";
import { loadVisibleProposal } from "~/features/proposals/commands.server";

type Db = Kysely<Database>;

export type ModerationAct =
  | "hide_comment"
  | "restore_comment"
  | "hide_proposal"
  | "restore_proposal"
  | "lock"
  | "unlock"
  | "pin"
  | "unpin"
  | "official"
  | "unofficial"
  | "mute";

export const MODERATION_ACTS: readonly ModerationAct[] = [
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
];

const COMMENT_ACTS = new Set<ModerationAct>(["hide_comment", "restore_comment", "pin", "unpin", "official", "unofficial"]);

/** What was done, for the message that says so ("已禁言某某 7 天"). */
export interface ModerationDone {
  act: ModerationAct;
  /** A mute: whom, and for how many days. */
  muted?: { name: string; days: number };
}

export async function moderate(
  db: Db,
  actor: Actor,
  input: { proposalId: number; act: ModerationAct; commentId: number | null; reason: string | null; userId?: number | null; days?: number | null },
  now: Date,
): Promise<ModerationDone> {
  return db.transaction().execute(async (trx) => {
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
        await trx.updateTable("comments").set({ hidden_reason: hide ? input.reason : null }).where("id", "=", comment!.id).execute();
        if (hide) await unindexDocument(trx, "comment", comment!.id);
        else if (!p.hidden_reason) await indexDocument(trx, { type: "comment", id: comment!.id, compoundId: p.compound_id, proposalId: p.id, text: comment!.body_md });
        if (hide) await resolveReports(trx, actor, p.id, comment!.id, at);
        notifyUser = comment!.author_id;
        break;
      }
      case "hide_proposal":
      case "restore_proposal": {
        const hide = input.act === "hide_proposal";
        if (hide === !!p.hidden_reason) fail(409, hide ? "mod.alreadyHidden" : "mod.notHidden");
        await trx.updateTable("proposals").set({ hidden_reason: hide ? input.reason : null }).where("id", "=", p.id).execute();
        if (hide) await unindexDocument(trx, "proposal", p.id);
        else await indexDocument(trx, { type: "proposal", id: p.id, compoundId: p.compound_id, proposalId: p.id, text: `${p.title}\n${p.body_md}` });
        if (hide) await resolveReports(trx, actor, p.id, null, at);
        notifyUser = p.author_id;
        break;
      }
      case "lock":
      case "unlock": {
        const lock = input.act === "lock";
        if (lock === !!p.locked) fail(409, "proposal.illegalMove", { from: p.state, action: input.act });
        await trx.updateTable("proposals").set({ locked: lock ? 1 : 0 }).where("id", "=", p.id).execute();
        break;
      }
      case "pin":
      case "unpin":
        await trx.updateTable("comments").set({ pinned: input.act === "pin" ? 1 : 0 }).where("id", "=", comment!.id).execute();
        break;
      case "official":
      case "unofficial": {
        if (input.act === "official") {
          const author = await trx
            .selectFrom("role_grants as g")
            .innerJoin("places as pl", "pl.id", "g.place_id")
            .select(["g.role", "pl.path"])
            .where("g.user_id", "=", comment!.author_id)
            .where("g.revoked_at", "is", null)
            .execute();
          const authorActor: Actor = { userId: comment!.author_id, grants: author.map((g) => ({ role: g.role, placePath: g.path })), residencies: [] };
          if (!can(authorActor, "thread.moderate", compound)) fail(409, "comment.officialOnly");
        }
        await trx.updateTable("comments").set({ official: input.act === "official" ? 1 : 0 }).where("id", "=", comment!.id).execute();
        break;
      }
      case "mute": {
        const days = input.days ?? 0;
        if (!Number.isInteger(days) || days < 1 || days > 90) fail(400, "mod.days", undefined, "days");
        const target = input.userId ?? 0;
        if (target === actor.userId) fail(409, "mod.muteSelf");
        const author = await trx.selectFrom("comments").select("author_id").where("proposal_id", "=", p.id).where("author_id", "=", target).executeTakeFirst();
        const isAuthor = target === p.author_id;
        if (!author && !isAuthor) fail(404, "error.notFound");
        const person = await trx.selectFrom("users").select("name").where("id", "=", target).executeTakeFirstOrThrow();
        const until = new Date(now.getTime() + days * 86_400_000).toISOString();
        await trx
          .insertInto("mutes")
          .values({ compound_id: p.compound_id, user_id: target, until, reason: input.reason!, muted_by: actorId(actor), created_at: at })
          .execute();
        data.userId = target;
        data.until = until;
        notifyUser = target;
        done.muted = { name: person.name, days };
        break;
      }
    }
    await appendAudit(trx, { actorId: actorId(actor), action: `mod.${input.act}`, entityType: "proposal", entityId: p.id, placeId: p.compound_id, reason: input.reason, data, at });
    if (notifyUser !== null) await notify(trx, { userIds: [notifyUser], kind: "moderated", proposalId: p.id, commentId: comment?.id ?? null, actorId: actorId(actor), data: { act: input.act }, at });
    return done;
  });
}

async function resolveReports(trx: Db, actor: Actor, proposalId: number, commentId: number | null, at: string) {
  let q = trx.updateTable("reports").set({ status: "resolved", resolved_by: actorId(actor), resolved_at: at }).where("proposal_id", "=", proposalId).where("status", "=", "open");
  q = commentId === null ? q.where("comment_id", "is", null) : q.where("comment_id", "=", commentId);
  await q.execute();
}

export async function report(
  db: Db,
  actor: Actor,
  input: { proposalId: number; commentId: number | null; reason: ReportReason; note: string | null },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    authorize(actor, "content.report", { path: p.compound_path, kind: "compound" });
    if (input.commentId !== null) {
      const c = await getComment(trx, input.commentId);
      if (!c || c.proposal_id !== p.id) fail(404, "error.notFound");
    }
    let open = trx.selectFrom("reports").select("id").where("reporter_id", "=", actor.userId).where("proposal_id", "=", p.id).where("status", "=", "open");
    open = input.commentId === null ? open.where("comment_id", "is", null) : open.where("comment_id", "=", input.commentId);
    if (await open.executeTakeFirst()) fail(409, "report.twice");
    const at = now.toISOString();
    const { id } = await trx
      .insertInto("reports")
      .values({
        compound_id: p.compound_id,
        proposal_id: p.id,
        comment_id: input.commentId,
        reporter_id: actor.userId,
        reason: input.reason,
        note: input.note,
        status: "open",
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actorId: actor.userId, action: "report.create", entityType: "report", entityId: id, placeId: p.compound_id, data: { reason: input.reason }, at });
    return id;
  });
}

export async function dismissReport(db: Db, actor: Actor, input: { reportId: number; compoundPath: string }, now: Date) {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom("reports as r")
      .innerJoin("places as c", "c.id", "r.compound_id")
      .select(["r.id", "r.status", "r.compound_id", "c.path"])
      .where("r.id", "=", input.reportId)
      .executeTakeFirst();
    if (!r || r.path !== input.compoundPath) fail(404, "error.notFound");
    authorize(actor, "thread.moderate", { path: r.path, kind: "compound" });
    if (r.status !== "open") fail(409, "report.twice");
    const at = now.toISOString();
    await trx.updateTable("reports").set({ status: "dismissed", resolved_by: actorId(actor), resolved_at: at }).where("id", "=", r.id).execute();
    await appendAudit(trx, { actorId: actorId(actor), action: "report.dismiss", entityType: "report", entityId: r.id, placeId: r.compound_id, at });
  });
}
