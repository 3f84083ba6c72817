// The proposal lifecycle (DESIGN §4.1) as a pure state machine: every move is a named action taken by a
// party; anything else is refused.
import { PROPOSAL_STATES, type ProposalState } from "./words";

export { PROPOSAL_STATES };

export type ProposalAction =
  "submit" | "request_changes" | "publish" | "auto_publish" | "decline" | "withdraw" | "merge" | "open_vote" | "adopt" | "reject" | "archive";

/** Who takes an action: the author, a coordinator of the compound, or the system (co-sponsors, the vote). */
export type Party = "author" | "coordinator" | "system";

interface Rule {
  from: readonly ProposalState[];
  to: ProposalState;
  by: readonly Party[];
  /** A reason is required (shown to the author and on the proposal). */
  reason?: boolean;
}

export const PROPOSAL_RULES: Record<ProposalAction, Rule> = {
  submit: { from: ["draft"], to: "submitted", by: ["author"] },
  request_changes: { from: ["submitted"], to: "draft", by: ["coordinator"], reason: true },
  publish: { from: ["submitted"], to: "published", by: ["coordinator"] },
  auto_publish: { from: ["submitted"], to: "published", by: ["system"] },
  decline: { from: ["submitted"], to: "declined", by: ["coordinator"], reason: true },
  withdraw: { from: ["draft", "submitted", "published"], to: "withdrawn", by: ["author"] },
  merge: { from: ["submitted", "published"], to: "merged", by: ["coordinator"] },
  open_vote: { from: ["published"], to: "voting", by: ["coordinator"] },
  adopt: { from: ["voting"], to: "adopted", by: ["system"] },
  reject: { from: ["voting"], to: "rejected", by: ["system"] },
  archive: { from: ["adopted", "rejected", "declined", "withdrawn", "merged"], to: "archived", by: ["coordinator"] },
};

export const PROPOSAL_ACTIONS = Object.keys(PROPOSAL_RULES) as ProposalAction[];

export type TransitionResult = { ok: true; to: ProposalState } | { ok: false; error: "illegal" | "not_allowed" | "reason_required" };

export function transition(state: ProposalState, action: ProposalAction, by: Party, reason?: string | null): TransitionResult {
  const rule = PROPOSAL_RULES[action];
  if (!rule.from.includes(state)) return { ok: false, error: "illegal" };
  if (!rule.by.includes(by)) return { ok: false, error: "not_allowed" };
  if (rule.reason && !reason?.trim()) return { ok: false, error: "reason_required" };
  return { ok: true, to: rule.to };
}

/** The actions a party may take from a state (to show the right buttons). */
export function availableActions(state: ProposalState, by: Party): ProposalAction[] {
  return PROPOSAL_ACTIONS.filter((a) => PROPOSAL_RULES[a].from.includes(state) && PROPOSAL_RULES[a].by.includes(by));
}

/** A vote can be opened only where the lifecycle allows the open_vote move (a proposal in consultation). */
export function acceptsVote(state: ProposalState): boolean {
  return PROPOSAL_RULES.open_vote.from.includes(state);
}

/** Only a draft can be edited, and only by its author. */
export function isEditable(state: ProposalState): boolean {
  return state === "draft";
}

/** Co-sponsoring is open while a proposal waits for review or is in consultation. */
export function acceptsCosponsors(state: ProposalState): boolean {
  return state === "submitted" || state === "published";
}

/** The thread is open for comments during consultation and while the vote runs. */
export function acceptsComments(state: ProposalState): boolean {
  return state === "published" || state === "voting";
}

/** Drafts are the author's alone; everything else is visible to the compound. */
export function isPublicState(state: ProposalState): boolean {
  return state !== "draft";
}

/** Distinct dwellings among co-sponsors reach the compound's threshold: a submitted proposal publishes itself. */
export function reachesThreshold(distinctDwellings: number, threshold: number): boolean {
  return threshold > 0 && distinctDwellings >= threshold;
}
