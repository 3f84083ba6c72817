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
