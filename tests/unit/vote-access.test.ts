// Why someone on a vote's page has no ballot to cast (issue 12 · 13): every case has its reason.
import { describe, expect, it } from "vitest";
import { type VoteAccessInput, cannotVote, voteWindow } from "~/domain/vote-access";

const base: VoteAccessInput = {
  rule: "owners_ordinary",
  status: "open",
  opensAt: "2026-12-05T01:00:00.000Z",
  closesAt: "2026-12-12T01:00:00.000Z",
  at: "2026-12-06T01:00:00.000Z",
  electors: 0,
  relations: [],
};

describe("issue 12 · 13: a person who cannot vote is told why", () => {
  it.each<[string, Partial<VoteAccessInput>, ReturnType<typeof cannotVote>]>([
    ["an owner in the electorate, while it is open", { electors: 1, relations: ["owner"] }, null],
    ["someone who moved out but is in the frozen electorate", { electors: 1 }, null],
    ["a tenant on an owners' vote", { relations: ["tenant"] }, "tenant"],
    ["a family member on an owners' major-matter vote", { rule: "owners_major", relations: ["family"] }, "family"],
    ["a tenant who is also an owner elsewhere in the compound, not on the roster", { relations: ["tenant", "owner"] }, "notElector"],
    ["a tenant on a residents' vote who was verified after it opened", { rule: "residents", relations: ["tenant"] }, "notElector"],
    ["staff with no home in the compound", { relations: [] }, "notResident"],
    ["an elector before the window opens", { electors: 2, at: "2026-12-04T01:00:00.000Z" }, "notYet"],
    ["a tenant before the window opens: the reason that lasts", { relations: ["tenant"], at: "2026-12-04T01:00:00.000Z" }, "tenant"],
    ["an elector at the closing instant", { electors: 1, at: "2026-12-12T01:00:00.000Z" }, "closed"],
    ["anyone once it is closed", { electors: 1, status: "closed" }, "closed"],
  ])("%s → %s", (_, change, want) => {
    expect(cannotVote({ ...base, ...change })).toBe(want);
  });
});

describe("a vote's window, the one rule for casting and for the page", () => {
  it.each<[string, string, "open" | "closed", ReturnType<typeof voteWindow>]>([
    ["before it opens", "2026-12-05T00:59:59.999Z", "open", "notYet"],
    ["at the opening instant", "2026-12-05T01:00:00.000Z", "open", "open"],
    ["just before it closes", "2026-12-12T00:59:59.999Z", "open", "open"],
    ["at the closing instant", "2026-12-12T01:00:00.000Z", "open", "closed"],
    ["closed early, inside the window", "2026-12-06T01:00:00.000Z", "closed", "closed"],
  ])("%s", (_, at, status, expected) => {
    expect(voteWindow({ status, opensAt: base.opensAt, closesAt: base.closesAt }, at)).toBe(expected);
  });
});
