// Proposals: drafting, the lifecycle moves, co-sponsoring and following.
import type { Kysely } from "kysely";
import type { Category, Database, ProposalState } from "../../../db/schema";
import { type Actor, can } from "~/domain/permissions";
import { type Party, type ProposalAction, PROPOSAL_RULES, acceptsCosponsors, isEditable, reachesThreshold, transition } from "~/domain/proposal-lifecycle";
import { renderMarkdown } from "~/web/markdown.server";
import { appendAudit } from "~/features/audit/queries.server";
import { getPlace } from "~/features/places/queries.server";
import {
  type ProposalRow,
  cosponsorThreshold,
  follow,
  followersOf,
  getProposal,
  supportingDwellings,
} from "~/features/proposals/queries.server";
import { notify } from "~/features/notifications/queries.server";
import { indexDocument, unindexDocument } from "~/features/proposals/search-queries.server";
import { actorId, authorize, fail } from "~/features/errors";

type Db = Kysely<Database>;

const DOUBLE_SUBMIT_MS = 60_000;

/** The proposal as this actor may see it: drafts only by their author; another compound's not at all. */
export async function loadVisibleProposal(db: Db, actor: Actor, proposalId: number): Promise<ProposalRow> {
  const p = await getProposal(db, proposalId);
  if (!p) fail(404, "error.notFound");
  const compound = { path: p.compound_path, kind: "compound" as const };
  if (!can(actor, "compound.view", compound)) fail(404, "error.notFound");
  if (p.state === "draft" && p.author_id !== actor.userId) fail(404, "error.notFound");
  return p;
}

export async function createDraft(
  db: Db,
  actor: Actor,
  input: { compoundId: number; title: string; body: string; category: Category; submit?: boolean },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const compound = await getPlace(trx, input.compoundId);
    if (!compound || compound.kind !== "compound") fail(404, "error.notFound");
    authorize(actor, "proposal.create", compound);
    const at = now.toISOString();
    const twin = await trx
      .selectFrom("proposals")
      .select("id")
      .where("author_id", "=", actor.userId)
      .where("title", "=", input.title)
      .where("body_md", "=", input.body)
      .where("created_at", ">", new Date(now.getTime() - DOUBLE_SUBMIT_MS).toISOString())
      .executeTakeFirst();
    if (twin) fail(409, "proposal.doubleSubmit");
    const { id } = await trx
      .insertInto("proposals")
      .values({
        compound_id: compound.id,
        author_id: actor.userId,
        title: input.title,
        body_md: input.body,
        body_html: renderMarkdown(input.body),
        category: input.category,
        state: "draft",
        created_at: at,
        updated_at: at,
        last_activity_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await follow(trx, actor.userId, id, at);
    await appendAudit(trx, { actorId: actor.userId, action: "proposal.create", entityType: "proposal", entityId: id, placeId: compound.id, at });
    if (input.submit) await applyMove(trx, actor, (await getProposal(trx, id))!, "submit", "author", { reason: null }, at);
    return id;
  });
}

export async function updateDraft(
  db: Db,
  actor: Actor,
  input: { proposalId: number; title: string; body: string; category: Category; submit?: boolean },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    if (p.author_id !== actor.userId) fail(403, "error.forbidden");
    if (!isEditable(p.state)) fail(409, "proposal.notEditable");
    const at = now.toISOString();
    await trx
      .updateTable("proposals")
      .set({ title: input.title, body_md: input.body, body_html: renderMarkdown(input.body), category: input.category, updated_at: at })
      .where("id", "=", p.id)
      .where("state", "=", "draft")
      .execute();
    await appendAudit(trx, { actorId: actor.userId, action: "proposal.edit", entityType: "proposal", entityId: p.id, placeId: p.compound_id, at });
    if (input.submit) await applyMove(trx, actor, (await getProposal(trx, p.id))!, "submit", "author", { reason: null }, at);
  });
}

/** Which party the actor acts as for this move, or the refusal. */
function partyFor(actor: Actor, p: ProposalRow, action: ProposalAction): Party {
  const by = PROPOSAL_RULES[action].by;
  if (by.includes("author") && p.author_id === actor.userId) return "author";
  if (by.includes("coordinator") && can(actor, "proposal.review", { path: p.compound_path, kind: "compound" })) return "coordinator";
  fail(403, "error.forbidden");
}

