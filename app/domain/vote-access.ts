// Why a person on a vote's page has no ballot to cast: the page says so instead of showing nothing.
// Pure: the caller passes the vote, the instant and what it knows of the person.
import type { Relation } from "./words";
import type { Rule } from "./tally";

export type CannotVote =
  | "closed" // the window has ended (or the vote is closed)
  | "notYet" // an elector, before the window opens
  | "notResident" // no verified residency in this compound (staff, someone whose claim waits)
  | "tenant" // an owners' vote: a tenant is not an owner
  | "family" // an owners' vote: a family member is not the owner
  | "notElector"; // not in the electorate frozen when the vote opened

export interface VoteAccessInput {
  rule: Rule;
  status: "open" | "closed";
  opensAt: string;
  closesAt: string;
  /** Now, as ISO-8601 UTC text. */
  at: string;
  /** The electors this person may cast for (from the frozen electorate). */
  electors: number;
  /** The person's verified relations to dwellings of this compound. */
  relations: readonly Relation[];
}

/** Where a vote's window stands at an instant (ISO-8601 UTC text): the one rule for casting and the page. */
export function voteWindow(v: { status: "open" | "closed"; opensAt: string; closesAt: string }, at: string): "notYet" | "open" | "closed" {
  if (v.status !== "open" || at >= v.closesAt) return "closed";
  return at < v.opensAt ? "notYet" : "open";
}

/** Null when the person may cast a ballot now; otherwise the reason they may not. */
export function cannotVote(v: VoteAccessInput): CannotVote | null {
  const window = voteWindow(v, v.at);
  if (window === "closed") return "closed";
  if (v.electors === 0) {
    if (v.relations.length === 0) return "notResident";
    if (v.rule !== "residents" && !v.relations.includes("owner")) return v.relations.includes("tenant") ? "tenant" : "family";
    return "notElector";
  }
  return window === "notYet" ? "notYet" : null;
}
