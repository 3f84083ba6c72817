// Each rate on a hand-computed example.
import { describe, expect, it } from "vitest";
import { percentOf } from "~/domain/percent";
import { median, rate, requestMetrics, responseDecided, supplyDemand } from "~/domain/request-metrics";

const r = (category: "housing" | "safety" | "environment", received: string, accepted: string | null, deadline: string, completed: string | null) => ({
  category,
  receivedAt: `${received}T02:00:00.000Z`,
  acceptedAt: accepted ? `${accepted}T02:00:00.000Z` : null,
  acceptDeadline: `${deadline}T16:00:00.000Z`,
  completedAt: completed ? `${completed}T02:00:00.000Z` : null,
});

// Five requests: accepted on time ×3 (days 1, 2, 1), late ×1 (day 5), never ×1; completed ×2 (after 4 and 10 days).
const requests = [
  r("housing", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-06"),
  r("housing", "2026-11-02", "2026-11-04", "2026-11-04", "2026-11-12"),
  r("safety", "2026-11-02", "2026-11-03", "2026-11-04", null),
  r("safety", "2026-11-02", "2026-11-07", "2026-11-04", null),
  r("environment", "2026-11-02", null, "2026-11-04", null),
];

// Every deadline of the example has passed.
const LATER = "2026-12-01T00:00:00.000Z";

describe("request metrics", () => {
  const m = requestMetrics(requests, { satisfied: 3, basic: 2, unsatisfied: 2 }, LATER);

  it("response rate: accepted within the deadline / received = 3/5", () => expect(m.responseRate).toEqual({ numerator: 3, denominator: 5, percent: 60 }));
  it("resolution rate: completed / received = 2/5", () => expect(m.resolutionRate).toEqual({ numerator: 2, denominator: 5, percent: 40 }));
  it("satisfaction rate: (satisfied + basically satisfied) / rated = 5/7", () =>
    expect(m.satisfactionRate).toEqual({ numerator: 5, denominator: 7, percent: 71.4 }));
  it("issue 12 · 21: a request not yet accepted and still within its accept deadline is pending, out of the response rate", () => {
    // On 11-03 the never-accepted request's deadline (end of 11-04) has not passed: 3 on time of the 4 decided.
    const early = requestMetrics(requests, { satisfied: 0, basic: 0, unsatisfied: 0 }, "2026-11-03T12:00:00.000Z");
    expect(early.responseRate).toEqual({ numerator: 3, denominator: 4, percent: 75 });
    expect(early.pending).toBe(1);
    // Once the deadline has passed it is late: 3 of 5.
    expect(m.pending).toBe(0);
    const deadline = requests[4].acceptDeadline;
    expect(responseDecided(requests[4], deadline)).toBe(false);
    expect(responseDecided(requests[4], "2026-11-04T16:00:00.001Z")).toBe(true);
    // An accepted one is decided whatever the time, late or not.
    expect(responseDecided(requests[3], "2026-11-01T00:00:00.000Z")).toBe(true);
  });
  it("median days to accept (1, 1, 2, 5) = 1.5 and to complete (4, 10) = 7", () => {
    expect(m.medianDaysToAccept).toBe(1.5);
    expect(m.medianDaysToComplete).toBe(7);
  });
  it("no requests: no rate, no median", () => {
    const empty = requestMetrics([], { satisfied: 0, basic: 0, unsatisfied: 0 }, LATER);
    expect(empty.responseRate.percent).toBeNull();
    expect(empty.medianDaysToAccept).toBeNull();
  });
  it("demand (requests + proposals) against supply (completed), by category", () => {
    expect(supplyDemand(requests, { housing: 3, social: 1 }, ["housing", "safety", "social"])).toEqual([
      { category: "housing", demand: 5, supply: 2 },
      { category: "safety", demand: 2, supply: 0 },
      { category: "social", demand: 1, supply: 0 },
    ]);
  });
  it.each([
    [2, 3, 66.7],
    [1, 3, 33.3],
    [1, 6, 16.7],
    [5, 7, 71.4],
    [1, 8, 12.5],
    [1, 16, 6.3],
    [1, 2000, 0.1],
    [1, 2001, 0],
    [0, 5, 0],
    [5, 5, 100],
    [1, 0, null],
  ])("issue 12 · 21: %i/%i is %s %% (one decimal, half up)", (n, d, p) => {
    expect(percentOf(n, d)).toBe(p);
    expect(rate(n, d).percent).toBe(p);
  });
  it("helpers", () => {
    expect(rate(1, 3).percent).toBe(33.3);
    expect(median([3, 1, 2])).toBe(2);
  });
});