export async function applyMove(
  trx: Db,
  actor: Actor | null,
  p: ProposalRow,
  action: ProposalAction,
  party: Party,
  extra: { reason: string | null; mergedInto?: number | null },
  at: string,
) {
  const result = transition(p.state, action, party, extra.reason);
  if (!result.ok) {
    if (result.error === "reason_required") fail(400, "proposal.reasonRequired", undefined, "reason");
    fail(409, "proposal.illegalMove", { from: p.state, action });
  }
  const to: ProposalState = result.to;
  const moved = await trx
    .updateTable("proposals")
    .set({ state: to, state_reason: extra.reason, merged_into_id: extra.mergedInto ?? null, updated_at: at, last_activity_at: at })
    .where("id", "=", p.id)
    .where("state", "=", p.state)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) fail(409, "proposal.illegalMove", { from: p.state, action });
  const who = actor ? actorId(actor) : null;
  await appendAudit(trx, {
    actorId: who,
    action: "proposal.transition",
    entityType: "proposal",
    entityId: p.id,
    placeId: p.compound_id,
    reason: extra.reason,
    data: { from: p.state, to, move: action, mergedInto: extra.mergedInto ?? undefined },
    at,
  });
  // What the compound can see: everything but drafts and hidden proposals.
  if (to === "draft") await unindexDocument(trx, "proposal", p.id);
  else if (p.state === "draft" && !p.hidden_reason) await indexDocument(trx, { type: "proposal", id: p.id, compoundId: p.compound_id, proposalId: p.id, text: `${p.title}\n${p.body_md}` });
  await notify(trx, { userIds: await followersOf(trx, p.id), kind: "state", proposalId: p.id, actorId: who, data: { from: p.state, to }, at });
  return to;
}

export async function moveProposal(
  db: Db,
  actor: Actor,
  input: { proposalId: number; action: ProposalAction; reason: string | null; mergeInto?: number | null },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    const party = partyFor(actor, p, input.action);
    let mergedInto: number | null = null;
    if (input.action === "merge") {
      const target = input.mergeInto ? await getProposal(trx, input.mergeInto) : undefined;
      if (!target || target.compound_id !== p.compound_id || target.state === "draft") fail(404, "proposal.mergeTarget", undefined, "mergeInto");
      if (target.id === p.id) fail(400, "proposal.mergeSelf", undefined, "mergeInto");
      if (!["submitted", "published", "voting"].includes(target.state)) fail(409, "proposal.mergeTarget", undefined, "mergeInto");
      mergedInto = target.id;
    }
    const to = await applyMove(trx, actor, p, input.action, party, { reason: input.reason, mergedInto }, now.toISOString());
    if (mergedInto) {
      await appendAudit(trx, {
        actorId: actorId(actor),
        action: "proposal.merged_in",
        entityType: "proposal",
        entityId: mergedInto,
        placeId: p.compound_id,
        data: { from: p.id },
        at: now.toISOString(),
      });
    }
    return to;
  });
}

/** A verified resident supports a submitted or published proposal; enough dwellings publish it. */
export async function cosponsor(db: Db, actor: Actor, proposalId: number, now: Date) {
  return db.transaction().execute(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, proposalId);
    authorize(actor, "compound.participate", { path: p.compound_path, kind: "compound" });
    if (p.author_id === actor.userId) fail(409, "cosponsor.own");
    if (!acceptsCosponsors(p.state)) fail(409, "cosponsor.closed");
    const residency = actor.residencies.find((r) => r.compoundId === p.compound_id);
    if (!residency) fail(403, "error.forbidden");
    const at = now.toISOString();
    const inserted = await trx
      .insertInto("cosponsors")
      .values({ proposal_id: p.id, user_id: actor.userId, dwelling_id: residency.dwellingId, created_at: at })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) fail(409, "cosponsor.twice");
    await trx.updateTable("proposals").set((eb) => ({ cosponsor_count: eb("cosponsor_count", "+", 1), last_activity_at: at })).where("id", "=", p.id).execute();
    await follow(trx, actor.userId, p.id, at);
    await appendAudit(trx, { actorId: actor.userId, action: "proposal.cosponsor", entityType: "cosponsor", entityId: p.id, placeId: p.compound_id, at });
    await notify(trx, { userIds: [p.author_id], kind: "cosponsor", proposalId: p.id, actorId: actor.userId, at });
    if (p.state === "submitted") {
      const dwellings = await supportingDwellings(trx, p);
      if (reachesThreshold(dwellings, await cosponsorThreshold(trx, p.compound_id))) {
        await applyMove(trx, null, p, "auto_publish", "system", { reason: null }, at);
        return { published: true };
      }
    }
    return { published: false };
  });
}

export async function setFollow(db: Db, actor: Actor, proposalId: number, on: boolean, now: Date) {
  const p = await loadVisibleProposal(db, actor, proposalId);
  if (on) await follow(db, actor.userId, p.id, now.toISOString());
  else await db.deleteFrom("follows").where("user_id", "=", actor.userId).where("proposal_id", "=", p.id).execute();
}

/** A coordinator sets how many distinct dwellings publish a submitted proposal without review. */
export async function setCosponsorThreshold(db: Db, actor: Actor, input: { compoundId: number; threshold: number }, now: Date) {
  return db.transaction().execute(async (trx) => {
    const compound = await getPlace(trx, input.compoundId);
    if (!compound || compound.kind !== "compound") fail(404, "error.notFound");
    authorize(actor, "proposal.review", compound);
    await trx
      .insertInto("compound_settings")
      .values({ compound_id: compound.id, cosponsor_threshold: input.threshold })
      .onConflict((oc) => oc.column("compound_id").doUpdateSet({ cosponsor_threshold: input.threshold }))
      .execute();
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "compound.threshold",
      entityType: "place",
      entityId: compound.id,
      placeId: compound.id,
      data: { threshold: input.threshold },
      at: now.toISOString(),
    });
  });
}
