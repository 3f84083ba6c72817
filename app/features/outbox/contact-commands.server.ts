// A person's channels (issue 17 · 1): an email address or phone number verified by a code sent to it (limited
// tries, 10 minutes), browser push subscriptions, preferences per kind, and a test notice.
import { createHash, randomInt } from "node:crypto";
import { transaction } from "~/db.server";
import { CODE_TRIES, CODE_TTL_MS, type ContactChannel, type NoticeKind, type NoticeMode, codeState } from "~/domain/notices";
import { fail } from "~/features/errors";
import { type Locale, translate } from "~/i18n";
import { sendEmail, sendSms } from "./channels.server";
import {
  contactOf,
  countWrongCode,
  markVerified,
  removeContact,
  removePushSubscription,
  savePrefs,
  savePushSubscription,
  saveContact,
} from "./contact-queries.server";

const hashCode = (address: string, code: string) => createHash("sha256").update(`${address}\n${code}`).digest("hex");

async function sendBy(channel: ContactChannel, address: string, subject: string, text: string, key: string) {
  try {
    if (channel === "email") await sendEmail(address, subject, text, key);
    else await sendSms(address, `${text}`, key);
  } catch {
    fail(409, "contact.sendFailed");
  }
}

/** Stores the new address unverified and sends it a code by its own channel. */
export async function startVerification(userId: number, channel: ContactChannel, address: string, locale: Locale, now: Date): Promise<void> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const at = now.toISOString();
  const text = translate(locale, "notice.codeText", { code });
  // Sent first: an address that cannot be reached is not stored.
  await sendBy(
    channel,
    address,
    translate(locale, "notice.codeSubject"),
    channel === "sms" ? `${translate(locale, "notice.sign")}${text}` : text,
    `code:${userId}:${channel}:${at}`,
  );
  await transaction((trx) =>
    saveContact(trx, { userId, channel, address, codeHash: hashCode(address, code), expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(), at }),
  );
}

/** Checks a code: right, the address is verified; wrong, the try is counted (and kept) and the answer says how many are left. */
export async function checkCode(userId: number, channel: ContactChannel, code: string, now: Date): Promise<{ ok: true } | { ok: false; left: number }> {
  return transaction(async (trx) => {
    const c = await contactOf(trx, userId, channel);
    if (!c) fail(404, "contact.missing", undefined, "code");
    const state = codeState({ expiresAt: c.code_expires_at ? Date.parse(c.code_expires_at) : null, tries: c.code_tries }, now.getTime());
    if (state === "none") fail(409, "contact.noCode", undefined, "code");
    if (state === "expired") fail(409, "contact.expiredCode", undefined, "code");
    if (state === "exhausted") fail(409, "contact.exhausted", undefined, "code");
    if (c.code_hash !== hashCode(c.address, code)) {
      await countWrongCode(trx, c.id);
      return { ok: false as const, left: CODE_TRIES - c.code_tries - 1 };
    }
    await markVerified(trx, c.id, now.toISOString());
    return { ok: true as const };
  });
}

export async function removeChannel(userId: number, channel: ContactChannel): Promise<void> {
  const removed = await transaction((trx) => removeContact(trx, userId, channel));
  if (!removed) fail(404, "contact.missing");
}

/** A test notice by a channel: only to a verified address. */
export async function sendTest(userId: number, channel: ContactChannel, locale: Locale, now: Date): Promise<void> {
  const c = await transaction((trx) => contactOf(trx, userId, channel));
  if (!c) fail(404, "contact.missing");
  if (!c.verified_at) fail(409, "contact.unverifiedUse");
  const text = translate(locale, "notice.testText");
  await sendBy(
    channel,
    c.address,
    text,
    channel === "sms" ? `${translate(locale, "notice.sign")}${text}` : text,
    `test:${userId}:${channel}:${now.toISOString()}`,
  );
}

export async function savePreferences(userId: number, p: { modes: Record<NoticeKind, NoticeMode>; hour: number; quiet: boolean }): Promise<void> {
  await transaction((trx) => savePrefs(trx, userId, p));
}

export async function subscribePush(userId: number, s: { endpoint: string; p256dh: string; auth: string }, now: Date): Promise<void> {
  await transaction((trx) => savePushSubscription(trx, { userId, ...s, at: now.toISOString() }));
}

export async function unsubscribePush(userId: number, endpoint: string): Promise<void> {
  const removed = await transaction((trx) => removePushSubscription(trx, userId, endpoint));
  if (!removed) fail(404, "push.bad");
}
