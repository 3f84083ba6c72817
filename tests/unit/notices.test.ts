// The rules of notices outside the app (issue 17), as tables: backoff, quiet hours (Beijing), the digest's due
// time, the merge window of request steps, the kind of a notification, a verification code's state.
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../db/migrations/2026-12-04T01-outbox";
import {
  CHANNELS,
  CODE_TRIES,
  CONTACT_CHANNELS,
  NOTICE_KINDS,
  NOTICE_MODES,
  OUTBOX_STATUSES,
  MAX_ATTEMPTS,
  afterFailure,
  afterQuiet,
  backoffMs,
  beijingHour,
  codeState,
  digestDue,
  isQuiet,
  mergesInto,
  nextBeijingHour,
  noticeKindOf,
} from "~/domain/notices";

const t = (s: string) => Date.parse(s);
const MIN = 60_000;

describe("backoff", () => {
  it.each([
    [1, 1 * MIN],
    [2, 2 * MIN],
    [3, 4 * MIN],
    [4, 8 * MIN],
    [10, 360 * MIN],
    [30, 360 * MIN],
  ])("after the %i-th failure, wait %i ms", (attempts, ms) => expect(backoffMs(attempts)).toBe(ms));

  it("gives up after MAX_ATTEMPTS", () => {
    expect(afterFailure(1, 0)).toEqual({ status: "pending", next: MIN });
    expect(afterFailure(MAX_ATTEMPTS - 1, 0)).toMatchObject({ status: "pending" });
    expect(afterFailure(MAX_ATTEMPTS, 0)).toEqual({ status: "failed" });
  });
});

describe("Beijing hours", () => {
  it.each([
    ["2026-11-18T00:00:00Z", 8, false],
    ["2026-11-18T13:59:00Z", 21, false],
    ["2026-11-18T14:00:00Z", 22, true],
    ["2026-11-18T18:30:00Z", 2, true],
    ["2026-11-18T22:59:00Z", 6, true],
    ["2026-11-18T23:00:00Z", 7, false],
  ])("%s is %i:00 in Beijing, quiet: %s", (at, hour, quiet) => {
    expect(beijingHour(t(at))).toBe(hour);
    expect(isQuiet(t(at))).toBe(quiet);
  });

  it.each([
    ["2026-11-18T02:00:00Z", 20, "2026-11-18T12:00:00.000Z"],
    ["2026-11-18T12:00:00Z", 20, "2026-11-18T12:00:00.000Z"],
    ["2026-11-18T12:00:01Z", 20, "2026-11-19T12:00:00.000Z"],
    ["2026-11-18T17:00:00Z", 7, "2026-11-18T23:00:00.000Z"],
    ["2026-11-18T15:30:00Z", 0, "2026-11-18T16:00:00.000Z"],
  ])("from %s the next %i:00 (Beijing) is %s", (at, hour, next) => expect(new Date(nextBeijingHour(t(at), hour)).toISOString()).toBe(next));
});

describe("quiet hours and digests", () => {
  const night = t("2026-11-18T15:00:00Z"); // 23:00 in Beijing
  const morning = "2026-11-18T23:00:00.000Z"; // 07:00 in Beijing
  it.each([
    ["sms", true, morning],
    ["push", true, morning],
    ["email", true, new Date(night).toISOString()],
    ["sms", false, new Date(night).toISOString()],
  ] as const)("a %s at 23:00 with quiet nights %s goes at %s", (channel, quiet, at) =>
    expect(new Date(afterQuiet(night, channel, quiet)).toISOString()).toBe(at),
  );

  it.each([
    // 10:00 Beijing, digest at 20:00: that evening.
    ["2026-11-18T02:00:00Z", 20, "email", true, "2026-11-18T12:00:00.000Z"],
    // 21:00 Beijing, digest at 20:00: the next evening.
    ["2026-11-18T13:00:00Z", 20, "email", true, "2026-11-19T12:00:00.000Z"],
    // A digest at 23:00 by SMS waits for the morning when nights are quiet.
    ["2026-11-18T02:00:00Z", 23, "sms", true, "2026-11-18T23:00:00.000Z"],
    ["2026-11-18T02:00:00Z", 23, "sms", false, "2026-11-18T15:00:00.000Z"],
  ] as const)("written at %s, hour %i, by %s (quiet %s): due %s", (at, hour, channel, quiet, due) =>
    expect(new Date(digestDue(t(at), hour, channel, quiet)).toISOString()).toBe(due),
  );
});

describe("merge window", () => {
  it.each([
    [0, 0, true],
    [0, 59 * MIN, true],
    [0, 60 * MIN, false],
    [10 * MIN, 0, false],
  ])("first at %i, step at %i: merges %s", (first, at, merges) => expect(mergesInto(first, at)).toBe(merges));
});

describe("kind of a notification", () => {
  it.each([
    ["request", {}, "requests"],
    ["moderated", {}, "moderation"],
    ["reply", {}, "mine"],
    ["cosponsor", {}, "mine"],
    ["comment", {}, "threads"],
    ["state", { to: "voting" }, "votes"],
    ["state", { to: "adopted" }, "votes"],
    ["state", { to: "published" }, "threads"],
  ])("%s %j is %s", (kind, data, want) => expect(noticeKindOf(kind, data)).toBe(want));
});

describe("verification code", () => {
  it.each([
    [{ expiresAt: null, tries: 0 }, 0, "none"],
    [{ expiresAt: 1000, tries: 0 }, 999, "open"],
    [{ expiresAt: 1000, tries: 0 }, 1000, "expired"],
    [{ expiresAt: 1000, tries: CODE_TRIES }, 0, "exhausted"],
    [{ expiresAt: 1000, tries: CODE_TRIES - 1 }, 0, "open"],
  ])("%j at %i is %s", (c, at, want) => expect(codeState(c, at)).toBe(want));
});

describe("the database's CHECK lists", () => {
  it("are the app's own lists", () => {
    expect(CHECKS.contacts.channel).toEqual(CONTACT_CHANNELS);
    expect(CHECKS.notice_prefs).toEqual({ kind: NOTICE_KINDS, mode: NOTICE_MODES });
    expect(CHECKS.outbox).toEqual({ channel: CHANNELS, status: OUTBOX_STATUSES, digest: "flag" });
  });
});
