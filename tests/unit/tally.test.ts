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
    [
      "exactly 2/3 take part and exactly 1/2 agree: fails (needs more than half)",
      dwellings(6),
      cast([...repeat("agree", 2), ...repeat("oppose", 2), null, null]),
      false,
      ["approval_area", "approval_headcount"],
    ],
    ["exactly 2/3 take part, 3 of 4 agree: passes", dwellings(6), cast([...repeat("agree", 3), "oppose", null, null]), true, []],
    [
      "one short of 2/3 takes part: fails participation",
      dwellings(6),
      cast([...repeat("agree", 3), null, null, null]),
      false,
      ["participation_area", "participation_headcount"],
    ],
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
    const t = tally({
      rule: "owners_ordinary",
      electors,
      ballots: [
        { electorKey: "a1", choice: "oppose", seq: 1 },
        { electorKey: "a2", choice: "agree", seq: 2 },
      ],
    });
    expect(t.counts.byChoice.agree.headcount).toBe(1);
    expect(t.counts.byChoice.oppose.headcount).toBe(0);
    // …and that choice carries both dwellings' area.
    expect(t.counts.byChoice.agree.areaCenti).toBe(200);
    expect(t.counts.byChoice.oppose.areaCenti).toBe(0);
  });

  describe("issue 12 · 8: one owner, one choice — an owner's latest ballot, online or paper, covers all their dwellings", () => {
    // a owns d1 (40 m²) and d2 (60 m²); b owns d3 (50 m²), c owns d4 (50 m²). Total 200 m², 3 owners;
    // a's two dwellings are exactly half the area.
    const electors: Elector[] = [
      { key: "d1", ownerKey: "a", areaCenti: 4_000 },
      { key: "d2", ownerKey: "a", areaCenti: 6_000 },
      { key: "d3", ownerKey: "b", areaCenti: 5_000 },
      { key: "d4", ownerKey: "c", areaCenti: 5_000 },
    ];
    const b = (electorKey: string, choice: Choice, seq: number): CountedBallot => ({ electorKey, choice, seq });
    const allAgreeOnline = [b("d1", "agree", 0), b("d2", "agree", 1), b("d3", "agree", 2), b("d4", "agree", 3)];
    it.each([
      // [name, ballots, passed, failed, agree {ballots, headcount, area}, oppose {…}, participating area]
      // Agree: d3 + d4 = 100 m² of 200 m² participating, exactly 1/2, not more: fails. Headcount 2 of 3 agree: met.
      // (Counting d1 with a's online "agree" and d2 with the paper "oppose" would give 140 m² and pass.)
      [
        "a, b, c agree online; then a paper 'oppose' for d2: fails at exactly half the area",
        [...allAgreeOnline, b("d2", "oppose", 4)],
        false,
        ["approval_area"],
        [2, 2, 10_000],
        [2, 1, 10_000],
        20_000,
      ],
      [
        "the same when a had cast online for d1 alone",
        [b("d1", "agree", 0), b("d3", "agree", 2), b("d4", "agree", 3), b("d2", "oppose", 4)],
        false,
        ["approval_area"],
        [2, 2, 10_000],
        [2, 1, 10_000],
        20_000,
      ],
      // a's later online "agree" replaces the earlier paper "oppose" for both dwellings: 200 m² and 3 heads agree.
      [
        "a paper 'oppose' for d2, then a agrees online: a agrees with all 100 m²",
        [b("d2", "oppose", 0), b("d1", "agree", 5), b("d2", "agree", 6), b("d3", "agree", 2), b("d4", "agree", 3)],
        true,
        [],
        [4, 3, 20_000],
        [0, 0, 0],
        20_000,
      ],
      // A ballot for d1 alone still brings d2's 60 m² in: participation 200 m² (≥ 2/3), agree 200 m².
      [
        "a ballot for one dwelling counts the owner's other dwelling too",
        [b("d1", "agree", 0), b("d3", "agree", 1), b("d4", "agree", 2)],
        true,
        [],
        [4, 3, 20_000],
        [0, 0, 0],
        20_000,
      ],
      // Only a takes part, for d2: 100 m² of 200 m² (< 2/3), 1 head of 3 (< 2/3).
      [
        "a alone takes part: half the area, a third of the heads",
        [b("d2", "agree", 0)],
        false,
        ["participation_area", "participation_headcount"],
        [2, 1, 10_000],
        [0, 0, 0],
        10_000,
      ],
      // a abstains (latest) after agreeing: d1 + d2 abstain; agree 100 m² of 200 m², 2 heads of 3.
      [
        "a's latest ballot is an abstention: both dwellings abstain",
        [...allAgreeOnline, b("d1", "abstain", 7)],
        false,
        ["approval_area"],
        [2, 2, 10_000],
        [0, 0, 0],
        20_000,
      ],
    ] as const)("%s", (_n, ballots, passed, failed, agree, oppose, participatingArea) => {
      const t = tally({ rule: "owners_ordinary", electors, ballots });
      expect(t.passed).toBe(passed);
      expect(t.failed).toEqual(failed);
      expect(t.counts.byChoice.agree).toEqual({ ballots: agree[0], headcount: agree[1], areaCenti: agree[2] });
      expect(t.counts.byChoice.oppose).toEqual({ ballots: oppose[0], headcount: oppose[1], areaCenti: oppose[2] });
      expect(t.counts.participatingAreaCenti).toBe(participatingArea);
      expect(t.counts.byChoice.agree.areaCenti + t.counts.byChoice.oppose.areaCenti + t.counts.byChoice.abstain.areaCenti).toBe(participatingArea);
    });

    it("the failing condition reads 10000 / 20000 against more than 1/2", () => {
      const t = tally({ rule: "owners_ordinary", electors, ballots: [...allAgreeOnline, b("d2", "oppose", 4)] });
      expect(t.conditions.find((c) => c.id === "approval_area")).toEqual({
        id: "approval_area",
        numerator: 10_000,
        denominator: 20_000,
        op: ">",
        fraction: [1, 2],
        met: false,
      });
      expect(t.conditions.find((c) => c.id === "approval_headcount")).toMatchObject({ numerator: 2, denominator: 3, met: true });
      expect(t.counts).toMatchObject({ electors: 4, headcount: 3, areaCenti: 20_000, participating: 4, participatingHeadcount: 3 });
    });
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
    const enough = tally({
      rule: "owners_ordinary",
      electors,
      ballots: [
        { electorKey: "x", choice: "agree", seq: 1 },
        { electorKey: "y", choice: "agree", seq: 2 },
      ],
    });
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
