// The one place that decides "may this person do this action at this place".
// Pure and client-safe: the UI asks it to show or hide a link, the server asks it to allow or refuse.
import type { PlaceKind, Relation, RoleName } from "../../db/schema";
import { isWithin } from "./places";

export type Action =
  | "place.view" // browse a place and what lies under it
  | "compound.view" // the compound's home page
  | "compound.participate" // take part: propose, co-sponsor, vote (verified residents)
  | "building.dwellings" // the dwellings of a building and who lives there
  | "residency.review" // approve or reject claims
  | "residency.end" // end a residency (moved out)
  | "residents.list" // the roster of verified residents
  | "codes.manage" // generate and print household codes
  | "roster.import" // import a compound's roster from CSV
  | "place.create" // add places and departments under a place
  | "role.grant" // grant and revoke roles
  | "audit.view" // read the audit log
  | "proposal.create" // write a proposal in the compound
  | "proposal.review" // publish, decline, send back or merge proposals; archive
  | "thread.comment" // comment in the compound's consultation threads
  | "thread.moderate" // hide, restore, lock, pin, mark official, mute; see earlier versions; handle reports
  | "minutes.record" // record consultation minutes and offline meetings
  | "content.report" // report a comment or proposal
  | "vote.open" // open a vote on a published proposal
  | "vote.paper" // enter paper ballots
  | "vote.confirm" // confirm a paper ballot someone else entered (监票)
  | "vote.turnout"; // turnout by building and who has not voted yet

export interface ActorGrant {
  role: RoleName;
  /** Path of the place the role is held at; null for an administrator of the whole deployment. */
  placePath: string | null;
}

export interface ActorResidency {
  compoundId: number;
  compoundPath: string;
  dwellingId: number;
  relation: Relation;
}

export interface Actor {
  userId: number;
  grants: readonly ActorGrant[];
  /** Verified residencies only. */
  residencies: readonly ActorResidency[];
}

export interface Target {
  path: string;
  kind: PlaceKind;
}

/** What each role may do, and at which kinds of place (within the place it holds the role at). */
const ROLE_RULES: Record<Exclude<RoleName, "admin">, Partial<Record<Action, readonly PlaceKind[]>>> = {
  coordinator: {
    "place.view": ["community", "compound", "building"],
    "compound.view": ["compound"],
    "building.dwellings": ["building"],
    "residency.review": ["compound"],
    "residency.end": ["compound"],
    "residents.list": ["compound"],
    "codes.manage": ["compound"],
    "proposal.review": ["compound"],
    "thread.comment": ["compound"],
    "thread.moderate": ["compound"],
    "minutes.record": ["compound"],
    "vote.open": ["compound"],
    "vote.paper": ["compound"],
    "vote.confirm": ["compound", "building"],
    "vote.turnout": ["compound", "building"],
  },
  building_lead: {
    "place.view": ["building"],
    "building.dwellings": ["building"],
    "vote.confirm": ["building"],
    "vote.turnout": ["building"],
  },
  community_staff: {
    "place.view": ["community", "compound", "building"],
    "compound.view": ["compound"],
  },
  street_staff: {
    "place.view": ["street", "community", "compound", "building"],
    "compound.view": ["compound"],
  },
  department_staff: {
    "place.view": ["district", "street"],
  },
};

/** What a verified resident may do in their own compound. */
const RESIDENT_RULES: Partial<Record<Action, readonly PlaceKind[]>> = {
  "place.view": ["compound", "building"],
  "compound.view": ["compound"],
  "compound.participate": ["compound"],
  "proposal.create": ["compound"],
  "thread.comment": ["compound"],
  "content.report": ["compound"],
};

/** Which kind of place each role is granted at. */
export const ROLE_PLACE_KINDS: Record<RoleName, readonly PlaceKind[]> = {
  admin: [],
  coordinator: ["compound", "community"],
  building_lead: ["building"],
  community_staff: ["community"],
  street_staff: ["street"],
  department_staff: ["street", "district"],
};

export const ROLES: readonly RoleName[] = [
  "admin",
  "coordinator",
  "building_lead",
  "community_staff",
  "street_staff",
  "department_staff",
];

export function isAdmin(actor: Actor | null): boolean {
  return !!actor?.grants.some((g) => g.role === "admin");
}

/** Taking part is for people who live there: an administrator's powers do not include it. */
const RESIDENTS_ONLY: ReadonlySet<Action> = new Set(["compound.participate", "proposal.create", "content.report"]);

export function can(actor: Actor | null, action: Action, target: Target | null): boolean {
  if (!actor) return false;
  if (isAdmin(actor) && !RESIDENTS_ONLY.has(action)) return true;
  if (!target) return false;
  for (const grant of actor.grants) {
    if (grant.role === "admin" || grant.placePath === null) continue;
    const kinds = ROLE_RULES[grant.role][action];
    if (kinds?.includes(target.kind) && isWithin(target.path, grant.placePath)) return true;
  }
  const kinds = RESIDENT_RULES[action];
  if (kinds?.includes(target.kind)) {
    return actor.residencies.some((r) => isWithin(target.path, r.compoundPath));
  }
  return false;
}

/** Whether the actor holds any role that gives this action somewhere (for navigation and queues). */
export function canAnywhere(actor: Actor | null, action: Action): boolean {
  if (!actor) return false;
  if (isAdmin(actor)) return true;
  if (actor.grants.some((g) => g.role !== "admin" && ROLE_RULES[g.role][action])) return true;
  return actor.residencies.length > 0 && !!RESIDENT_RULES[action];
}

/** Actions that only an administrator of the whole deployment may take, with no place. */
export function canAdminister(actor: Actor | null): boolean {
  return isAdmin(actor);
}

/** A role grant at a place of the wrong kind is refused with this answer. */
export function roleFitsPlace(role: RoleName, kind: PlaceKind | null): boolean {
  if (role === "admin") return kind === null;
  return kind !== null && ROLE_PLACE_KINDS[role].includes(kind);
}

/** The paths an actor's roles reach for an action: used to scope queries (queues, lists). */
export function scopePaths(actor: Actor, action: Action): string[] | "all" {
  if (isAdmin(actor)) return "all";
  return actor.grants
    .filter((g) => g.role !== "admin" && g.placePath !== null && ROLE_RULES[g.role][action])
    .map((g) => g.placePath as string);
}

/** Whether the actor holds a role at this place or somewhere inside it (a building lead of one of its buildings). */
export function hasRoleWithin(actor: Actor, path: string): boolean {
  return actor.grants.some((g) => g.placePath !== null && g.role !== "admin" && isWithin(g.placePath, path));
}
