// Consultation threads: comments with a stance and replies with one or none, edits kept as history, minutes and meetings.
import type { Kysely } from "kysely";
import type { Database, Stance } from "../../../db/schema";
import { type Actor, can } from "~/domain/permissions";
import { acceptsComments } from "~/domain/proposal-lifecycle";
import { renderMarkdown } from "~/web/markdown.server";
import { appendAudit } from "~/features/audit/queries.server";
import { getComment } from "~/features/threads/queries.server";
import { notify } from "~/features/notifications/queries.server";
import { type ProposalRow, followersOf } from "~/features/proposals/queries.server";
import { indexDocument } from "~/features/proposals/search-queries.server";
import { authorize, fail } from "~/features/errors";
import { loadVisibleProposal } from "~/features/proposals/commands.server";

type Db = Kysely<Database>;

const DOUBLE_SUBMIT_MS = 60_000;

/** The end of a person's mute in a compound, if one is in force. */
export async function mutedUntil(db: Db, userId: number, compoundId: number, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom("mutes")
    .select("until")
    .where("user_id", "=", userId)
    .where("compound_id", "=", compoundId)
    .where("until", ">", now.toISOString())
    .orderBy("until", "desc")
    .executeTakeFirst();
  return row?.until ?? null;
}

/** The thread takes words now: in consultation or voting, not locked, and the person not muted there. */
async function assertMayWrite(trx: Db, actor: Actor, p: { state: ProposalRow["state"]; locked: number; compound_id: number }, now: Date) {
  if (!acceptsComments(p.state)) fail(409, "comment.closed");
  if (p.locked) fail(409, "comment.locked");
  const until = await mutedUntil(trx, actor.userId, p.compound_id, now);
  if (until) fail(403, "comment.muted", { until: until.slice(0, 16).replace("T", " ") });
}

export async function postComment(
  db: Db,
  actor: Actor,
  input: { proposalId: number; parentId: number | null; stance: Stance | null; body: string },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
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
    const twin = await trx
      .selectFrom("comments")
      .select("id")
      .where("proposal_id", "=", p.id)
      .where("author_id", "=", actor.userId)
      .where("body_md", "=", input.body)
      .where("created_at", ">", new Date(now.getTime() - DOUBLE_SUBMIT_MS).toISOString())
      .executeTakeFirst();
    if (twin) fail(409, "comment.doubleSubmit");
    const { id } = await trx
      .insertInto("comments")
      .values({
        proposal_id: p.id,
        author_id: actor.userId,
        parent_id: input.parentId,
        stance: input.stance,
        body_md: input.body,
        body_html: renderMarkdown(input.body),
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("proposals").set((eb) => ({ comment_count: eb("comment_count", "+", 1), last_activity_at: at })).where("id", "=", p.id).execute();
    if (!p.hidden_reason) await indexDocument(trx, { type: "comment", id, compoundId: p.compound_id, proposalId: p.id, text: input.body });
    if (parentAuthor !== null) await notify(trx, { userIds: [parentAuthor], kind: "reply", proposalId: p.id, commentId: id, actorId: actor.userId, at });
    const followers = (await followersOf(trx, p.id)).filter((u) => u !== parentAuthor);
    await notify(trx, { userIds: followers, kind: "comment", proposalId: p.id, commentId: id, actorId: actor.userId, at });
    return id;
  });
}

/** The author edits; the earlier version is kept (coordinators can read it), the comment shows "已编辑". */
export async function editComment(db: Db, actor: Actor, input: { commentId: number; stance: Stance | null; body: string }, now: Date) {
  return db.transaction().execute(async (trx) => {
    const c = await getComment(trx, input.commentId);
    if (!c) fail(404, "error.notFound");
    const p = await loadVisibleProposal(trx, actor, c.proposal_id);
    if (c.author_id !== actor.userId) fail(403, "comment.notAuthor");
    if (c.hidden_reason) fail(409, "comment.hiddenNoEdit");
    await assertMayWrite(trx, actor, p, now);
    if (c.parent_id === null && input.stance === null) fail(400, "comment.stanceNeeded", undefined, "stance");
    const at = now.toISOString();
    await trx
      .insertInto("comment_revisions")
      .values({ comment_id: c.id, stance: c.stance, body_md: c.body_md, body_html: c.body_html, created_at: c.edited_at ?? c.created_at })
      .execute();
    await trx
      .updateTable("comments")
      .set({ stance: input.stance, body_md: input.body, body_html: renderMarkdown(input.body), edited_at: at })
      .where("id", "=", c.id)
      .execute();
    await indexDocument(trx, { type: "comment", id: c.id, compoundId: p.compound_id, proposalId: p.id, text: input.body });
    await appendAudit(trx, { actorId: actor.userId, action: "comment.edit", entityType: "comment", entityId: c.id, placeId: p.compound_id, at });
  });
}

export async function recordMinutes(
  db: Db,
  actor: Actor,
  input: { proposalId: number; kind: "minutes" | "meeting"; body: string; date: string | null; place: string | null; attendance: number | null },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    authorize(actor, "minutes.record", { path: p.compound_path, kind: "compound" });
    if (p.state === "draft") fail(409, "proposal.illegalMove", { from: p.state, action: "minutes" });
    if (input.kind === "meeting" && (!input.date || !input.place || input.attendance === null)) fail(400, "minutes.needMeeting");
    const at = now.toISOString();
    const { id } = await trx
      .insertInto("minutes")
      .values({
        proposal_id: p.id,
        kind: input.kind,
        meeting_date: input.kind === "meeting" ? input.date : null,
        meeting_place: input.kind === "meeting" ? input.place : null,
        attendance: input.kind === "meeting" ? input.attendance : null,
        body_md: input.body,
        body_html: renderMarkdown(input.body),
        author_id: actor.userId,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("proposals").set({ last_activity_at: at }).where("id", "=", p.id).execute();
    await appendAudit(trx, {
      actorId: actor.userId,
      action: input.kind === "meeting" ? "minutes.meeting" : "minutes.record",
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
