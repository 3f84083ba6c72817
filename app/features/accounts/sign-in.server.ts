// Register, sign in, change password: each one use case in a transaction where it writes.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { createSession, generateSessionToken, invalidateOtherSessions, sessionIdOf } from "~/auth/session.server";
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
  setPasswordHash,
  signInFailures,
  touchKnownDevice,
} from "~/features/accounts/queries.server";
import { fail } from "~/features/errors";

type Db = Kysely<Database>;

export async function register(db: Db, input: { phone: string; name: string; password: string; locale: string | null; userAgent?: string | null }, now: Date) {
  const passwordHash = await hashPassword(input.password);
  const userId = await createAccount(db, { ...input, passwordHash }, now);
  const token = generateSessionToken();
  const session = await createSession(db, token, userId, now, input.userAgent ?? null);
  return { userId, token, expiresAt: session.expires_at };
}

/** Creates an account from an already-hashed password (the demo seed hashes its one password once). */
export async function createAccount(db: Db, input: { phone: string; name: string; passwordHash: string; locale: string | null }, now: Date) {
  return db.transaction().execute(async (trx) => {
    if (await findUserByPhone(trx, input.phone)) fail(409, "auth.phoneTaken", undefined, "phone");
    const at = now.toISOString();
    const userId = await insertUser(trx, { ...input, at });
    await appendAudit(trx, { actorId: userId, action: "user.register", entityType: "user", entityId: userId, at });
    return userId;
  });
}

/**
 * A new session, with a new token, at every sign-in. Throttled by number and source (app/domain/throttle.ts):
 * the source is the device when it carries the token of an earlier sign-in of this number (`deviceToken`),
 * else the address. A success from a device without a token gives it one (`newDeviceToken`, for its cookie).
 */
export async function signIn(
  db: Db,
  input: { phone: string; password: string; userAgent?: string | null; address?: string | null; deviceToken?: string | null },
  now: Date,
) {
  // The attempt is written down before the (slow) password check, in the same write as the count, so a
  // burst of parallel guesses cannot slip past the limit.
  const since = new Date(now.getTime() - 2 * LOCK_MS).toISOString();
  const gate = await db.transaction().execute(async (trx) => {
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
  const user = await findUserByPhone(db, input.phone);
  // Hash even for an unknown number, so timing does not tell which numbers are registered.
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await hashPassword(input.password), false);
  if (!user || !ok) {
    const t = now.getTime();
    const { source, strangers } = gate.history;
    const after = signInGate({ source: [...source, t], strangers: gate.knownDevice ? strangers : [...strangers, t], knownDevice: gate.knownDevice }, t);
    if (after.locked) fail(429, lockKey(after.scope), { minutes: minutesLeft(after.until, t) });
    fail(400, "auth.badCredentials");
  }
  return db.transaction().execute(async (trx) => {
    await clearSignInFailures(trx, input.phone, gate.source);
    // Sessions of this person that have run out are of no use to anyone.
    await trx.deleteFrom("sessions").where("user_id", "=", user.id).where("expires_at", "<=", now.toISOString()).execute();
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

/** Changes the password and ends every other session of the person. */
export async function changePassword(
  db: Db,
  input: { userId: number; sessionId: string; current: string; next: string },
  now: Date,
) {
  const user = await getUser(db, input.userId);
  if (!user) fail(404, "error.notFound");
  if (!(await verifyPassword(user.password_hash, input.current))) fail(400, "auth.wrongCurrent", undefined, "current");
  if (input.current === input.next) fail(400, "auth.samePassword", undefined, "next");
  const hash = await hashPassword(input.next);
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, hash);
    await invalidateOtherSessions(trx, user.id, input.sessionId);
    await appendAudit(trx, { actorId: user.id, action: "user.password", entityType: "user", entityId: user.id, at: now.toISOString() });
  });
}
