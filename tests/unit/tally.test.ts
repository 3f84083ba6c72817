// The tally under Civil Code art. 278, at its edges: exactly 2/3, exactly 1/2, exactly 3/4, one owner with
// many dwellings, zero votes. Areas are whole hundredths of m²; every comparison is exact.
import { describe, expect, it } from "vitest";
import { type Choice, type CountedBallot, type Elector, tally } from "~/domain/tally";

/** n dwellings, each its own owner, each of `area` hundredths of m². */
function dwellings(n: number, area = 10_000): Elector[] {
  return Array.from({ length: n }, (_, i) => ({ key: `d${i}`, ownerKey: `o${i}`, areaCenti: area }));
}
function cast(choices: (Choice | null)[]): CountedBallot[] {
  return choices.flatMap((c, i) => (c ? [{ electorKey: `d${i}`, choice: c, seq: i }] : []));
}
const repeat = (c: Choice | null, n: number) => Array<Choice | null>(n).fill(c);

describe("owners_ordinary", () => {
  it.each([
    // [name, electors, ballots, passed, failed conditions]
    ["exactly 2/3 take part and exactly 1/2 agree: fails (needs more than half)", dwellings(6), cast([...repeat("agree", 2), ...repeat("oppose", 2), null, null]), false, ["approval_area", "approval_headcount"]],
    ["exactly 2/3 take part, 3 of 4 agree: passes", dwellings(6), cast([...repeat("agree", 3), "oppose", null, null]), true, []],
    ["one short of 2/3 takes part: fails participation", dwellings(6), cast([...repeat("agree", 3), null, null, null]), false, ["participation_area", "participation_headcount"]],
    ["abstentions take part but do not agree", dwellings(3), cast(["agree", "abstain", "abstain"]), false, ["approval_area", "approval_headcount"]],
    ["zero votes", dwellings(5), [], false, ["participation_area", "participation_headcount", "approval_area", "approval_headcount"]],
    ["no electorate at all", [], [], false, ["participation_area", "participation_headcount", "approval_area", "approval_headcount"]],
  ] as const)("%s", (_n, electors, ballots, passed, failed) => {
    const t = tally({ rule: "owners_ordinary", electors, ballots });
    expect(t.passed).toBe(passed);
    expect(t.failed).toEqual(failed);
  });

  it("area and headcount are separate conditions: a large owner alone carries area, not headcount", () => {
    const electors: Elector[] = [{ key: "big", ownerKey: "big", areaCenti: 90_000 }, ...dwellings(3, 1_000)];
    const t = tally({ rule: "owners_ordinary", electors, ballots: [{ electorKey: "big", choice: "agree", seq: 1 }, ...cast(["oppose", "oppose", "agree"])] });
    expect(t.conditions.find((c) => c.id === "approval_area")!.met).toBe(true);
    expect(t.conditions.find((c) => c.id === "approval_headcount")!.met).toBe(false);
    expect(t.failed).toEqual(["approval_headcount"]);
  });

  it("one owner of several dwellings counts once in headcount, with all their area", () => {
    // Owner A holds four dwellings; B and C one each. Headcount 3, area 6 dwellings.
    const electors: Elector[] = [
      ...["a1", "a2", "a3", "a4"].map((k) => ({ key: k, ownerKey: "A", areaCenti: 10_000 })),
      { key: "b", ownerKey: "B", areaCenti: 10_000 },
      { key: "c", ownerKey: "C", areaCenti: 10_000 },
    ];
    const ballots: CountedBallot[] = ["a1", "a2", "a3", "a4"].map((k, i) => ({ electorKey: k, choice: "agree", seq: i }));
    const t = tally({ rule: "owners_ordinary", electors, ballots: [...ballots, { electorKey: "b", choice: "oppose", seq: 9 }] });
    expect(t.counts.headcount).toBe(3);
    expect(t.counts.participatingHeadcount).toBe(2);
    expect(t.counts.byChoice.agree).toEqual({ ballots: 4, headcount: 1, areaCenti: 40_000 });
    // 2 of 3 owners take part (exactly 2/3), with 5/6 of the area; 1 of 2 participating owners agree: not more than half.
    expect(t.failed).toEqual(["approval_headcount"]);
  });

  it("an owner whose dwellings disagree counts by their latest ballot", () => {
    const electors: Elector[] = [
      { key: "a1", ownerKey: "A", areaCenti: 100 },
      { key: "a2", ownerKey: "A", areaCenti: 100 },
    ];
    const t = tally({ rule: "owners_ordinary", electors, ballots: [{ electorKey: "a1", choice: "oppose", seq: 1 }, { electorKey: "a2", choice: "agree", seq: 2 }] });
    expect(t.counts.byChoice.agree.headcount).toBe(1);
    expect(t.counts.byChoice.oppose.headcount).toBe(0);
  });

  it("is exact where floats are not: 2/3 of an area that does not divide by 3", () => {
    // Total 300.01 m² (30001); two-thirds is 200.0066…: 200.00 m² falls short, 200.01 m² is enough.
    const electors: Elector[] = [
      { key: "x", ownerKey: "x", areaCenti: 20_000 },
      { key: "y", ownerKey: "y", areaCenti: 1 },
      { key: "z", ownerKey: "z", areaCenti: 10_000 },
    ];
    const short = tally({ rule: "owners_ordinary", electors, ballots: [{ electorKey: "x", choice: "agree", seq: 1 }] });
    expect(short.conditions.find((c) => c.id === "participation_area")!.met).toBe(false);
    const enough = tally({ rule: "owners_ordinary", electors, ballots: [{ electorKey: "x", choice: "agree", seq: 1 }, { electorKey: "y", choice: "agree", seq: 2 }] });
    expect(enough.conditions.find((c) => c.id === "participation_area")!.met).toBe(true);
  });
});

describe("owners_major", () => {
  it.each([
    ["exactly 3/4 agree: passes", cast([...repeat("agree", 6), ...repeat("oppose", 2), null, null, null, null]), 12, true],
    ["just under 3/4: fails", cast([...repeat("agree", 5), ...repeat("oppose", 2), "abstain", null, null, null, null]), 12, false],
    ["exactly 2/3 take part, all agree: passes", cast([...repeat("agree", 8), ...repeat(null, 4)]), 12, true],
  ] as const)("%s", (_n, ballots, n, passed) => {
    expect(tally({ rule: "owners_major", electors: dwellings(n), ballots }).passed).toBe(passed);
  });
});

describe("residents", () => {
  it.each([
    ["more agree than oppose, quorum met", ["agree", "agree", "oppose", null], 50, true, []],
    ["a tie fails", ["agree", "oppose", "abstain", null], 50, false, ["majority"]],
    ["exactly the quorum counts", ["agree", null, null, null], 25, true, []],
    ["below the quorum", ["agree", null, null, null], 26, false, ["turnout"]],
    ["abstentions count toward turnout only", ["agree", "abstain", "abstain", "abstain"], 100, true, []],
    ["zero votes", [null, null], 0, false, ["majority"]],
  ] as const)("%s", (_n, choices, quorum, passed, failed) => {
    const t = tally({ rule: "residents", electors: dwellings(choices.length), ballots: cast([...choices]), quorumPercent: quorum });
    expect(t.passed).toBe(passed);
    expect(t.failed).toEqual(failed);
  });
});
