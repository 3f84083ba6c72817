import { describe, expect, it } from "vitest";
import { indexText, matchQuery, tsQuery } from "~/domain/search-text";

describe("search text", () => {
  it("indexes Chinese runs as bigrams and other words lower-cased", () => {
    expect(indexText("加装电梯, Phase 2!")).toBe("加装 装电 电梯 phase 2");
    expect(indexText("和")).toBe("和");
  });

  it("never lets a Latin word or a number swallow the Chinese after it", () => {
    expect(indexText("3号楼电梯坏了")).toBe("3 号楼 楼电 电梯 梯坏 坏了");
    expect(indexText("A座电梯")).toBe("a 座电 电梯");
    expect(indexText("WiFi信号差")).toBe("wifi 信号 号差");
    expect(matchQuery("3号楼电梯")).toBe('"号楼 楼电 电梯"');
  });

  it.each([
    ["电梯", '"电梯"'],
    ["加装电梯", '"加装 装电 电梯"'],
    ["停车 位置", '"停车" AND "位置"'],
    ['电梯" OR x', '"电梯" AND "or"'],
    ["电", null],
    ["", null],
    ["  ** ", null],
  ])("%j → %s", (q, expected) => expect(matchQuery(q)).toBe(expected));
});

describe("tokens scoped to a compound", () => {
  it("carry the compound in every token, in the index and in the query alike", async () => {
    const { indexText, matchQuery, scopeTokens } = await import("~/domain/search-text");
    expect(indexText("加装电梯 WiFi", 42)).toBe("c42x加装 c42x装电 c42x电梯 c42xwifi");
    expect(scopeTokens("加装 装电", 7)).toBe("c7x加装 c7x装电");
    expect(matchQuery("电梯", 42)).toBe('"c42x电梯"');
    expect(matchQuery("加装电梯", 42)).toBe('"c42x加装 c42x装电 c42x电梯"');
    // Another compound's tokens never match.
    expect(indexText("电梯", 43).split(" ")).not.toContain("c42x电梯");
  });
});

describe("PostgreSQL tsquery", () => {
  it.each([
    // The same bigrams as the FTS5 phrase: one lexeme, a phrase of lexemes in order, phrases that must all match.
    ["电梯", 42, "'c42x电梯'"],
    ["停车", 42, "'c42x停车'"],
    ["加装电梯", 42, "('c42x加装' <-> 'c42x装电' <-> 'c42x电梯')"],
    ["停车 位置", 7, "'c7x停车' & 'c7x位置'"],
    ["电梯电梯", 1, "('c1x电梯' <-> 'c1x梯电' <-> 'c1x电梯')"],
    // Latin words and digits lower-cased, single letters and single characters dropped, as matchQuery does.
    ["WiFi 5G a 电", 3, "'c3xwifi' & 'c3x5g'"],
    ["加装电梯2号楼", 3, "('c3x加装' <-> 'c3x装电' <-> 'c3x电梯') & 'c3x号楼'"],
    ["Phase 2", undefined, "'phase'"],
    ["加装电梯", undefined, "('加装' <-> '装电' <-> '电梯')"],
    // Nothing to look for.
    ["", 42, null],
    ["电", 42, null],
    ["  ** ", 42, null],
    ["& | ! ( ) : * <-> <2>", 42, null],
    // Hostile input: quotes, backslashes and tsquery operators never reach the query.
    ["电梯' | '停车", 42, "'c42x电梯' & 'c42x停车'"],
    ["电梯\\' & !停车:*", 42, "'c42x电梯' & 'c42x停车'"],
    ["(电梯 | 停车) <-> !x", 42, "'c42x电梯' & 'c42x停车'"],
    ["电梯:AB*cd", 42, "'c42x电梯' & 'c42xab' & 'c42xcd'"],
    ["''''\\\\\\", 42, null],
  ])("%j in compound %s → %s", (q, scope, expected) => expect(tsQuery(q, scope)).toBe(expected));

  it("has a phrase for every FTS5 phrase, with the same tokens", () => {
    for (const q of ["电梯", "加装电梯 停车", "WiFi 5G 电梯", '电梯" OR x'])
      expect(
        tsQuery(q, 9)!
          .replace(/[()']/g, "")
          .split(" & ")
          .map((p) => p.split(" <-> ").join(" ")),
      ).toEqual(matchQuery(q, 9)!.replace(/"/g, "").split(" AND "));
  });
});
