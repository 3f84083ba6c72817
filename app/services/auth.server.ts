// Register, sign in, change password: each one use case in a transaction where it writes.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { createSession, generateSessionToken, invalidateOtherSessions } from "~/auth/session.server";
import { LOCK_MS, minutesLeft, signInLock } from "~/domain/throttle";
import { appendAudit } from "~/models/audit.server";
import { clearFailures, findUserByPhone, getUser, insertUser, recentFailures, recordFailure, setPasswordHash } from "~/models/users.server";
import { fail } from "./errors";

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

/** A new session, with a new token, at every sign-in. */
export async function signIn(db: Db, input: { phone: string; password: string; userAgent?: string | null }, now: Date) {
  // The attempt is written down before the (slow) password check, in the same write as the count, so a
  // burst of parallel guesses cannot slip past the limit.
  const since = new Date(now.getTime() - 2 * LOCK_MS).toISOString();
  const gate = await db.transaction().execute(async (trx) => {
    const earlier = await recentFailures(trx, input.phone, since);
    const lock = signInLock(earlier, now.getTime());
    if (lock.locked) return { lock, attemptId: null };
    const attemptId = await recordFailure(trx, input.phone, now.toISOString());
    return { lock, attemptId, earlier };
  });
  if (gate.lock.locked) fail(429, "auth.locked", { minutes: minutesLeft(gate.lock.until, now.getTime()) });
  const user = await findUserByPhone(db, input.phone);
  // Hash even for an unknown number, so timing does not tell which numbers are registered.
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await hashPassword(input.password), false);
  if (!user || !ok) {
    const after = signInLock([...(gate.earlier ?? []), now.getTime()], now.getTime());
    if (after.locked) fail(429, "auth.locked", { minutes: minutesLeft(after.until, now.getTime()) });
    fail(400, "auth.badCredentials");
  }
  return db.transaction().execute(async (trx) => {
    await clearFailures(trx, input.phone);
    // Sessions of this person that have run out are of no use to anyone.
    await trx.deleteFrom("sessions").where("user_id", "=", user.id).where("expires_at", "<=", now.toISOString()).execute();
    const token = generateSessionToken();
    const session = await createSession(trx, token, user.id, now, input.userAgent ?? null);
    return { userId: user.id, token, expiresAt: session.expires_at };
  });
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
