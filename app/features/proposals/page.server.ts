// What the proposal pages show: each loader calls one of these.
import type { Category, Place, ProposalState } from "../../../db/schema";
import { getDb } from "~/db.server";
import type { Viewer } from "~/auth/guards.server";
import { can } from "~/domain/permissions";
import { type ProposalAction, acceptsCosponsors, acceptsVote, availableActions, isEditable } from "~/domain/proposal-lifecycle";
import { matchQuery } from "~/domain/search-text";
import { loadVisibleProposal } from "~/features/proposals/access.server";
import {
  cosponsorThreshold,
  cosponsorsOf,
  isFollowing,
  listProposals,
  mergeTargets,
  mergesOf,
  proposalLog,
  proposalsOfAuthor,
  submittedProposals,
  supportingDwellings,
} from "~/features/proposals/queries.server";
import { searchCompound } from "~/features/proposals/search-queries.server";
import { THREAD_PAGE, minutesOf, mutedUntil, revisionsOf, stanceCounts, threadOf } from "~/features/threads/queries.server";
import { voteOfProposal } from "~/features/votes/queries.server";
import { requestsOfProposal, compoundRequests } from "~/features/requests/queries.server";
import { ancestorsOf, buildingsOf, getPlace } from "~/features/places/queries.server";
import { liveResidenciesOf } from "~/features/residency/queries.server";
import { compoundResolutions } from "~/features/votes/resolution-queries.server";

type Counts = Record<"for" | "against" | "neutral", number>;

/** The proposal as this person may see it (404 otherwise): an action checks it before reading its form. */
export function visibleProposal(viewer: Viewer, id: number) {
  return loadVisibleProposal(getDb(), viewer.actor, id);
}

/** How many distinct dwellings publish a submitted proposal of this compound without review. */
export function publishThreshold(compoundId: number) {
  return cosponsorThreshold(getDb(), compoundId);
}

