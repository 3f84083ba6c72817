// The one place that decides "may this person do this action at this place".
// Pure and client-safe: the UI asks it to show or hide a link, the server asks it to allow or refuse.
import { ROLES, type PlaceKind, type Relation, type RoleName } from "./words";

export { ROLES };
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
  | "vote.turnout" // turnout by building and who has not voted yet
  | "vote.record" // read a closed vote's published record: result, resolution, its notice (公示), ballot list
  | "request.create" // turn a resolution into service requests
  | "request.handle" // accept, work, complete, escalate, return (and dispatch, at a street) requests at this level
  | "request.reopen" // reopen a completed request that most raters found unsatisfying
  | "request.rate" // rate a completed request (verified residents)
  | "compound.public" // read a compound's public pages and feed: resolutions, requests by role (no names)
  | "request.report" // file a direct report (随手拍) or back one with "+1" (verified residents)
  | "request.merge"; // merge a duplicate report into another request of the compound

export interface ActorGrant {
  role: RoleName;
  /** Path of the place the role is held at; null for an administrator of the whole deployment. */
  placePath: string | null;
  /** For department staff: the department they work in. */
  departmentId?: number | null;
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
    "request.create": ["compound"],
    "request.handle": ["compound"],
    "request.reopen": ["compound"],
    "request.merge": ["compound"],
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
    "request.handle": ["community"],
  },
  street_staff: {
    "place.view": ["street", "community", "compound", "building"],
    "compound.view": ["compound"],
    "request.handle": ["street"],
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
  "request.rate": ["compound"],
  "request.report": ["compound"],
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

export function isAdmin(actor: Actor | null): boolean {
  return !!actor?.grants.some((g) => g.role === "admin");
}

/**
 * What anyone may do, signed in or not: read the published record of a closed vote — the notice's QR code
 * leads a passer-by there, and anyone may recount from the ballot list. Nothing personal is on it: counts,
 * receipt hashes and choices, never a name, a phone or a dwelling beside a choice.
 */
const PUBLIC_ACTIONS: ReadonlySet<Action> = new Set(["vote.record", "compound.public"]);

export function isPublicAction(action: Action): boolean {
  return PUBLIC_ACTIONS.has(action);
}

/** Taking part is for people who live there: an administrator's powers do not include it. */
const RESIDENTS_ONLY: ReadonlySet<Action> = new Set(["compound.participate", "proposal.create", "content.report", "request.rate", "request.report"]);

export function can(actor: Actor | null, action: Action, target: Target | null): boolean {
  if (PUBLIC_ACTIONS.has(action)) return true;
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
  return actor.grants.filter((g) => g.role !== "admin" && g.placePath !== null && ROLE_RULES[g.role][action]).map((g) => g.placePath as string);
}

/** Whether the actor holds a role at this place or somewhere inside it (a building lead of one of its buildings). */
export function hasRoleWithin(actor: Actor, path: string): boolean {
  return actor.grants.some((g) => g.placePath !== null && g.role !== "admin" && isWithin(g.placePath, path));
}

/** Where a service request is and where it has been, as the permission module needs it. */
export interface RequestTarget {
  level: "compound" | "community" | "street" | "department";
  /** Path of the office holding it (the compound, community or street); null at a department. */
  officePath: string | null;
  departmentId: number | null;
  compoundPath: string;
  /** Every department it was ever dispatched to (their staff keep seeing what they handled). */
  departmentsEver: readonly number[];
}

const OFFICE_KIND = { compound: "compound", community: "community", street: "street" } as const;

/** Whether the actor works at the level that holds the request now (and so may move it). */
export function canHandleRequest(actor: Actor | null, r: RequestTarget): boolean {
  if (!actor) return false;
  if (isAdmin(actor)) return true;
  if (r.level === "department") return r.departmentId !== null && actor.grants.some((g) => g.role === "department_staff" && g.departmentId === r.departmentId);
  return r.officePath !== null && can(actor, "request.handle", { path: r.officePath, kind: OFFICE_KIND[r.level] });
}

/** Residents and staff of the compound's places see a request; so do the departments it went to. */
export function canViewRequest(actor: Actor | null, r: RequestTarget): boolean {
  if (!actor) return false;
  if (can(actor, "compound.view", { path: r.compoundPath, kind: "compound" }) || canHandleRequest(actor, r)) return true;
  return actor.grants.some((g) => g.role === "department_staff" && g.departmentId != null && r.departmentsEver.includes(g.departmentId));
}

/** The offices whose inbox an actor reads: each level they handle requests at, with the place or department. */
export function inboxOffices(actor: Actor): { level: "compound" | "community" | "street" | "department"; path: string | null; departmentId: number | null }[] {
  const out: { level: "compound" | "community" | "street" | "department"; path: string | null; departmentId: number | null }[] = [];
  for (const g of actor.grants) {
    if (g.role === "department_staff" && g.departmentId != null) out.push({ level: "department", path: g.placePath, departmentId: g.departmentId });
    else if (g.role === "coordinator" && g.placePath) out.push({ level: "compound", path: g.placePath, departmentId: null });
    else if (g.role === "community_staff" && g.placePath) out.push({ level: "community", path: g.placePath, departmentId: null });
    else if (g.role === "street_staff" && g.placePath) out.push({ level: "street", path: g.placePath, departmentId: null });
  }
  return out;
}

/**
 * Acting on behalf (代办, issue 17 · 6). A building lead of one of the resident's buildings, or a coordinator
 * whose place holds one of the resident's compounds, may, with the resident present and their consent, act for
 * a verified resident (never for themselves) for ON_BEHALF_MINUTES.
 */
export const ON_BEHALF_MINUTES = 30;

/** A verified residency of the person to act for, with the paths of its compound and building. */
export interface BehalfResidency {
  compoundPath: string;
  buildingPath: string;
}

export function canActOnBehalf(helper: Actor | null, residentId: number, residencies: readonly BehalfResidency[]): boolean {
  if (!helper || helper.userId === residentId) return false;
  return residencies.some((r) =>
    helper.grants.some(
      (g) =>
        g.placePath !== null &&
        ((g.role === "building_lead" && isWithin(r.buildingPath, g.placePath)) || (g.role === "coordinator" && isWithin(r.compoundPath, g.placePath))),
    ),
  );
}

/** What a helper may do while acting for someone: each act runs as the resident and is recorded "by X for Y". */
export type BehalfAct = "residency.claim" | "proposal.create" | "request.report" | "request.rate" | "vote.cast" | "other";

/**
 * The acts allowed on behalf. Casting a ballot is not among them, secret or open: the issue forbids a secret
 * ballot, and an open one is still the resident's own signed choice on the vote's record — both have the paper
 * ballot entered by the coordinator (vote.paper) for a resident who cannot vote online.
 */
const BEHALF_ACTS: ReadonlySet<BehalfAct> = new Set(["residency.claim", "proposal.create", "request.report", "request.rate"]);

export function onBehalfAllows(act: BehalfAct): boolean {
  return BEHALF_ACTS.has(act);
}

/** Whether the actor holds a role that may act on behalf somewhere (shows the page; each resident is checked). */
export function mayActOnBehalf(actor: Actor | null): boolean {
  return !!actor?.grants.some((g) => g.placePath !== null && (g.role === "building_lead" || g.role === "coordinator"));
}
