// The pages' data: a person's preferences, channels and push browsers; the administrator's failed deliveries.
import { getDb } from "~/db.server";
import { DEFAULT_DIGEST_HOUR, NOTICE_KINDS, type NoticeMode } from "~/domain/notices";
import { vapidKeys } from "./channels.server";
import { contactsOf, prefsOf, pushCount } from "./contact-queries.server";
import { failedDeliveries } from "./queries.server";

export async function preferencesPage(userId: number) {
  const { prefs, settings } = await prefsOf(getDb(), userId);
  return {
    kinds: NOTICE_KINDS.map((kind) => ({ kind, mode: (prefs.find((p) => p.kind === kind)?.mode ?? "now") as NoticeMode })),
    hour: settings?.digest_hour ?? DEFAULT_DIGEST_HOUR,
    quiet: settings ? Boolean(settings.quiet) : true,
  };
}

export async function contactsPage(userId: number, now: Date) {
  const db = getDb();
  const [contacts, browsers, keys] = await Promise.all([contactsOf(db, userId), pushCount(db, userId), vapidKeys()]);
  return {
    contacts: contacts.map((c) => ({
      channel: c.channel,
      address: c.address,
      verified: c.verified_at !== null,
      codeOpen: c.code_expires_at !== null && Date.parse(c.code_expires_at) > now.getTime(),
    })),
    browsers,
    publicKey: keys.publicKey,
  };
}

export async function outboxPage() {
  return { failed: await failedDeliveries(getDb()) };
}
