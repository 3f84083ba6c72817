import { describe, expect, it } from "vitest";
import { indexText, matchQuery } from "~/domain/search-text";

describe("search text", () => {
  it("indexes Chinese runs as bigrams and other words lower-cased", () => {
    expect(indexText("加装电梯, Phase 2!")).toBe("加装 装电 电梯 phase 2");
    expect(indexText("和")).toBe("和");
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
