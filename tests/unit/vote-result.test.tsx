// The result of a closed vote as the page draws it: each unmet condition named with its threshold, and a
// vote nobody took part in said in words instead of "0.00 ㎡ / 0.00 ㎡".
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConditionsTable, FailedConditions } from "~/components/vote-result";
import { type CountedBallot, type Elector, type Rule, tally } from "~/domain/tally";

const electors: Elector[] = [
  { key: "d1", ownerKey: "a", areaCenti: 10_000 },
  { key: "d2", ownerKey: "b", areaCenti: 10_000 },
  { key: "d3", ownerKey: "c", areaCenti: 10_000 },
  { key: "d4", ownerKey: "d", areaCenti: 10_000 },
];
const ballots = (...choices: CountedBallot["choice"][]) => choices.map((choice, i) => ({ electorKey: `d${i + 1}`, choice, seq: i }));
const text = (el: JSX.Element) =>
  renderToStaticMarkup(el)
    .replace(/<[^>]+>/g, " ")
    .replace(/&gt;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("issue 12 · 12: the results line keeps each threshold", () => {
  it.each<[string, Rule, CountedBallot[], string[]]>([
    [
      "a major matter short of 3/4",
      "owners_major",
      ballots("agree", "agree", "oppose", "abstain"),
      ["同意的面积 ≥ 参与面积的 3/4", "同意的人数 ≥ 参与人数的 3/4"],
    ],
    [
      "an ordinary matter without a majority",
      "owners_ordinary",
      ballots("agree", "agree", "oppose", "oppose"),
      ["同意的面积 > 参与面积的 1/2", "同意的人数 > 参与人数的 1/2"],
    ],
    ["too few taking part", "owners_ordinary", ballots("agree", "agree"), ["参与表决的专有部分面积 ≥ 总面积的 2/3", "参与表决的业主人数 ≥ 总人数的 2/3"]],
  ])("%s", (_, rule, b, expected) => {
    const t = tally({ rule, electors, ballots: b });
    expect(t.passed).toBe(false);
    const line = text(<FailedConditions tally={t} />);
    expect(line).toContain("未满足的条件：");
    for (const e of expected) expect(line).toContain(e);
    expect(line).not.toMatch(/的 [；\s]|的 $/);
  });

  it("a residents' vote below its quorum names the quorum", () => {
    const t = tally({ rule: "residents", electors, ballots: ballots("agree"), quorumPercent: 50 });
    expect(text(<FailedConditions tally={t} />)).toContain("参与率 ≥ 50%");
  });

  it("says nothing under a vote that passed", () => {
    expect(
      renderToStaticMarkup(<FailedConditions tally={tally({ rule: "owners_ordinary", electors, ballots: ballots("agree", "agree", "agree", "oppose") })} />),
    ).toBe("");
  });

  it("a vote nobody took part in reads 无人参与, not 0.00 ㎡ / 0.00 ㎡", () => {
    for (const rule of ["owners_major", "owners_ordinary", "residents"] as const) {
      const t = tally({ rule, electors, ballots: [], quorumPercent: 10 });
      expect(text(<FailedConditions tally={t} />).trim()).toBe("未满足的条件：无人参与");
      const table = text(<ConditionsTable tally={t} />);
      expect(table).toContain("无人参与");
      expect(table).not.toContain("0.00 ㎡ / 0.00 ㎡");
      expect(table).not.toContain("0 / 0");
    }
    // The participation conditions keep their figures: nobody out of everyone.
    expect(text(<ConditionsTable tally={tally({ rule: "owners_ordinary", electors, ballots: [] })} />)).toContain("0.00 ㎡ / 400.00 ㎡");
  });
});
