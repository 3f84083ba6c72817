import { describe, expect, it } from "vitest";
import type { PlaceKind, RoleName } from "../../db/schema";
import { type Action, type Actor, can, canAnywhere, roleFitsPlace, scopePaths } from "~/domain/permissions";

// A small world: street /1/2/3/, community /1/2/3/4/, compound /1/2/3/4/5/ with building /1/2/3/4/5/6/;
// a second community /1/2/3/7/ with compound /1/2/3/7/8/; another street /1/2/9/ with compound /1/2/9/10/11/.
const P = {
  street: { path: "/1/2/3/", kind: "street" as PlaceKind },
  community: { path: "/1/2/3/4/", kind: "community" as PlaceKind },
  compound: { path: "/1/2/3/4/5/", kind: "compound" as PlaceKind },
  building: { path: "/1/2/3/4/5/6/", kind: "building" as PlaceKind },
  otherCompound: { path: "/1/2/3/7/8/", kind: "compound" as PlaceKind },
  otherStreetCompound: { path: "/1/2/9/10/11/", kind: "compound" as PlaceKind },
};

function holder(role: RoleName, placePath: string | null): Actor {
  return { userId: 1, grants: [{ role, placePath }], residencies: [] };
}
const resident: Actor = { userId: 2, grants: [], residencies: [{ compoundId: 5, compoundPath: P.compound.path, dwellingId: 1, relation: "owner" }] };
const nobody: Actor = { userId: 3, grants: [], residencies: [] };

type Row = [string, Actor | null, Action, keyof typeof P, boolean];
const rows: Row[] = [
  ["anonymous sees nothing", null, "place.view", "compound", false],
  ["unverified person sees no compound", nobody, "compound.view", "compound", false],
  ["resident sees own compound", resident, "compound.view", "compound", true],
  ["resident takes part in own compound", resident, "compound.participate", "compound", true],
  ["resident sees a building of own compound", resident, "place.view", "building", true],
  ["resident does not see another compound", resident, "compound.view", "otherCompound", false],
  ["resident may not review claims", resident, "residency.review", "compound", false],
  ["resident may not list dwellings of a building", resident, "building.dwellings", "building", false],
  ["compound coordinator reviews there", holder("coordinator", P.compound.path), "residency.review", "compound", true],
  ["compound coordinator not in the next compound", holder("coordinator", P.compound.path), "residency.review", "otherCompound", false],
  ["compound coordinator ends residencies", holder("coordinator", P.compound.path), "residency.end", "compound", true],
  ["compound coordinator manages codes", holder("coordinator", P.compound.path), "codes.manage", "compound", true],
  ["compound coordinator may not import a roster", holder("coordinator", P.compound.path), "roster.import", "compound", false],
  ["compound coordinator does not take part as a resident", holder("coordinator", P.compound.path), "compound.participate", "compound", false],
  ["community coordinator reviews in its compounds", holder("coordinator", P.community.path), "residency.review", "compound", true],
  ["community coordinator not in another community", holder("coordinator", P.community.path), "residency.review", "otherCompound", false],
  ["community coordinator does not see the street", holder("coordinator", P.community.path), "place.view", "street", false],
  ["building lead sees dwellings of the building", holder("building_lead", P.building.path), "building.dwellings", "building", true],
  ["building lead does not review claims", holder("building_lead", P.building.path), "residency.review", "compound", false],
  ["building lead does not see the compound page by role", holder("building_lead", P.building.path), "compound.view", "compound", false],
  ["community staff see compounds of the community", holder("community_staff", P.community.path), "compound.view", "compound", true],
  ["community staff do not review claims", holder("community_staff", P.community.path), "residency.review", "compound", false],
  ["community staff do not see another community", holder("community_staff", P.community.path), "compound.view", "otherCompound", false],
  ["street staff see the street", holder("street_staff", P.street.path), "place.view", "street", true],
  ["street staff see every compound of the street", holder("street_staff", P.street.path), "compound.view", "otherCompound", true],
  ["street staff do not see another street", holder("street_staff", P.street.path), "compound.view", "otherStreetCompound", false],
  ["street staff do not end residencies", holder("street_staff", P.street.path), "residency.end", "compound", false],
  ["department staff see their street", holder("department_staff", P.street.path), "place.view", "street", true],
  ["department staff do not see compounds", holder("department_staff", P.street.path), "compound.view", "compound", false],
  ["admin does anything anywhere", holder("admin", null), "roster.import", "otherStreetCompound", true],
  ["admin grants roles", holder("admin", null), "role.grant", "street", true],
  ["admin does not write proposals (residents only)", holder("admin", null), "proposal.create", "compound", false],
  ["admin does not take part as a resident", holder("admin", null), "compound.participate", "compound", false],
  ["resident writes proposals in own compound", resident, "proposal.create", "compound", true],
  ["resident comments in own compound", resident, "thread.comment", "compound", true],
  ["resident does not moderate", resident, "thread.moderate", "compound", false],
  ["compound coordinator moderates and comments", holder("coordinator", P.compound.path), "thread.moderate", "compound", true],
  ["compound coordinator does not write proposals", holder("coordinator", P.compound.path), "proposal.create", "compound", false],
  ["community coordinator records minutes in its compounds", holder("coordinator", P.community.path), "minutes.record", "compound", true],
  ["community staff do not moderate", holder("community_staff", P.community.path), "thread.moderate", "compound", false],
  ["nobody else grants roles", holder("street_staff", P.street.path), "role.grant", "street", false],
  ["nobody else reads the audit log", holder("coordinator", P.compound.path), "audit.view", "compound", false],
];

