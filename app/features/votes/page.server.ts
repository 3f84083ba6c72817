// What the vote pages' loaders return: the vote page, its published ballots, turnout by building, the page
// that opens a vote, and the resolution page. The rules (what is open, who may confirm) come from ./rules.
import { getDb } from "~/db.server";
import { receiptHashOf } from "~/domain/ballot-chain";
import { type Actor, can, hasRoleWithin } from "~/domain/permissions";
import { acceptsVote } from "~/domain/proposal-lifecycle";
import type { Tally } from "~/domain/tally";
import { cannotVote } from "~/domain/vote-access";
import { fail } from "~/features/errors";
import { loadVisibleProposal } from "~/features/proposals/access.server";
import { requestsOfResolution } from "~/features/requests/queries.server";
import { electorsOf } from "./ballot-queries.server";
import {
  castsOf,
  findPublishedReceipt,
  getVote,
  isVoterOf,
  liveTotals,
  notVoted,
  paperElectors,
  pendingPaperBallots,
  publishedBallots,
  resolutionOfVote,
  turnout,
  turnoutByBuilding,
  voteOfProposal,
  type VoteRow,
} from "./queries.server";
import { loadResolution, resolutionQr } from "./resolutions.server";
import { mayConfirmPaper, seesVoteByPlace, windowOf } from "./rules";

/** The vote when this actor may see it (seesVoteByPlace, else its electorate), or undefined. */
async function seenVote(actor: Actor, voteId: number): Promise<VoteRow | undefined> {
  const db = getDb();
  const v = await getVote(db, voteId);
  return v && (seesVoteByPlace(actor, v.compound_path) || (await isVoterOf(db, v.id, actor.userId))) ? v : undefined;
}

/** The vote as this actor may see it; otherwise a refusal that the page makes a 404. */
export async function visibleVote(actor: Actor, voteId: number): Promise<VoteRow> {
  const v = await seenVote(actor, voteId);
  if (!v) fail(404, "error.notFound");
  return v;
}

/** Whether the vote's page opens for this person (a link to it is shown only then). */
export async function mayViewVote(actor: Actor | null, voteId: number): Promise<boolean> {
  return !!actor && (await seenVote(actor, voteId)) !== undefined;
}

export async function votePage(viewer: { actor: Actor; user: { id: number; phone: string } }, voteId: number, now: Date) {
  const { actor, user } = viewer;
  const v = await visibleVote(actor, voteId);
  const db = getDb();
  const compound = { path: v.compound_path, kind: "compound" as const };
  const mine = await electorsOf(db, v.id, { id: user.id, phone: user.phone });
  const myCasts = await castsOf(
    db,
    v.id,
    mine.map((e) => e.id),
  );
  const mayPaper = can(actor, "vote.paper", compound) && v.status === "open";
  const pending = v.status === "open" ? await pendingPaperBallots(db, v.id) : [];
  const mayConfirm = (p: (typeof pending)[number]) => mayConfirmPaper(actor, p, v.compound_path);
  // The paper ballots this person may confirm, and those they entered, which wait for someone else.
  const shownPending = pending.filter((p) => p.entered_by === user.id || mayConfirm(p));
  const why = cannotVote({
    rule: v.rule,
    status: v.status,
    opensAt: v.opens_at,
    closesAt: v.closes_at,
    at: now.toISOString(),
    electors: mine.length,
    relations: actor.residencies.filter((r) => r.compoundPath === v.compound_path).map((r) => r.relation),
  });
  return {
    vote: {
      id: v.id,
      title: v.title,
      proposalId: v.proposal_id,
      compound: v.compound,
      rule: v.rule,
      per: v.per,
      quorum: v.quorum_percent,
      secret: !!v.secret,
      opensAt: v.opens_at,
      closesAt: v.closes_at,
      status: v.status,
      passed: v.passed === null ? null : !!v.passed,
      chainHead: v.chain_head,
    },
    open: windowOf(v, now) === "open",
    why,
    me: {
      electors: mine.map((e) => e.label),
      lastCast:
        myCasts
          .map((c) => c.cast_at)
          .sort()
          .at(-1) ?? null,
    },
    turnout: await turnout(db, v.id),
    totals: v.status === "open" && !v.secret ? await liveTotals(db, v.id) : null,
    result: v.result ? (JSON.parse(v.result) as Tally) : null,
    resolution: v.status === "closed" ? ((await resolutionOfVote(db, v.id)) ?? null) : null,
    paper:
      mayPaper || shownPending.length > 0
        ? {
            mayEnter: mayPaper,
            electors: mayPaper ? await paperElectors(db, v.id) : [],
            pending: shownPending.map((p) => ({ id: p.id, label: p.label, choice: p.choice, by: p.enteredBy, mayConfirm: mayConfirm(p) })),
            waitingForOthers: shownPending.filter((p) => !mayConfirm(p)).length,
            pendingTotal: pending.length,
          }
        : null,
    // Coordinators, and building leads of its buildings (the turnout page shows each only their buildings).
    mayTurnout: can(actor, "vote.turnout", compound) || hasRoleWithin(actor, v.compound_path),
  };
}

