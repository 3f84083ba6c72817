// Acting on behalf (代办, issue 17 · 6): who may act for whom, which acts, and the clock of consent and session.
import { describe, expect, it } from "vitest";
import type { RoleName } from "../../db/schema";
import { type Actor, type BehalfAct, ON_BEHALF_MINUTES, canActOnBehalf, mayActOnBehalf, onBehalfAllows } from "~/domain/permissions";
import { CODE_TRIES, behalfActive, behalfMinutesLeft, behalfUntil, checkConsentCode, codeExpiry, formNumberOk, sixDigits } from "~/domain/on-behalf";

const COMPOUND = "/1/2/3/4/5/";
const BUILDING = "/1/2/3/4/5/6/";
const OTHER_BUILDING = "/1/2/3/4/5/7/";
const COMMUNITY = "/1/2/3/4/";
const OTHER_COMPOUND = "/1/2/3/4/9/";
const lives = [{ compoundPath: COMPOUND, buildingPath: BUILDING }];

const holder = (role: RoleName, placePath: string | null, userId = 1): Actor => ({ userId, grants: [{ role, placePath }], residencies: [] });

describe("who may act on behalf of a verified resident", () => {
  it.each<[string, Actor | null, boolean]>([
    ["the lead of the resident's building", holder("building_lead", BUILDING), true],
    ["the lead of another building", holder("building_lead", OTHER_BUILDING), false],
    ["a coordinator of the resident's compound", holder("coordinator", COMPOUND), true],
    ["a coordinator of the community holding it", holder("coordinator", COMMUNITY), true],
    ["a coordinator of another compound", holder("coordinator", OTHER_COMPOUND), false],
    ["community staff", holder("community_staff", COMMUNITY), false],
    ["street staff", holder("street_staff", "/1/2/3/"), false],
    ["an administrator", holder("admin", null), false],
    [
      "a resident of the same building",
      { userId: 1, grants: [], residencies: [{ compoundId: 5, compoundPath: COMPOUND, dwellingId: 1, relation: "owner" }] },
      false,
    ],
    ["nobody signed in", null, false],
    ["the lead, for themselves", holder("building_lead", BUILDING, 2), false],
  ])("%s → %s", (_, helper, allowed) => {
    expect(canActOnBehalf(helper, 2, lives)).toBe(allowed);
  });

  it("a person with no verified residency: nobody may", () => {
    expect(canActOnBehalf(holder("coordinator", COMPOUND), 2, [])).toBe(false);
  });

  it.each<[RoleName, boolean]>([
    ["building_lead", true],
    ["coordinator", true],
    ["community_staff", false],
    ["department_staff", false],
    ["admin", false],
  ])("the page is for %s: %s", (role, shown) => {
    expect(mayActOnBehalf(holder(role, role === "admin" ? null : BUILDING))).toBe(shown);
  });
});

describe("which acts run on behalf", () => {
  it.each<[BehalfAct, boolean]>([
    ["residency.claim", true],
    ["proposal.create", true],
    ["request.report", true],
    ["request.rate", true],
    ["vote.cast", false],
    ["other", false],
  ])("%s → %s", (act, allowed) => {
    expect(onBehalfAllows(act)).toBe(allowed);
  });
});

describe("the clock of acting on behalf", () => {
  const t0 = new Date("2026-05-01T02:00:00.000Z");
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);

  it("lasts 30 minutes: active just before, over at the 30th minute", () => {
    const until = behalfUntil(t0);
    expect(ON_BEHALF_MINUTES).toBe(30);
    expect(behalfActive(2, until, at(29.99))).toBe(true);
    expect(behalfActive(2, until, at(30))).toBe(false);
    expect(behalfActive(null, until, at(1))).toBe(false);
    expect(behalfActive(2, null, at(1))).toBe(false);
  });

  it.each<[number, number]>([
    [0, 30],
    [0.5, 30],
    [1, 29],
    [29.5, 1],
    [30, 0],
    [45, 0],
  ])("after %s min the banner shows %s min left", (min, left) => {
    expect(behalfMinutesLeft(behalfUntil(t0), at(min))).toBe(left);
  });

  const consent = (over: Partial<{ expires_at: string; tries: number; used_at: string | null }> = {}) => ({
    expires_at: codeExpiry(t0),
    tries: 0,
    used_at: null,
    ...over,
  });
  it.each<[string, ReturnType<typeof consent>, boolean, Date, string]>([
    ["the right code in time", consent(), true, at(9), "ok"],
    ["a wrong code", consent(), false, at(1), "wrong"],
    ["after 10 minutes", consent(), true, at(10), "expired"],
    ["after 5 wrong tries, even the right one", consent({ tries: CODE_TRIES }), true, at(1), "tooManyTries"],
    ["the 5th try still counts", consent({ tries: CODE_TRIES - 1 }), true, at(1), "ok"],
    ["a used consent", consent({ used_at: t0.toISOString() }), true, at(1), "used"],
  ])("a code: %s → %s", (_, c, matches, when, outcome) => {
    expect(checkConsentCode(c, matches, when)).toBe(outcome);
  });
});

describe("consent details", () => {
  it.each<[string, boolean]>([
    ["A-2026-0001", true],
    ["代办同意书 第12号", true],
    ["x".repeat(40), true],
    ["x".repeat(41), false],
    ["", false],
    ["   ", false],
    ["A\u0000B", false],
  ])("form number %j → %s", (n, ok) => {
    expect(formNumberOk(n)).toBe(ok);
  });

  it("codes are 6 digits, bytes ≥ 250 skipped", () => {
    const bytes = [255, 251, 1, 2, 3, 4, 5, 6, 7, 8];
    let i = 0;
    const code = sixDigits((n) => Uint8Array.from({ length: n }, () => bytes[i++ % bytes.length]));
    expect(code).toBe("123456");
    for (let k = 0; k < 20; k++) expect(sixDigits((n) => crypto.getRandomValues(new Uint8Array(n)))).toMatch(/^\d{6}$/);
  });
});
