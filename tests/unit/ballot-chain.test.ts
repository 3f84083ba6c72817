import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildChain, receiptHashOf, resolutionNumber, verifyChain } from "~/domain/ballot-chain";

const entries = ["K7M4QX9PAB", "ZZZZ222233", "AAAA999988", "M3N4P5Q6R7"].map((code, i) => ({
  receiptHash: receiptHashOf(code),
  choice: ["agree", "oppose", "abstain", "agree"][i],
}));

describe("the hash-chained ballot list", () => {
  const chain = buildChain(7, entries);

  it("is sorted by receipt hash and verifies", () => {
    expect(chain.map((e) => e.receiptHash)).toEqual([...chain.map((e) => e.receiptHash)].sort());
    expect(verifyChain(7, chain)).toBeNull();
  });

  it("detects a changed choice", () => {
    const forged = chain.map((e, i) => (i === 1 ? { ...e, choice: e.choice === "agree" ? "oppose" : "agree" } : e));
    expect(verifyChain(7, forged)).toBe(2);
  });

  it("detects a dropped entry", () => {
    expect(verifyChain(7, [chain[0], ...chain.slice(2)])).toBe(2);
  });

  it("detects a reordering", () => {
    expect(verifyChain(7, [chain[1], chain[0], ...chain.slice(2)])).toBe(1);
  });

  it("is the same chain with Node's native SHA-256 as with the pure one", () => {
    const native = (t: string) => createHash("sha256").update(t).digest("hex");
    expect(buildChain(7, entries, native)).toEqual(chain);
  });

  it("is tied to its vote", () => {
    expect(verifyChain(8, chain)).toBe(1);
  });

  it("reads receipt codes however they are typed", () => {
    expect(receiptHashOf("k7m4-qx9p-ab")).toBe(receiptHashOf("K7M4QX9PAB"));
  });

  it("numbers resolutions by year, compound and sequence", () => {
    expect(resolutionNumber(2026, "幸福里小区", 3)).toBe("2026-幸福里-003");
    expect(resolutionNumber(2026, "锦绣花园", 12)).toBe("2026-锦绣花园-012");
  });
});
