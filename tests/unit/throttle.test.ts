import { describe, expect, it } from "vitest";
import { LOCK_MS, MAX_FAILURES, PHONE_CEILING, signInGate, signInLock } from "~/domain/throttle";

const T = Date.parse("2026-11-26T09:00:00Z");
const times = (n: number, step = 1000, from = T) => Array.from({ length: n }, (_, i) => from + i * step);

describe("signInLock", () => {
  it.each([
    ["four failures", times(4), T + 5000, false],
    ["five within 15 minutes", times(5), T + 5000, true],
    ["five, but spread over more than 15 minutes", times(5, 4 * 60_000), T + 17 * 60_000, false],
    ["five, 15 minutes after the latest", times(5), T + 4000 + LOCK_MS, false],
    ["five, a minute before the lock ends", times(5), T + 4000 + LOCK_MS - 60_000, true],
  ])("%s → locked %s", (_name, failures, now, locked) => {
    expect(signInLock(failures, now).locked).toBe(locked);
  });

  it("takes another ceiling", () => {
    expect(signInLock(times(19), T + 30_000, PHONE_CEILING).locked).toBe(false);
    expect(signInLock(times(20), T + 30_000, PHONE_CEILING).locked).toBe(true);
  });
});

describe("issue 12 · 5: sign-in throttled by number and source", () => {
  const now = T + 60_000;
  const cases: [string, { source: number[]; strangers: number[]; knownDevice: boolean }, false | "source" | "number"][] = [
    ["nothing wrong yet", { source: [], strangers: [], knownDevice: false }, false],
    ["an attacker's five failures, from the attacker's address", { source: times(MAX_FAILURES), strangers: times(MAX_FAILURES), knownDevice: false }, "source"],
    ["the owner at another address after the attacker's five", { source: [], strangers: times(MAX_FAILURES), knownDevice: false }, false],
    ["the owner's own device after the attacker's five", { source: [], strangers: times(MAX_FAILURES), knownDevice: true }, false],
    ["four addresses of five failures each: under the ceiling", { source: [], strangers: times(PHONE_CEILING - 1), knownDevice: false }, false],
    ["strangers at many addresses reach the ceiling: a new address is locked", { source: [], strangers: times(PHONE_CEILING), knownDevice: false }, "number"],
    ["past the ceiling, the owner's known device still signs in", { source: [], strangers: times(PHONE_CEILING), knownDevice: true }, false],
    ["the known device's own five failures lock it too", { source: times(MAX_FAILURES), strangers: [], knownDevice: true }, "source"],
    ["the ceiling's failures are old", { source: [], strangers: times(PHONE_CEILING, 1000, T - 2 * LOCK_MS), knownDevice: false }, false],
  ];
  it.each(cases)("%s", (_name, history, expected) => {
    const lock = signInGate(history, now);
    expect(lock.locked ? lock.scope : false).toBe(expected);
  });
});
