import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, admit, parseLimits } from "~/domain/rate-limit";

describe("abuse limits", () => {
  it("admits up to the limit in a sliding minute, then says how long to wait", () => {
    let tries: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = admit(tries, 1_000 + i * 1_000, 3);
      expect(r.ok).toBe(true);
      tries = r.tries;
    }
    const refused = admit(tries, 10_000, 3);
    expect(refused).toMatchObject({ ok: false, retryAfterMs: 51_000 });
    expect(admit(refused.tries, 61_001, 3).ok).toBe(true); // the first try has aged out
    expect(admit(Array(1000).fill(0), 1, 0).ok).toBe(true); // 0: no limit
  });

  it("reads RATE_LIMITS: defaults, changes, off, and refuses nonsense", () => {
    expect(parseLimits(undefined)).toEqual(DEFAULT_LIMITS);
    expect(parseLimits("comment.user=3, ballot.ip=0")).toMatchObject({ "comment.user": 3, "ballot.ip": 0, "register.ip": DEFAULT_LIMITS["register.ip"] });
    expect(Object.values(parseLimits("off")!).every((n) => n === 0)).toBe(true);
    for (const bad of ["comment=3", "votes.user=1", "comment.user=-1", "comment.user=x"]) expect(parseLimits(bad), bad).toBeNull();
  });
});
