// Sessions: a new token at every sign-in, named by device and last use; ended one by one or everywhere, and
// ended when the role or residency they relied on is revoked or ended.
import { describe, expect, it } from "vitest";
import { sessionIdOf } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { describeDevice } from "~/domain/device";
import { signIn, validateSessionToken, endAllSessions, endSession } from "~/features/accounts/commands.server";
import { endResidency } from "~/features/residency/commands.server";
import { revokeRole } from "~/features/roles/commands.server";
import { mySessions } from "~/features/accounts/page.server";
import { actorOf, refusal, userId } from "../support/services";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/tools/demo-data";
import { now as clockNow } from "~/clock.server";

const db = () => getDb();
const IPHONE_WECHAT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40";
const WINDOWS_EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0";
const sessionsOf = async (id: number) => db().selectFrom("sessions").selectAll().where("user_id", "=", id).execute();

describe("sessions", () => {
  it("gives a new token at every sign-in and lists each device with its last use", async () => {
    const t0 = new Date("2026-11-26T08:00:00Z");
    const a = await signIn({ phone: DEMO_ACCOUNTS.tenant.phone, password: DEMO_PASSWORD, userAgent: IPHONE_WECHAT }, t0);
    const b = await signIn({ phone: DEMO_ACCOUNTS.tenant.phone, password: DEMO_PASSWORD, userAgent: WINDOWS_EDGE }, t0);
    expect(a.token).not.toBe(b.token);
    const list = await mySessions({ id: a.userId, sessionId: sessionIdOf(b.token) }, t0);
    expect(list.map((s) => [s.os, s.browser, s.current])).toEqual(
      expect.arrayContaining([
        ["iphone", "wechat", false],
        ["windows", "edge", true],
      ]),
    );

    // "Last seen" moves with use, but is written at most every five minutes.
    const seen = async () =>
      (await db().selectFrom("sessions").select("last_seen_at").where("id", "=", sessionIdOf(a.token)).executeTakeFirstOrThrow()).last_seen_at;
    await validateSessionToken(a.token, new Date(t0.getTime() + 60_000));
    expect(await seen()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + 6 * 60_000);
    await validateSessionToken(a.token, later);
    expect(await seen()).toBe(later.toISOString());
  });

  it("ends one session of one's own, never another person's, or all of them", async () => {
    const now = clockNow();
    const me = await userId("tenant");
    const mine = await signIn({ phone: DEMO_ACCOUNTS.tenant.phone, password: DEMO_PASSWORD }, now);
    const other = await signIn({ phone: DEMO_ACCOUNTS.tenant.phone, password: DEMO_PASSWORD }, now);
    const theirs = await signIn({ phone: DEMO_ACCOUNTS.resident.phone, password: DEMO_PASSWORD }, now);
    const current = { id: me, sessionId: sessionIdOf(mine.token) };
    expect(await refusal(endSession(current, sessionIdOf(theirs.token).slice(0, 16), now))).toMatchObject({ status: 404, key: "sessions.notFound" });
    expect(await validateSessionToken(theirs.token, now)).not.toBeNull();
    expect(await endSession(current, sessionIdOf(other.token).slice(0, 16), now)).toBe(false);
    expect(await validateSessionToken(other.token, now)).toBeNull();
    expect(await validateSessionToken(mine.token, now)).not.toBeNull();
    await endAllSessions(me, now);
    expect(await sessionsOf(me)).toEqual([]);
    expect(await validateSessionToken(theirs.token, now)).not.toBeNull();
  });

  it("ends a person's sessions when their role is revoked or their residency ended", async () => {
    const now = clockNow();
    const lead = await userId("buildingLead");
    await signIn({ phone: DEMO_ACCOUNTS.buildingLead.phone, password: DEMO_PASSWORD }, now);
    const grant = await db().selectFrom("role_grants").select("id").where("user_id", "=", lead).where("revoked_at", "is", null).executeTakeFirstOrThrow();
    await revokeRole(await actorOf("admin"), { grantId: grant.id }, now);
    expect(await sessionsOf(lead)).toEqual([]);

    const resident = await userId("resident");
    await signIn({ phone: DEMO_ACCOUNTS.resident.phone, password: DEMO_PASSWORD }, now);
    const residency = await db()
      .selectFrom("residencies")
      .select("id")
      .where("user_id", "=", resident)
      .where("status", "=", "verified")
      .executeTakeFirstOrThrow();
    await endResidency(await actorOf("coordinator"), { residencyId: residency.id, reason: "已搬走" }, now);
    expect(await sessionsOf(resident)).toEqual([]);
  });

  it("names devices from their User-Agent", () => {
    expect(describeDevice(IPHONE_WECHAT)).toEqual({ os: "iphone", browser: "wechat" });
    expect(describeDevice(WINDOWS_EDGE)).toEqual({ os: "windows", browser: "edge" });
    expect(describeDevice("Mozilla/5.0 (Linux; Android 14; HarmonyOS; ALN-AL00) AppleWebKit/537.36 Chrome/114.0 Mobile Safari/537.36")).toEqual({
      os: "harmony",
      browser: "chrome",
    });
    expect(describeDevice("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15")).toEqual({
      os: "mac",
      browser: "safari",
    });
    expect(describeDevice(null)).toEqual({ os: "other", browser: "other" });
  });
});