describe("can(actor, action, place)", () => {
  it.each(rows)("%s", (_name, actor, action, target, expected) => {
    expect(can(actor, action, P[target])).toBe(expected);
  });

  it("a path prefix that is not an ancestor does not count (/1/2/3/ vs /1/2/33/)", () => {
    expect(can(holder("street_staff", "/1/2/3/"), "compound.view", { path: "/1/2/33/4/5/", kind: "compound" })).toBe(false);
  });
});

describe("issue 12 · 16: what a passer-by may read", () => {
  it("reads a closed vote's published record anywhere, and nothing else", () => {
    expect(can(null, "vote.record", P.otherStreetCompound)).toBe(true);
    expect(can(holder("department_staff", P.street.path), "vote.record", P.compound)).toBe(true);
    for (const action of ["compound.view", "place.view", "vote.turnout", "residents.list", "audit.view"] as Action[])
      expect(can(null, action, P.compound), action).toBe(false);
  });
});

describe("canAnywhere and scopes", () => {
  it("tells who has a review queue", () => {
    expect(canAnywhere(holder("coordinator", P.compound.path), "residency.review")).toBe(true);
    expect(canAnywhere(holder("street_staff", P.street.path), "residency.review")).toBe(false);
    expect(canAnywhere(resident, "residency.review")).toBe(false);
    expect(canAnywhere(holder("admin", null), "residency.review")).toBe(true);
  });

  it("scopes queries to the places of the roles", () => {
    expect(scopePaths(holder("coordinator", P.community.path), "residency.review")).toEqual([P.community.path]);
    expect(scopePaths(holder("street_staff", P.street.path), "residency.review")).toEqual([]);
    expect(scopePaths(holder("admin", null), "residency.review")).toBe("all");
  });
});

describe("roleFitsPlace", () => {
  it.each([
    ["admin", null, true],
    ["admin", "street", false],
    ["coordinator", "compound", true],
    ["coordinator", "community", true],
    ["coordinator", "street", false],
    ["building_lead", "building", true],
    ["building_lead", "compound", false],
    ["community_staff", "community", true],
    ["street_staff", "street", true],
    ["street_staff", "community", false],
    ["department_staff", "street", true],
    ["department_staff", "district", true],
    ["department_staff", "compound", false],
    ["coordinator", null, false],
  ] as const)("%s at %s → %s", (role, kind, ok) => {
    expect(roleFitsPlace(role, kind)).toBe(ok);
  });
});