/** Whose the published list is: a closed vote's is public (`vote.record`), an open one's is not yet. */
export async function ballotsAudience(voteId: number) {
  const v = await getVote(getDb(), voteId);
  return v ? { closed: v.status === "closed", compound: { path: v.compound_path, kind: "compound" as const } } : null;
}

const PAGE = 200;

/** The counted ballots of a closed vote (receipt hash and choice, chained), a page at a time, and a receipt check. */
export async function ballotsPage(actor: Actor | null, voteId: number, q: { from: number; code: string }) {
  const db = getDb();
  const found = await getVote(db, voteId);
  if (!found) fail(404, "error.notFound");
  const closed = found.status === "closed";
  if (!closed && !actor) fail(404, "error.notFound");
  const v = closed ? found : await visibleVote(actor!, voteId);
  const rows = closed ? await publishedBallots(db, v.id, q.from, PAGE) : [];
  const check = closed && q.code ? ((await findPublishedReceipt(db, v.id, receiptHashOf(q.code))) ?? null) : undefined;
  // The crumb links to the vote only for whom its page opens (a passer-by, or staff of another place, get text).
  const mayOpenVote = closed ? await mayViewVote(actor, v.id) : true;
  return {
    vote: { id: v.id, title: v.title, closed, chainHead: v.chain_head },
    mayOpenVote,
    rows,
    next: rows.length === PAGE ? rows[rows.length - 1].position : null,
    code: q.code,
    check,
  };
}

/** Turnout by building, and who has not voted there, for the buildings this person canvasses; null if none. */
export async function turnoutPage(actor: Actor, voteId: number) {
  const v = await visibleVote(actor, voteId);
  const rows = await turnoutByBuilding(getDb(), v.id);
  // Coordinators see every building; a building lead sees their own buildings.
  const mine = rows.filter((r) => r.path && can(actor, "vote.turnout", { path: r.path, kind: "building" }));
  if (mine.length === 0) return null;
  const missing = await notVoted(
    getDb(),
    v.id,
    mine.map((r) => r.buildingId!),
  );
  return {
    vote: { id: v.id, title: v.title, status: v.status },
    buildings: mine.map((b) => ({ ...b, missing: missing.filter((m) => m.building_id === b.buildingId).map((m) => m.label) })),
  };
}

/** The page that opens a vote on a proposal: null when this person may not open one (a 403). */
export async function voteOpeningPage(actor: Actor, proposalId: number) {
  const p = await loadVisibleProposal(getDb(), actor, proposalId);
  if (!can(actor, "vote.open", { path: p.compound_path, kind: "compound" })) return null;
  // No form for a proposal the lifecycle does not let go to a vote: the page says why instead.
  const vote = acceptsVote(p.state) ? null : ((await voteOfProposal(getDb(), p.id)) ?? null);
  return { proposal: { id: p.id, title: p.title, state: p.state }, mayOpen: acceptsVote(p.state), vote: vote ? { id: vote.id, status: vote.status } : null };
}

/**
 * A resolution for anyone (the notice's QR code leads here): the result. The proposal, the vote and the
 * requests are shown only to those whose pages for them would open (issue 12 · 22).
 */
export async function resolutionPage(request: Request, id: string | undefined) {
  const { viewer, resolution: r } = await loadResolution(request, id);
  const actor = viewer?.actor ?? null;
  const compound = { path: r.compoundPath, kind: "compound" as const };
  const insider = can(actor, "compound.view", compound);
  return {
    ...r,
    links: { proposal: insider, vote: await mayViewVote(actor, r.voteId) },
    requests: insider ? await requestsOfResolution(getDb(), r.id) : null,
    mayCreate: can(actor, "request.create", compound),
  };
}

/** The public notice (公示) of a resolution, with a QR code to its online page. */
export async function noticePage(request: Request, id: string | undefined) {
  const { resolution: r } = await loadResolution(request, id);
  return { ...r, qr: await resolutionQr(request, r.id) };
}
