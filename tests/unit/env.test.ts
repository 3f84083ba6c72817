import { describe, expect, it } from "vitest";
import { parseEnv, seedsDemo } from "~/env.server";

describe("issue 12 · 2: the demo city only where it is plainly a trial", () => {
  const cases: [string | undefined, string | undefined, boolean][] = [
    // SEED_DEMO, APP_ORIGIN, seeds the demo
    [undefined, undefined, true],
    [undefined, "http://localhost:3000", true],
    [undefined, "http://127.0.0.1:8080", true],
    [undefined, "http://[::1]:3000", true],
    [undefined, "https://gongzhi.example.cn", false],
    [undefined, "http://192.168.1.20:3000", false],
    [undefined, "https://localhost.example.cn", false],
    ["1", "https://gongzhi.example.cn", true],
    ["1", undefined, true],
    ["0", undefined, false],
    ["0", "http://localhost:3000", false],
    ["0", "https://gongzhi.example.cn", false],
  ];
  it.each(cases)("SEED_DEMO=%s APP_ORIGIN=%s → %s", (SEED_DEMO, APP_ORIGIN, expected) => {
    const source: Record<string, string> = {};
    if (SEED_DEMO !== undefined) source.SEED_DEMO = SEED_DEMO;
    if (APP_ORIGIN !== undefined) source.APP_ORIGIN = APP_ORIGIN;
    expect(seedsDemo(parseEnv(source))).toBe(expected);
  });

  it("refuses a SEED_DEMO that is neither 0 nor 1", () => {
    expect(() => parseEnv({ SEED_DEMO: "yes" })).toThrow(/SEED_DEMO/);
  });
});
