// The one way a consent code reaches the resident's phone: a text message by the SMS channel (issue 17 · 1) when
// the server has one (SMS_URL), and an in-app notice to the person of that phone either way (a trial deployment
// without an SMS provider, and the resident's own record of it). It logs nothing: the code is the resident's.
// The notice is of kind "request" (the kinds' CHECK list has no kind of its own for it, and adding one means
// rebuilding the notifications table on SQLite): its data's `behalfCode` marks it, notifications.tsx shows it.
import { getDb } from "~/db.server";
import { now } from "~/clock.server";
import { channelSettings } from "~/env.server";
import { fail } from "~/features/errors";
import { sendSms } from "~/features/outbox/channels.server";
import { translate } from "~/i18n";
import { userIdByPhone, writeNotice } from "./queries.server";
import { CODE_MINUTES } from "~/domain/on-behalf";

export async function sendConsentCode(phone: string, code: string, consentId: number): Promise<void> {
  if (channelSettings().SMS_URL) {
    const text = `${translate("zh-CN", "notice.sign")}${translate("zh-CN", "behalf.smsText", { code, minutes: CODE_MINUTES })}`;
    try {
      await sendSms(phone, text, `behalf:${consentId}`);
    } catch {
      fail(409, "contact.sendFailed");
    }
  }
  const db = getDb();
  const user = await userIdByPhone(db, phone);
  if (!user) return;
  await writeNotice(db, { userId: user.id, actorId: null, data: { behalfCode: code, minutes: CODE_MINUTES }, at: now().toISOString() });
}
