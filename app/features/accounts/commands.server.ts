// An account's use cases: register, sign in, change the password, close the account, end sessions, choose a
// language, and the check of a session token every request makes. Each one transaction where it writes.
import { getDb, transaction, type DB } from "~/db.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { generateSessionToken, isSessionToken, sessionFate, sessionIdOf, type SessionUser } from "~/auth/session.server";
import type { Actor } from "~/domain/permissions";
import { type OnBehalf, behalfActive } from "~/domain/on-behalf";
import { LOCK_MS, PHONE_CEILING, minutesLeft, signInGate } from "~/domain/throttle";
import { appendAudit } from "~/features/audit/queries.server";
import {
  addKnownDevice,
  clearSignInFailures,
  findKnownDevice,
  findUserByPhone,
  getUser,
  insertUser,
  recordSignInFailure,
  setLocale,
  setLargeText,
  setPasswordHash,
  signInFailures,
  touchKnownDevice,
} from "~/features/accounts/queries.server";
import { sessionWithActor } from "~/features/accounts/actor-queries.server";
import { eraseAccount } from "~/features/accounts/personal-data-queries.server";
import { createSession, deleteExpiredSessions, deleteSession, invalidateOtherSessions, sessionIdsOf } from "~/features/accounts/session-queries.server";
import { fail } from "~/features/errors";
import { translate } from "~/i18n/index";

export async function register(input: { phone: string; name: string; password: string; locale: string | null; userAgent?: string | null }, now: Date) {
  const passwordHash = await hashPassword(input.password);
  return transaction(async (trx) => {
    const userId = await createAccountIn(trx, { ...input, passwordHash }, now);
    const token = generateSessionToken();
    const session = await createSession(trx, token, userId, now, input.userAgent ?? null);
    return { userId, token, expiresAt: session.expires_at };
  });
}

/** Creates an account from an already-hashed password (the demo seed hashes its one password once). */
export function createAccount(input: { phone: string; name: string; passwordHash: string; locale: string | null }, now: Date) {
  return transaction((trx) => createAccountIn(trx, input, now));
}

/** The account's creation inside a transaction (or a tool's own database): refused when the number is taken. */
export async function createAccountIn(trx: DB, input: { phone: string; name: string; passwordHash: string; locale: string | null }, now: Date) {
  if (await findUserByPhone(trx, input.phone)) fail(409, "auth.phoneTaken", undefined, "phone");
  const at = now.toISOString();
  const userId = await insertUser(trx, { ...input, at });
  await appendAudit(trx, { actorId: userId, action: "user.register", entityType: "user", entityId: userId, at });
  return userId;
}

/**
 * A new session, with a new token, at every sign-in. Throttled by number and source (app/domain/throttle.ts):
 * the source is the device when it carries the token of an earlier sign-in of this number (`deviceToken`),
 * else the address. A success from a device without a token gives it one (`newDeviceToken`, for its cookie).
 */
export async function signIn(
  input: { phone: string; password: string; userAgent?: string | null; address?: string | null; deviceToken?: string | null },
  now: Date,
) {
  // The attempt is written down before the (slow) password check, in the same write as the count, so a
  // burst of parallel guesses cannot slip past the limit.
  const since = new Date(now.getTime() - 2 * LOCK_MS).toISOString();
  const gate = await transaction(async (trx) => {
    const device = input.deviceToken ? await findKnownDevice(trx, sessionIdOf(input.deviceToken)) : undefined;
    const owner = device ? await getUser(trx, device.user_id) : undefined;
    const knownDevice = !!device && owner?.phone === input.phone;
    const deviceId = knownDevice ? device!.id : null;
    const source = deviceId !== null ? `device:${deviceId}` : input.address ? `ip:${input.address}` : "unknown";
    const history = await signInFailures(trx, input.phone, source, since, PHONE_CEILING);
    const lock = signInGate({ ...history, knownDevice }, now.getTime());
    if (!lock.locked) await recordSignInFailure(trx, input.phone, source, now.toISOString());
    return { lock, source, knownDevice, history, deviceId };
  });
  if (gate.lock.locked) fail(429, lockKey(gate.lock.scope), { minutes: minutesLeft(gate.lock.until, now.getTime()) });
  const user = await findUserByPhone(getDb(), input.phone);
  // Hash even for an unknown number, so timing does not tell which numbers are registered.
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await hashPassword(input.password), false);
  if (!user || !ok) {
    const t = now.getTime();
    const { source, strangers } = gate.history;
    const after = signInGate({ source: [...source, t], strangers: gate.knownDevice ? strangers : [...strangers, t], knownDevice: gate.knownDevice }, t);
    if (after.locked) fail(429, lockKey(after.scope), { minutes: minutesLeft(after.until, t) });
    fail(400, "auth.badCredentials");
  }
  return transaction(async (trx) => {
    await clearSignInFailures(trx, input.phone, gate.source);
    await deleteExpiredSessions(trx, user.id, now.toISOString());
    let newDeviceToken: string | null = null;
    if (gate.deviceId !== null) await touchKnownDevice(trx, gate.deviceId, now.toISOString());
    else {
      newDeviceToken = generateSessionToken();
      await addKnownDevice(trx, user.id, sessionIdOf(newDeviceToken), now.toISOString());
    }
    const token = generateSessionToken();
    const session = await createSession(trx, token, user.id, now, input.userAgent ?? null);
    return { userId: user.id, token, expiresAt: session.expires_at, newDeviceToken };
  });
}

