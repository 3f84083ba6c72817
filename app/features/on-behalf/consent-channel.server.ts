// The one way a consent code reaches the resident's phone. For now it writes an in-app notification to the
// person of that phone; when the outbox with its SMS channel lands (issue 17 · 1), this function hands the code
// to the SMS channel instead (or as well). It logs nothing: the code is a secret of the resident's.
// The notice is of kind "request" (the kinds' CHECK list has no kind of its own for it, and adding one means
// rebuilding the notifications table on SQLite): its data's `behalfCode` marks it, notifications.tsx shows it.
import { getDb } from "~/db.server";
import { now } from "~/clock.server";
import { userIdByPhone, writeNotice } from "./queries.server";
import { CODE_MINUTES } from "~/domain/on-behalf";

export async function sendConsentCode(phone: string, code: string): Promise<void> {
  const db = getDb();
  const user = await userIdByPhone(db, phone);
  if (!user) return;
  await writeNotice(db, { userId: user.id, actorId: null, data: { behalfCode: code, minutes: CODE_MINUTES }, at: now().toISOString() });
}
