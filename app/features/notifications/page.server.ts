// The notifications page: a person's newest notifications, their stored data read back.
import { getDb } from "~/db.server";
import { listNotifications } from "~/features/notifications/queries.server";

export async function notificationsPage(userId: number) {
  const rows = await listNotifications(getDb(), userId);
  return { items: rows.map((r) => ({ ...r, data: r.data ? (JSON.parse(r.data) as Record<string, string>) : {} })) };
}
