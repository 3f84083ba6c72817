import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { SESSION_MS, generateSessionToken, sessionIdOf } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { MAX_FAILURES, PHONE_CEILING } from "~/domain/throttle";
import { changePassword, register, signIn, validateSessionToken } from "~/features/accounts/commands.server";
import { createSession } from "~/features/accounts/session-queries.server";
import { refusal } from "../support/services";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/tools/demo-data";
import { now as clockNow } from "~/clock.server";

const db = () => getDb();

describe("register and sign in", () => {
  it("registers, stores only the token's SHA-256, and signs in", async () => {
    const now = new Date("2026-11-26T08:00:00Z");
    const r = await register({ phone: "13711112222", name: "新用户", password: "abcdefgh", locale: null }, now);
    const row = await db().selectFrom("sessions").selectAll().where("user_id", "=", r.userId).executeTakeFirstOrThrow();
    expect(row.id).toBe(sessionIdOf(r.token));
    expect(row.id).not.toContain(r.token);
    expect(row.id).toMatch(/^[0-9a-f]{64}$/);
    const user = await db().selectFrom("users").select("password_hash").where("id", "=", r.userId).executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$/);
    const s = await signIn({ phone: "13711112222", password: "abcdefgh" }, now);
    expect(s.userId).toBe(r.userId);
    expect(s.token).not.toBe(r.token);
  });

  it("refuses a second account on one number with 409", async () => {
    expect(await refusal(register({ phone: DEMO_ACCOUNTS.resident.phone, name: "x", password: "abcdefgh", locale: null }, clockNow()))).toMatchObject({
      status: 409,
      key: "auth.phoneTaken",
    });
  });

  it("refuses a wrong password and an unknown number alike", async () => {
    const now = clockNow();
    expect(await refusal(signIn({ phone: DEMO_ACCOUNTS.resident.phone, password: "wrong-password" }, now))).toMatchObject({
      status: 400,
      key: "auth.badCredentials",
    });
    expect(await refusal(signIn({ phone: "13700000009", password: "whatever1" }, now))).toMatchObject({ status: 400, key: "auth.badCredentials" });
  });

  it("locks a number for 15 minutes after five failures, even for the right password", async () => {
    const phone = DEMO_ACCOUNTS.tenant.phone;
    const t0 = Date.parse("2026-11-26T09:00:00Z");
    for (let i = 0; i < 4; i++) {
      expect(await refusal(signIn({ phone, password: "nope-nope" }, new Date(t0 + i * 1000)))).toMatchObject({ status: 400 });
    }
    expect(await refusal(signIn({ phone, password: "nope-nope" }, new Date(t0 + 5000)))).toMatchObject({ status: 429, key: "auth.locked" });
    expect(await refusal(signIn({ phone, password: DEMO_PASSWORD }, new Date(t0 + 10 * 60_000)))).toMatchObject({ status: 429, key: "auth.locked" });
    const ok = await signIn({ phone, password: DEMO_PASSWORD }, new Date(t0 + 5000 + 15 * 60_000));
    expect(ok.token).toBeTruthy();
    const left = await db().selectFrom("sign_in_failures").select("id").where("phone", "=", phone).execute();
    expect(left).toEqual([]);
  });
});

describe("issue 12 · 5: a stranger's wrong passwords do not lock the owner out", () => {
  it("attacker at address A fails five times; the owner at address B signs in; the attacker stays locked", async () => {
    const phone = DEMO_ACCOUNTS.buildingLead.phone;
    const t0 = Date.parse("2026-11-27T09:00:00Z");
    const at = (s: number) => new Date(t0 + s * 1000);
    for (let i = 0; i < 4; i++) {
      expect(await refusal(signIn({ phone, password: `guess-${i}`, address: "203.0.113.7" }, at(i)))).toMatchObject({ status: 400 });
    }
    expect(await refusal(signIn({ phone, password: "guess-4", address: "203.0.113.7" }, at(4)))).toMatchObject({ status: 429, key: "auth.locked" });
    const owner = await signIn({ phone, password: DEMO_PASSWORD, address: "198.51.100.20" }, at(10));
    expect(owner.token).toBeTruthy();
    expect(owner.newDeviceToken).toBeTruthy();
    // The attacker, even with the right password now, is still locked at A.
    expect(await refusal(signIn({ phone, password: DEMO_PASSWORD, address: "203.0.113.7" }, at(20)))).toMatchObject({ status: 429, key: "auth.locked" });
    // The owner's success forgot only the owner's own failures: A's five are still there.
    const left = await db().selectFrom("sign_in_failures").select("source").where("phone", "=", phone).execute();
    expect(left.every((r) => r.source === "ip:203.0.113.7")).toBe(true);
    expect(left.length).toBe(5);
  });

  it("guesses spread over many addresses hit the number's ceiling, but the owner's known device still signs in", async () => {
    const phone = DEMO_ACCOUNTS.streetStaff.phone;
    const t0 = Date.parse("2026-11-27T10:00:00Z");
    const first = await signIn({ phone, password: DEMO_PASSWORD, address: "198.51.100.30" }, new Date(t0));
    const deviceToken = first.newDeviceToken!;
    let n = 0;
    for (let a = 0; a < PHONE_CEILING / MAX_FAILURES; a++) {
      for (let i = 0; i < MAX_FAILURES; i++)
        await refusal(signIn({ phone, password: "wrong-one", address: `203.0.113.${a}` }, new Date(t0 + 1000 + n++ * 1000)));
    }
    const later = new Date(t0 + 60_000);
    // A new address (even the owner's, on a new phone) is locked for the number...
    expect(await refusal(signIn({ phone, password: DEMO_PASSWORD, address: "192.0.2.99" }, later))).toMatchObject({ status: 429, key: "auth.lockedNumber" });
    // ...while the device that signed in before still gets in, and is not given a new token.
    const again = await signIn({ phone, password: DEMO_PASSWORD, address: "192.0.2.99", deviceToken }, later);
    expect(again.token).toBeTruthy();
    expect(again.newDeviceToken).toBeNull();
    // Another person's device token counts for nothing here.
    const other = await signIn({ phone: DEMO_ACCOUNTS.resident.phone, password: DEMO_PASSWORD, address: "192.0.2.1" }, later);
    expect(await refusal(signIn({ phone, password: DEMO_PASSWORD, address: "192.0.2.1", deviceToken: other.newDeviceToken }, later))).toMatchObject({
      status: 429,
    });
  });
});

