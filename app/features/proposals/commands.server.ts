// Proposals: drafting, the lifecycle moves, co-sponsoring and following. Each command is one transaction.
import type { Category, ProposalState } from "../../../db/schema";
import { type DB, transaction, transactionOn } from "~/db.server";
import { type Actor, can } from "~/domain/permissions";
import { type Party, type ProposalAction, PROPOSAL_RULES, acceptsCosponsors, isEditable, reachesThreshold, transition } from "~/domain/proposal-lifecycle";
import { renderMarkdown } from "~/web/markdown.server";
import { appendAudit } from "~/features/audit/queries.server";
import { getPlace } from "~/features/places/queries.server";
import {
  type ProposalRow,
  addCosponsor,
  cosponsorThreshold,
  follow,
  followersOf,
  getProposal,
  insertDraft,
  recentTwin,
  saveCosponsorThreshold,
  setState,
  supportingDwellings,
  unfollow,
  updateDraftText,
} from "~/features/proposals/queries.server";
import { notify } from "~/features/notifications/queries.server";
import { indexDocument, unindexDocument } from "~/features/proposals/search-queries.server";
import { actorId, authorize, fail } from "~/features/errors";
import { loadVisibleProposal } from "~/features/proposals/access.server";

const DOUBLE_SUBMIT_MS = 60_000;

export async function createDraft(actor: Actor, input: { compoundId: number; title: string; body: string; category: Category; submit?: boolean }, now: Date) {
  return transaction(async (trx) => {
    const compound = await getPlace(trx, input.compoundId);
    if (!compound || compound.kind !== "compound") fail(404, "error.notFound");
    authorize(actor, "proposal.create", compound);
    const at = now.toISOString();
    const since = new Date(now.getTime() - DOUBLE_SUBMIT_MS).toISOString();
    if (await recentTwin(trx, { authorId: actor.userId, title: input.title, body: input.body, since })) fail(409, "proposal.doubleSubmit");
    const html = renderMarkdown(input.body);
    const id = await insertDraft(trx, {
      compoundId: compound.id,
      authorId: actor.userId,
      title: input.title,
      body: input.body,
      html,
      category: input.category,
      at,
    });
    await follow(trx, actor.userId, id, at);
    await appendAudit(trx, { actorId: actor.userId, action: "proposal.create", entityType: "proposal", entityId: id, placeId: compound.id, at });
    if (input.submit) await applyMove(trx, actor, (await getProposal(trx, id))!, "submit", "author", { reason: null }, at);
    return id;
  });
}

export async function updateDraft(actor: Actor, input: { proposalId: number; title: string; body: string; category: Category; submit?: boolean }, now: Date) {
  return transaction(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    if (p.author_id !== actor.userId) fail(403, "error.forbidden");
    if (!isEditable(p.state)) fail(409, "proposal.notEditable");
    const at = now.toISOString();
    await updateDraftText(trx, p.id, { title: input.title, body: input.body, html: renderMarkdown(input.body), category: input.category, at });
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

/** One lifecycle move inside the caller's transaction: the state, the audit entry, the search index, the followers told. */
export async function applyMove(
  trx: DB,
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
  if (!(await setState(trx, p.id, { from: p.state, to, reason: extra.reason, mergedInto: extra.mergedInto ?? null, at })))
    fail(409, "proposal.illegalMove", { from: p.state, action });
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
  else if (p.state === "draft" && !p.hidden_reason)
    await indexDocument(trx, { type: "proposal", id: p.id, compoundId: p.compound_id, proposalId: p.id, text: `${p.title}\n${p.body_md}` });
  await notify(trx, { userIds: await followersOf(trx, p.id), kind: "state", proposalId: p.id, actorId: who, data: { from: p.state, to }, at });
  return to;
}

export async function moveProposal(
  actor: Actor,
  input: { proposalId: number; action: ProposalAction; reason: string | null; mergeInto?: number | null },
  now: Date,
) {
  return transaction(async (trx) => {
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
export async function cosponsor(actor: Actor, proposalId: number, now: Date) {
  // Co-sponsors of one proposal queue on its row: the count that publishes it at N dwellings is theirs alone.
  return transactionOn({ table: "proposals", id: proposalId }, async (trx) => {
    const p = await loadVisibleProposal(trx, actor, proposalId);
    authorize(actor, "compound.participate", { path: p.compound_path, kind: "compound" });
    if (p.author_id === actor.userId) fail(409, "cosponsor.own");
    if (!acceptsCosponsors(p.state)) fail(409, "cosponsor.closed");
    const residency = actor.residencies.find((r) => r.compoundId === p.compound_id);
    if (!residency) fail(403, "error.forbidden");
    const at = now.toISOString();
    if (!(await addCosponsor(trx, { proposalId: p.id, userId: actor.userId, dwellingId: residency.dwellingId, at }))) fail(409, "cosponsor.twice");
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

export async function setFollow(actor: Actor, proposalId: number, on: boolean, now: Date) {
  return transaction(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, proposalId);
    if (on) await follow(trx, actor.userId, p.id, now.toISOString());
    else await unfollow(trx, actor.userId, p.id);
  });
}

/** A coordinator sets how many distinct dwellings publish a submitted proposal without review. */
export async function setCosponsorThreshold(actor: Actor, input: { compoundId: number; threshold: number }, now: Date) {
  return transaction(async (trx) => {
    const compound = await getPlace(trx, input.compoundId);
    if (!compound || compound.kind !== "compound") fail(404, "error.notFound");
    authorize(actor, "proposal.review", compound);
    await saveCosponsorThreshold(trx, compound.id, input.threshold);
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