/** A proposal's page: the text, its supporters, one page of the thread, minutes, the log and what this person may do. */
export async function proposalPage(viewer: Viewer, id: number, q: { page: number; reply: number | null; report: number | null }, at: Date) {
  const db = getDb();
  const a = viewer.actor;
  const me = viewer.user.id;
  const p = await loadVisibleProposal(db, a, id);
  const compound = { path: p.compound_path, kind: "compound" as const };
  const moderator = can(a, "thread.moderate", compound);
  const isAuthor = p.author_id === me;
  const [vote, cosponsors, counts, { comments, topCount }, minutes, log, following, muted, targets, merges, threshold, dwellings, requests] = await Promise.all(
    [
      voteOfProposal(db, p.id),
      cosponsorsOf(db, p.id),
      stanceCounts(db, p.id),
      threadOf(db, p.id, q.page),
      minutesOf(db, p.id),
      proposalLog(db, p.id),
      isFollowing(db, me, p.id),
      mutedUntil(db, me, p.compound_id, at.toISOString()),
      moderator ? mergeTargets(db, p.compound_id, p.id) : Promise.resolve([]),
      mergesOf(db, p),
      cosponsorThreshold(db, p.compound_id),
      p.state === "submitted" ? supportingDwellings(db, p) : Promise.resolve(0),
      p.state === "adopted" ? requestsOfProposal(db, p.id) : Promise.resolve([]),
    ],
  );
  const revisions = moderator
    ? await revisionsOf(
        db,
        comments.filter((c) => c.edited_at).map((c) => c.id),
      )
    : [];
  const moves: ProposalAction[] = [
    ...(isAuthor ? availableActions(p.state, "author") : []),
    ...(can(a, "proposal.review", compound) ? availableActions(p.state, "coordinator") : []),
  ].filter((m) => m !== "open_vote" && m !== "submit");
  const thread = comments.map((c) => ({
    id: c.id,
    parentId: c.parent_id,
    author: c.author,
    authorId: c.author_id,
    stance: c.stance,
    html: c.hidden_reason && !moderator ? null : c.body_html,
    bodyMd: c.author_id === me ? c.body_md : null,
    hiddenReason: c.hidden_reason,
    official: !!c.official,
    pinned: !!c.pinned,
    createdAt: c.created_at,
    editedAt: c.edited_at,
    mine: c.author_id === me,
    revisions: moderator
      ? revisions.filter((r) => r.comment_id === c.id).map((r) => ({ id: r.id, html: r.body_html, stance: r.stance, at: r.created_at }))
      : null,
  }));
  return {
    proposal: {
      id: p.id,
      title: p.title,
      html: p.hidden_reason && !moderator && !isAuthor ? null : p.body_html,
      hiddenReason: p.hidden_reason,
      state: p.state,
      stateReason: p.state_reason,
      category: p.category,
      author: p.author,
      createdAt: p.created_at,
      compound: p.compound,
      compoundId: p.compound_id,
      locked: !!p.locked,
      cosponsorCount: p.cosponsor_count,
    },
    mergedInto: merges.into,
    mergedFrom: merges.from,
    cosponsors: cosponsors.map((c) => ({ name: c.name, building: c.building, userId: c.user_id })),
    progress: { dwellings, threshold },
    counts: Object.fromEntries(["for", "against", "neutral"].map((s) => [s, Number(counts.find((c) => c.stance === s)?.n ?? 0)])) as Counts,
    thread,
    threadPage: { page: q.page, pages: Math.max(1, Math.ceil(topCount / THREAD_PAGE)), reply: q.reply, report: q.report },
    minutes: minutes.map((m) => ({
      id: m.id,
      kind: m.kind,
      html: m.body_html,
      date: m.meeting_date,
      place: m.meeting_place,
      attendance: m.attendance,
      author: m.author,
      at: m.created_at,
    })),
    log: log.map((l) => ({
      id: l.id,
      at: l.at,
      action: l.action,
      reason: l.reason,
      actor: l.actor,
      data: l.data ? (JSON.parse(l.data) as Record<string, string>) : {},
    })),
    me: {
      isAuthor,
      following,
      cosponsored: cosponsors.some((c) => c.user_id === me),
      canCosponsor: !isAuthor && acceptsCosponsors(p.state) && can(a, "compound.participate", compound),
      canComment: can(a, "thread.comment", compound) && !muted,
      canReport: can(a, "content.report", compound),
      canMinutes: can(a, "minutes.record", compound) && p.state !== "draft",
      canEdit: isAuthor && isEditable(p.state),
      canSubmit: isAuthor && p.state === "draft",
      muted,
      moderator,
      moves,
    },
    mergeTargets: targets,
    vote: vote ? { id: vote.id, status: vote.status } : null,
    requests,
    mayOpenVote: acceptsVote(p.state) && !vote && can(a, "vote.open", compound),
  };
}

/** The author's own draft (or a proposal sent back for changes) to edit; 403 for anyone else or another state. */
export async function draftToEdit(viewer: Viewer, id: number) {
  const p = await loadVisibleProposal(getDb(), viewer.actor, id);
  const editable = p.author_id === viewer.user.id && isEditable(p.state);
  return { editable, proposal: { id: p.id, title: p.title, body: p.body_md, category: p.category, stateReason: p.state_reason } };
}

/** The proposals this person wrote, drafts included. */
export async function myProposals(viewer: Viewer) {
  return { proposals: await proposalsOfAuthor(getDb(), viewer.user.id) };
}

/** Submitted proposals waiting for a coordinator of this compound. */
export async function reviewQueue(compound: { id: number; name: string }) {
  const rows = await submittedProposals(getDb(), compound.id);
  return { compound: compound.name, proposals: rows.map((r) => ({ ...r, state: "submitted" as const, last_activity_at: r.updated_at })) };
}

