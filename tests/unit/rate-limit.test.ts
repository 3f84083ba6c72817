import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, LIMIT_WINDOW_MS, parseLimits, retryAfter, windowAllowance, windowStart } from "~/domain/rate-limit";

describe("abuse limits", () => {
  it("admits up to the limit in a sliding minute made of two fixed windows, then says how long to wait", () => {
    const W = LIMIT_WINDOW_MS;
    expect(windowStart(3 * W + 1_234)).toBe(3 * W);
    // Nothing before: the whole limit in this window.
    expect(windowAllowance(0, 3 * W + 1_000, 3)).toBe(3);
    // 3 tries in the previous window, a quarter of it still within the last minute: they count as 0.75.
    expect(windowAllowance(3, 3 * W + 45_000, 3)).toBe(3); // 0.75 + current < 3 while current ≤ 2
    expect(windowAllowance(3, 3 * W + 10_000, 3)).toBe(1); // 2.5 + current < 3 only for current 0
    expect(windowAllowance(4, 3 * W, 3)).toBe(-1); // the previous window alone is over the limit
    expect(windowAllowance(1000, 3 * W, 0)).toBe(Infinity); // 0: no limit
    // 3 earlier tries and 1 now at +10 s: 3·50/60 + 1 = 3.5, refused. Admitted again once 3·(60 - t)/60 + 1 < 3, that is after t = 20 s: a wait of 10 s.
    expect(retryAfter(3, 1, 3 * W + 10_000, 3)).toBe(10_001);
    // This window full: wait for the next one, where its 3 tries weigh 3·(60 - t)/60 < 3 just after it starts.
    expect(retryAfter(0, 3, 3 * W + 10_000, 3)).toBe(50_001);
    // Twice the limit here: not before half of the next window has passed.
    expect(retryAfter(0, 6, 3 * W + 10_000, 3)).toBe(80_001);
  });

  it("reads RATE_LIMITS: defaults, changes, off, and refuses nonsense", () => {
    expect(parseLimits(undefined)).toEqual(DEFAULT_LIMITS);
    expect(parseLimits("comment.user=3, ballot.ip=0")).toMatchObject({ "comment.user": 3, "ballot.ip": 0, "register.ip": DEFAULT_LIMITS["register.ip"] });
    expect(Object.values(parseLimits("off")!).every((n) => n === 0)).toBe(true);
    for (const bad of ["comment=3", "votes.user=1", "comment.user=-1", "comment.user=x"]) expect(parseLimits(bad), bad).toBeNull();
  });
});
