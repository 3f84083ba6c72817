import { describe, expect, it } from "vitest";
import { metricsBySource, requestMetrics } from "~/domain/request-metrics";

const NOW = "2026-12-20T00:00:00.000Z";
const fact = (source: "resolution" | "report", over: { acceptedAt?: string | null; completedAt?: string | null } = {}) => ({
  category: "housing" as const,
  receivedAt: "2026-12-01T01:00:00.000Z",
  acceptedAt: "2026-12-01T02:00:00.000Z",
  acceptDeadline: "2026-12-03T16:00:00.000Z",
  completedAt: null,
  source,
  ...over,
});

describe("issue 17 · 4: metrics by origin", () => {
  const requests = [
    fact("resolution", { completedAt: "2026-12-03T01:00:00.000Z" }),
    fact("resolution", { acceptedAt: null }),
    fact("report", { completedAt: "2026-12-02T01:00:00.000Z" }),
  ];
  const ratings = { resolution: { satisfied: 1, basic: 0, unsatisfied: 1 }, report: { satisfied: 0, basic: 1, unsatisfied: 0 } };
  const m = metricsBySource(requests, ratings, NOW);

  it.each([
    ["resolution", 2, [1, 2], [1, 2], [1, 2]],
    ["report", 1, [1, 1], [1, 1], [1, 1]],
    ["all", 3, [2, 3], [2, 3], [2, 3]],
  ] as const)("%s: received, response, resolution and satisfaction", (key, received, response, resolution, satisfaction) => {
    const x = m[key];
    expect(x.received).toBe(received);
    expect([x.responseRate.numerator, x.responseRate.denominator]).toEqual(response);
    expect([x.resolutionRate.numerator, x.resolutionRate.denominator]).toEqual(resolution);
    expect([x.satisfactionRate.numerator, x.satisfactionRate.denominator]).toEqual(satisfaction);
  });

  it("together is exactly the metrics of every request, as before the split", () => {
    expect(m.all).toEqual(requestMetrics(requests, { satisfied: 1, basic: 1, unsatisfied: 1 }, NOW));
  });

  it("an origin with no requests has nothing to divide by", () => {
    const none = metricsBySource([fact("resolution")], { resolution: ratings.resolution, report: { satisfied: 0, basic: 0, unsatisfied: 0 } }, NOW);
    expect([none.report.received, none.report.responseRate.percent, none.report.satisfactionRate.percent]).toEqual([0, null, null]);
  });
});