/** A search in one compound's proposals and comments; too short a query searches nothing. */
export async function compoundSearch(compound: { id: number; name: string }, q: string) {
  const usable = q ? matchQuery(q) !== null : false;
  const results = usable ? await searchCompound(getDb(), compound.id, q) : [];
  return { compound: { id: compound.id, name: compound.name }, q, usable, results };
}

/** A person whose claim in this compound still waits for review sees that, not "page not found". */
export async function pendingClaimPage(viewer: Viewer, id: string | undefined) {
  const compoundId = Number(id);
  if (!Number.isSafeInteger(compoundId) || compoundId <= 0) return null;
  const db = getDb();
  const place = await getPlace(db, compoundId);
  if (!place || place.kind !== "compound" || can(viewer.actor, "compound.view", place)) return null;
  const claims = (await liveResidenciesOf(db, viewer.user.id)).filter((r) => r.compound_id === compoundId && r.status === "pending");
  if (claims.length === 0) return null;
  return {
    pending: true as const,
    compound: { id: place.id, name: place.name },
    claims: claims.map((r) => ({ id: r.id, building: r.building, unit: r.unit, room: r.room, at: r.created_at })),
  };
}

const PAGE = 20;
/** Resolutions and requests, a page at a time. */
const LIST_PAGE = 10;

export interface CompoundFilter {
  state?: ProposalState;
  category?: Category;
  /** Keyset: continue after this (last_activity_at, id). */
  after?: { at: string; id: number };
  /** The page of requests, and of resolutions. */
  page: number;
  rpage: number;
}

/** A compound's home: its proposals (filtered, a keyset page), resolutions, requests, buildings and what this person may manage. */
export async function compoundHome(viewer: Viewer, compound: Place, f: CompoundFilter) {
  const db = getDb();
  const a = viewer.actor;
  const { state, category } = f;
  const [proposals, ancestors, buildings, mine, threshold, resolutions, requests] = await Promise.all([
    listProposals(db, { compoundId: compound.id, state, category, after: f.after, limit: PAGE + 1 }),
    ancestorsOf(db, compound),
    buildingsOf(db, compound.id),
    liveResidenciesOf(db, viewer.user.id),
    cosponsorThreshold(db, compound.id),
    compoundResolutions(db, compound.id, f.rpage, LIST_PAGE),
    compoundRequests(db, compound.id, f.page, LIST_PAGE),
  ]);
  const more = proposals.length > PAGE ? proposals[PAGE - 1] : null;
  const next = more
    ? new URLSearchParams({ ...(state ? { state } : {}), ...(category ? { category } : {}), after: `${more.last_activity_at}_${more.id}` }).toString()
    : null;
  return {
    pending: false as const,
    proposals: proposals.slice(0, PAGE),
    resolutions: { items: resolutions.slice(0, LIST_PAGE), page: f.rpage, more: resolutions.length > LIST_PAGE },
    requests: { items: requests.slice(0, LIST_PAGE), page: f.page, more: requests.length > LIST_PAGE },
    threshold,
    filter: { state: state ?? "", category: category ?? "" },
    next,
    compound: { id: compound.id, name: compound.name },
    street: ancestors.find((p) => p.kind === "street")?.name ?? "",
    community: ancestors.find((p) => p.kind === "community")?.name ?? "",
    buildings: buildings.map((b) => ({
      id: b.id,
      name: b.name,
      dwellings: b.dwellings,
      canSee: can(a, "building.dwellings", { path: b.path, kind: "building" }),
    })),
    // Counters kept on the place by triggers (migration T12).
    dwellings: compound.dwelling_count,
    residents: compound.resident_count,
    mine: mine.filter((r) => r.compound_id === compound.id && r.status === "verified"),
    may: {
      review: can(a, "residency.review", compound),
      residents: can(a, "residents.list", compound),
      codes: can(a, "codes.manage", compound),
      roster: can(a, "roster.import", compound),
      propose: can(a, "proposal.create", compound),
      reviewProposals: can(a, "proposal.review", compound),
      moderate: can(a, "thread.moderate", compound),
    },
  };
}