/** Locked from here (this address or device), or for every place but the number's known devices. */
function lockKey(scope: "source" | "number" | undefined) {
  return scope === "number" ? "auth.lockedNumber" : "auth.locked";
}

/** The account and whether this is its password (checked before any write: hashing is slow). */
async function withPassword(userId: number, password: string) {
  const user = await getUser(getDb(), userId);
  return { user, ok: !!user && (await verifyPassword(user.password_hash, password)) };
}

/** Changes the password and ends every other session of the person. */
export async function changePassword(input: { userId: number; sessionId: string; current: string; next: string }, now: Date) {
  const { user, ok } = await withPassword(input.userId, input.current);
  if (!user) fail(404, "error.notFound");
  if (!ok) fail(400, "auth.wrongCurrent", undefined, "current");
  if (input.current === input.next) fail(400, "auth.samePassword", undefined, "next");
  const hash = await hashPassword(input.next);
  await transaction(async (trx) => {
    await setPasswordHash(trx, user.id, hash);
    await invalidateOtherSessions(trx, user.id, input.sessionId);
    await appendAudit(trx, { actorId: user.id, action: "user.password", entityType: "user", entityId: user.id, at: now.toISOString() });
  });
}

/**
 * Closes the account: erases the person's name and number, ends their residencies, roles and sessions; their
 * public posts stay, shown under 已注销用户, and every ballot counted for their dwelling stays counted (ballots
 * belong to the dwelling's elector, not to the account).
 */
export async function closeAccount(input: { userId: number; password: string }, now: Date): Promise<void> {
  const { user, ok } = await withPassword(input.userId, input.password);
  if (!user || !ok) fail(400, "account.closeWrongPassword", undefined, "password");
  const at = now.toISOString();
  await transaction(async (trx) => {
    await eraseAccount(trx, user, at, { name: translate("zh-CN", "account.closedName"), reason: translate("zh-CN", "account.closedReason") });
    await appendAudit(trx, { actorId: user.id, action: "user.close", entityType: "user", entityId: user.id, at });
  });
}

/** Sessions are named on the page by the first 16 hex digits of their id (itself a hash of the token). */
export const HANDLE_LENGTH = 16;
export const handleOf = (id: string) => id.slice(0, HANDLE_LENGTH);

/** Ends one of the person's sessions; another person's handle finds nothing (404). True when it was the current one. */
export async function endSession(user: { id: number; sessionId: string }, handle: string, now: Date): Promise<boolean> {
  return transaction(async (trx) => {
    const target = (await sessionIdsOf(trx, user.id)).find((id) => handleOf(id) === handle);
    if (!target) fail(404, "sessions.notFound");
    await deleteSession(trx, target);
    await appendAudit(trx, { actorId: user.id, action: "session.end", entityType: "user", entityId: user.id, at: now.toISOString() });
    return target === user.sessionId;
  });
}

/** Signs the person out everywhere, this device included. */
export async function endAllSessions(userId: number, now: Date): Promise<void> {
  await transaction(async (trx) => {
    await invalidateOtherSessions(trx, userId, null);
    await appendAudit(trx, { actorId: userId, action: "session.end_all", entityType: "user", entityId: userId, at: now.toISOString() });
  });
}

/** Signs out of this session (the logout button). */
export async function signOut(sessionId: string): Promise<void> {
  await deleteSession(getDb(), sessionId);
}

/** The language a signed-in person reads the site in, remembered on their account. */
export async function chooseLanguage(userId: number, locale: string): Promise<void> {
  await setLocale(getDb(), userId, locale);
}

/** Elderly mode (large text), remembered on a signed-in person's account. */
export async function chooseLargeText(userId: number, on: boolean): Promise<void> {
  await setLargeText(getDb(), userId, on);
}

export interface SignedIn {
  sessionId: string;
  expiresAt: string;
  /** True when the expiry moved: the cookie must be set again. */
  renewed: boolean;
  user: SessionUser;
  actor: Actor;
  /** Acting on behalf (代办): user and actor are the resident's; this names the helper and the end. */
  onBehalf: OnBehalf | null;
}

/**
 * The session of a token and its person's roles, renewed or marked seen when due; null when unknown or expired
 * (and then deleted). Runs on every signed-in request: one hold of the connection, no transaction.
 */
export async function validateSessionToken(token: string, now: Date): Promise<SignedIn | null> {
  if (!isSessionToken(token)) return null;
  const found = await sessionWithActor(getDb(), sessionIdOf(token), (row) => {
    const fate = sessionFate(row, now);
    return fate && { ...fate, actAs: behalfActive(row.on_behalf_of, row.on_behalf_until, now) ? row.on_behalf_of : null };
  });
  if (!found) return null;
  const { row, fate, actor } = found;
  const flag = (v: number | null) => (v === null ? null : v === 1);
  const acting = fate.actAs != null && row.behalf_name !== null && row.behalf_phone !== null;
  return {
    sessionId: row.id,
    expiresAt: fate.expiresAt,
    renewed: fate.renewed,
    user: acting
      ? { id: actor.userId, phone: row.behalf_phone!, name: row.behalf_name!, locale: row.behalf_locale, largeText: flag(row.behalf_large_text) }
      : { id: row.user_id, phone: row.phone, name: row.name, locale: row.locale, largeText: flag(row.large_text) },
    actor,
    onBehalf: acting ? { helperId: row.user_id, helperName: row.name, until: row.on_behalf_until! } : null,
  };
}
