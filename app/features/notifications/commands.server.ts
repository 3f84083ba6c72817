// Marking one's own notifications read: one, or all of them.
import { transaction } from "~/db.server";
import { markRead } from "~/features/notifications/queries.server";

export async function markNotificationsRead(userId: number, id: number | "all", now: Date): Promise<void> {
  await transaction((trx) => markRead(trx, userId, id, now.toISOString()));
}
