// The vote rules that both the commands (inside the group commit) and the pages apply: who sees a vote,
// whether it takes ballots now, who may confirm a paper ballot. Pure: the caller passes what it has read.
import { type Actor, can, hasRoleWithin } from "~/domain/permissions";
import { voteWindow } from "~/domain/vote-access";
import { fail } from "~/features/errors";

interface VoteAt {
  status: "open" | "closed";
  opens_at: string;
  closes_at: string;
}

/**
 * A vote is seen within the compounds one sees, or where one holds a role in one of its buildings (a building
 * lead who lives elsewhere) — this function, which needs no read — or else by its frozen electorate (a voter who
 * has moved out since it opened): callers read the electorate only when this answers no.
 */
export function seesVoteByPlace(actor: Actor, compoundPath: string): boolean {
  return can(actor, "compound.view", { path: compoundPath, kind: "compound" }) || hasRoleWithin(actor, compoundPath);
}

/** Where the vote's window stands now. */
export function windowOf(v: VoteAt, now: Date) {
  return voteWindow({ status: v.status, opensAt: v.opens_at, closesAt: v.closes_at }, now.toISOString());
}

/** Refuses a ballot outside the window. */
export function assertOpen(v: VoteAt, now: Date) {
  const window = windowOf(v, now);
  if (window === "closed") fail(409, "vote.closed");
  if (window === "notYet") fail(409, "vote.notYet");
}

/** What confirming a paper ballot is checked against: its building when it has one, else the compound. */
export function paperTarget(paper: { building_path: string | null }, compoundPath: string) {
  return paper.building_path ? { path: paper.building_path, kind: "building" as const } : { path: compoundPath, kind: "compound" as const };
}

/** Another person than the one who entered it, with the role to confirm it. */
export function mayConfirmPaper(actor: Actor, paper: { entered_by: number; building_path: string | null }, compoundPath: string) {
  return paper.entered_by !== actor.userId && can(actor, "vote.confirm", paperTarget(paper, compoundPath));
}
