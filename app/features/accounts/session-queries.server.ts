// The sessions table: written at sign-in, listed and ended by their owner. The per-request read (with the
// person's roles, on the held connection) is sessionWithActor in actor-queries.server.ts.
import type { DB } from "~/db.server";
import { newSessionRow } from "~/auth/session.server";

/** Stores a new session of a token (only its SHA-256) and returns the stored row. */
export async function createSession(db: DB, token: string, userId: number, now: Date, userAgent: string | null = null) {
  const session = newSessionRow(token, userId, now, userAgent);
  await db.insertInto("sessions").values(session).execute();
  return session;
}

export async function deleteSession(db: DB, sessionId: string) {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** A person's live sessions, the most recently used first. */
export function listSessions(db: DB, userId: number, at: string) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "user_agent"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", at)
    .orderBy("last_seen_at", "desc")
    .orderBy("created_at", "desc")
    .execute();
}

/** The ids of every session of a person, live or not. */
export function sessionIdsOf(db: DB, userId: number) {
  return db
    .selectFrom("sessions")
    .select("id")
    .where("user_id", "=", userId)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}

/** Ends every session of a person, but the one given (after a password change, say). */
export async function invalidateOtherSessions(db: DB, userId: number, keepSessionId: string | null) {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId) q = q.where("id", "!=", keepSessionId);
  await q.execute();
}

/** Sessions of this person that have run out are of no use to anyone. */
export async function deleteExpiredSessions(db: DB, userId: number, at: string) {
  await db.deleteFrom("sessions").where("user_id", "=", userId).where("expires_at", "<=", at).execute();
}
