import { describe, expect, it } from "vitest";
import { type OpenRequest, likelyDuplicates, mergeRefusal, titleSimilarity } from "~/domain/report-duplicates";

describe("issue 17 · 4: title similarity by search tokens", () => {
  it.each([
    ["3号楼路灯坏了", "3号楼路灯坏了", 1],
    ["3号楼路灯坏了", "3号楼门口路灯不亮", 6 / 14],
    ["路灯坏了", "路灯不亮", 2 / 6],
    ["路灯坏了", "垃圾桶满了", 0],
    ["Broken LAMP", "broken lamp", 1],
    ["", "路灯坏了", 0],
    ["!!!", "???", 0],
  ])("%s ~ %s = %d", (a, b, score) => {
    expect(titleSimilarity(a, b)).toBeCloseTo(score, 5);
    expect(titleSimilarity(b, a)).toBeCloseTo(score, 5);
  });
});

const open = (over: Partial<OpenRequest> & { id: number }): OpenRequest => ({
  category: "housing",
  buildingId: 7,
  spot: null,
  title: "3号楼路灯坏了",
  state: "received",
  mergedInto: null,
  ...over,
});

describe("issue 17 · 4: likely duplicates of a new report", () => {
  const draft = { category: "housing" as const, buildingId: 7, spot: null, title: "3号楼门口路灯不亮" };

  it.each<[string, OpenRequest, boolean]>([
    ["same category, building, alike title, open", open({ id: 1 }), true],
    ["being worked on still counts", open({ id: 1, state: "in_progress" }), true],
    ["another category", open({ id: 1, category: "safety" }), false],
    ["another building", open({ id: 1, buildingId: 8 }), false],
    ["a spot instead of the building", open({ id: 1, buildingId: null, spot: "3号楼门口" }), false],
    ["completed", open({ id: 1, state: "completed" }), false],
    ["merged into another", open({ id: 1, mergedInto: 9 }), false],
    ["a title not alike", open({ id: 1, title: "楼道堆物" }), false],
  ])("%s → %s", (_, r, offered) => {
    expect(likelyDuplicates(draft, [r]).map((x) => x.id)).toEqual(offered ? [1] : []);
  });

  it("matches spots by their words when neither names a building", () => {
    const d = { category: "environment" as const, buildingId: null, spot: "南门垃圾站", title: "垃圾站满了" };
    const r = (spot: string) => open({ id: 1, category: "environment", buildingId: null, spot, title: "垃圾站满了没人清" });
    expect(likelyDuplicates(d, [r("南门垃圾站旁")])).toHaveLength(1);
    expect(likelyDuplicates(d, [r("北区车棚")])).toHaveLength(0);
  });

  it("orders by likeness, then the oldest first, and shows at most five", () => {
    const rows = [open({ id: 5, title: "3号楼门口路灯不亮" }), ...[9, 3, 8, 4, 6, 7].map((id) => open({ id, title: "3号楼路灯坏了" }))];
    expect(likelyDuplicates(draft, rows).map((x) => x.id)).toEqual([5, 3, 4, 6, 7]);
  });
});

describe("issue 17 · 4: merging a report", () => {
  const from = { id: 1, source: "report", state: "received", compoundId: 3, mergedInto: null as number | null };
  const into = { id: 2, state: "accepted", compoundId: 3, mergedInto: null as number | null };
  it.each<[string, Partial<typeof from>, Partial<typeof into>, string | null]>([
    ["an open report into an open request", {}, {}, null],
    ["into itself", {}, { id: 1 }, "self"],
    ["a resolution's request", { source: "resolution" }, {}, "not_report"],
    ["another compound's", {}, { compoundId: 4 }, "other_compound"],
    ["into one already merged", {}, { mergedInto: 5 }, "into_merged"],
    ["a completed report", { state: "completed" }, {}, "closed"],
    ["into a completed request", {}, { state: "completed" }, "closed"],
  ])("%s → %s", (_, f, i, refusal) => {
    expect(mergeRefusal({ ...from, ...f }, { ...into, ...i })).toBe(refusal);
  });
});
