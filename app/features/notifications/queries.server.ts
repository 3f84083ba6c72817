import type { DB as Db } from "~/db.server";
import { mergeNotice, mergeableRequestNotices, queueNotices } from "~/features/outbox/queries.server";

export type NotificationKind = "comment" | "reply" | "state" | "moderated" | "cosponsor" | "request";

/**
 * One notification per person, never to the one who acted. Call with the transaction of the change: the
 * deliveries by email, SMS and push are queued in the outbox in the same transaction (issue 17). A request's
 * step merges into the person's unread notice about the same request from within the hour before.
 */
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
  let to = [...new Set(n.userIds)].filter((id) => id !== n.actorId);
  if (to.length === 0) return;
  if (n.kind === "request" && n.data?.requestId !== undefined) {
    const merged = await mergeableRequestNotices(db, to, n.data.requestId, n.at);
    for (const m of merged.values()) await mergeNotice(db, m.id, { ...n.data, steps: m.steps + 1 });
    to = to.filter((id) => !merged.has(id));
    if (to.length === 0) return;
  }
  const rows = await db
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
    .returning(["id", "user_id"])
    .execute();
  await queueNotices(
    db,
    rows.map((r) => ({ id: r.id, userId: r.user_id })),
    n.kind,
    n.data,
    n.at,
  );
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
