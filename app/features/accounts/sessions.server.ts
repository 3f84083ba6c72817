// A person's own sessions: see them, end one, end them all ("sign out everywhere").
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { invalidateOtherSessions, listSessions } from "~/auth/session.server";
import { describeDevice } from "~/domain/device";
import { appendAudit } from "~/features/audit/queries.server";
import { fail } from "~/features/errors";

type Db = Kysely<Database>;

/** Sessions are named on the page by the first 16 hex digits of their id (itself a hash of the token). */
export const HANDLE_LENGTH = 16;
const handleOf = (id: string) => id.slice(0, HANDLE_LENGTH);

export async function mySessions(db: Db, user: { id: number; sessionId: string }, now: Date) {
  const rows = await listSessions(db, user.id, now);
  return rows.map((r) => ({
    handle: handleOf(r.id),
    current: r.id === user.sessionId,
    ...describeDevice(r.user_agent),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at ?? r.created_at,
  }));
}

/** Ends one of the person's sessions; another person's handle finds nothing (404). True when it was the current one. */
export async function endSession(db: Db, user: { id: number; sessionId: string }, handle: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    const target = rows.find((r) => handleOf(r.id) === handle);
    if (!target) fail(404, "sessions.notFound");
    await trx.deleteFrom("sessions").where("id", "=", target.id).execute();
    await appendAudit(trx, { actorId: user.id, action: "session.end", entityType: "user", entityId: user.id, at: now.toISOString() });
    return target.id === user.sessionId;
  });
}

/** Signs the person out everywhere, this device included. */
export async function endAllSessions(db: Db, userId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await invalidateOtherSessions(trx, userId, null);
    await appendAudit(trx, { actorId: userId, action: "session.end_all", entityType: "user", entityId: userId, at: now.toISOString() });
  });
}