describe("a burst of parallel guesses", () => {
  it("gets five password checks, and every other attempt is refused as locked", async () => {
    const phone = DEMO_ACCOUNTS.communityStaff.phone;
    const now = new Date("2026-11-26T10:00:00Z");
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => refusal(signIn({ phone, password: `guess-${i}` }, now))));
    expect(results.filter((r) => r.status === 400).length).toBeLessThanOrEqual(4);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(26);
    const rows = await db().selectFrom("sign_in_failures").select("id").where("phone", "=", phone).execute();
    expect(rows.length).toBe(5);
  });
});

describe("sessions", () => {
  it("expires after 30 days and deletes the row", async () => {
    const user = await db().selectFrom("users").select("id").where("phone", "=", DEMO_ACCOUNTS.resident.phone).executeTakeFirstOrThrow();
    const t0 = new Date("2026-01-01T00:00:00Z");
    const token = generateSessionToken();
    await createSession(db(), token, user.id, t0);
    expect(await validateSessionToken(token, new Date(t0.getTime() + SESSION_MS - 1))).not.toBeNull();
    // that validation renewed it; move past the renewed expiry
    expect(await validateSessionToken(token, new Date(t0.getTime() + 3 * SESSION_MS))).toBeNull();
    expect(await db().selectFrom("sessions").select("id").where("id", "=", sessionIdOf(token)).executeTakeFirst()).toBeUndefined();
  });

  it("extends the expiry only when fewer than 15 days remain", async () => {
    const user = await db().selectFrom("users").select("id").where("phone", "=", DEMO_ACCOUNTS.resident.phone).executeTakeFirstOrThrow();
    const t0 = new Date("2026-02-01T00:00:00Z");
    const token = generateSessionToken();
    await createSession(db(), token, user.id, t0);
    const day = 86_400_000;
    const early = await validateSessionToken(token, new Date(t0.getTime() + 10 * day));
    expect(early?.renewed).toBe(false);
    const late = await validateSessionToken(token, new Date(t0.getTime() + 20 * day));
    expect(late?.renewed).toBe(true);
    expect(Date.parse(late!.expiresAt)).toBe(t0.getTime() + 20 * day + SESSION_MS);
  });

  it("knows nothing of a forged or malformed token", async () => {
    expect(await validateSessionToken("a".repeat(32), clockNow())).toBeNull();
    expect(await validateSessionToken("not a token; drop table users", clockNow())).toBeNull();
  });

  it("changing the password ends every other session, keeps this one", async () => {
    const phone = "13711113333";
    const now = clockNow();
    const first = await register({ phone, name: "改密", password: "password-1", locale: null }, now);
    const second = await signIn({ phone, password: "password-1" }, now);
    await changePassword({ userId: first.userId, sessionId: sessionIdOf(first.token), current: "password-1", next: "password-2" }, now);
    expect(await validateSessionToken(first.token, now)).not.toBeNull();
    expect(await validateSessionToken(second.token, now)).toBeNull();
    expect((await signIn({ phone, password: "password-2" }, now)).userId).toBe(first.userId);
    expect(
      await refusal(changePassword({ userId: first.userId, sessionId: sessionIdOf(first.token), current: "wrong-one", next: "password-3" }, now)),
    ).toMatchObject({
      status: 400,
      key: "auth.wrongCurrent",
    });
  });
});

describe("audit log", () => {
  it("is append-only: the database refuses updates and deletes", async () => {
    await expect(sql`update audit_log set reason = 'x'`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db())).rejects.toThrow(/append-only/);
  });
});
