import { describe, expect, it } from "vitest";
import { beijingDate, deadlineAfter, isWorkingDay, workingDaysBetween } from "~/domain/working-days";

// 2026 National Day: 10-01 (Thu) to 10-08 (Thu) off; Sunday 09-27 and Saturday 10-10 are make-up working days.
const cal = {
  holidays: new Set(["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08"]),
  makeupWorkdays: new Set(["2026-09-27", "2026-10-10"]),
};
const none = { holidays: new Set<string>(), makeupWorkdays: new Set<string>() };
const bj = (local: string) => new Date(`${local}+08:00`);

describe("working days", () => {
  it.each([
    ["2026-11-27", true], // Friday
    ["2026-11-28", false], // Saturday
    ["2026-09-27", true], // make-up Sunday
    ["2026-10-01", false], // holiday Thursday
    ["2026-10-10", true], // make-up Saturday
  ])("%s is a working day: %s", (d, w) => expect(isWorkingDay(d, cal)).toBe(w));

  it("reads dates in Beijing: 23:30 UTC is the next morning there", () => {
    expect(beijingDate(new Date("2026-11-26T23:30:00Z"))).toBe("2026-11-27");
  });

  it.each([
    ["received Friday, 1 day → end of Monday", "2026-11-27T10:00:00", 1, none, "2026-11-30T24:00"],
    ["received Monday, 3 days → end of Thursday", "2026-11-23T09:00:00", 3, none, "2026-11-26T24:00"],
    ["received late Friday night, 2 days → end of Tuesday", "2026-11-27T23:59:00", 2, none, "2026-12-01T24:00"],
    ["across National Day: received 09-30, 1 day → Friday 10-09, the first working day after the holiday", "2026-09-30T10:00:00", 1, cal, "2026-10-09T24:00"],
    ["across National Day: 2 days → the make-up Saturday 10-10", "2026-09-30T10:00:00", 2, cal, "2026-10-10T24:00"],
    ["a make-up Sunday counts: received Saturday 09-26, 1 day → Sunday 09-27", "2026-09-26T10:00:00", 1, cal, "2026-09-27T24:00"],
    ["zero days: the end of the day it came", "2026-11-27T10:00:00", 0, none, "2026-11-27T24:00"],
  ] as const)("%s", (_n, start, days, c, end) => {
    const [date] = end.split("T");
    const expected = new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000);
    expect(deadlineAfter(bj(start), days, c).toISOString()).toBe(expected.toISOString());
  });

  it("counts working days between two instants", () => {
    expect(workingDaysBetween(bj("2026-09-30T10:00:00"), bj("2026-10-10T09:00:00"), cal)).toBe(2);
    expect(workingDaysBetween(bj("2026-11-27T10:00:00"), bj("2026-11-30T09:00:00"), none)).toBe(1);
  });

  it("refuses a negative number of days", () => expect(() => deadlineAfter(new Date("2026-11-18T02:00:00Z"), -1, none)).toThrow());
});
