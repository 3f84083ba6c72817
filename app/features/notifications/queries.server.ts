import type { DB as Db } from "~/db.server";

export type NotificationKind = "comment" | "reply" | "state" | "moderated" | "cosponsor" | "request";

/** One notification per person, never to the one who acted. Call with the transaction of the change. */
export async function notify(
  db: Db,
  n: {
    userIds: number[];
    kind: NotificationKind;
    /** Null for a request that came from a direct report (no proposal behind it). */
    proposalId: number | null;
    commentId?: number | null;
    actorId: number | null;
    data?: Record<string, unknown>;
    at: string;
  },
) {
  const to = [...new Set(n.userIds)].filter((id) => id !== n.actorId);
  if (to.length === 0) return;
  await db
    .insertInto("notifications")
    .values(
      to.map((userId) => ({
        user_id: userId,
        kind: n.kind,
        proposal_id: n.proposalId,
        comment_id: n.commentId ?? null,
        actor_id: n.actorId,
        data: n.data ? JSON.stringify(n.data) : null,
        created_at: n.at,
      })),
    )
    .execute();
}

export function unreadCount(db: Db, userId: number) {
  return db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** A person's newest notifications first, by time (then id: rows are not always written in time order). */
export function listNotifications(db: Db, userId: number, limit = 50) {
  return db
    .selectFrom("notifications as n")
    .leftJoin("proposals as p", "p.id", "n.proposal_id")
    .leftJoin("users as a", "a.id", "n.actor_id")
    .select(["n.id", "n.kind", "n.proposal_id", "n.comment_id", "n.data", "n.read_at", "n.created_at", "p.title", "a.name as actor"])
    .where("n.user_id", "=", userId)
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(limit)
    .execute();
}

export async function markRead(db: Db, userId: number, id: number | "all", at: string) {
  let q = db.updateTable("notifications").set({ read_at: at }).where("user_id", "=", userId).where("read_at", "is", null);
  if (id !== "all") q = q.where("id", "=", id);
  await q.execute();
}
