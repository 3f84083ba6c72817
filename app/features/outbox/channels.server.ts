// The channels (issue 17 · 1): email by SMTP (nodemailer), SMS by an HTTP POST to the provider's adapter
// (docs/operations.md gives the request's shape), Web Push (web-push's encryption and VAPID headers, sent with
// fetch). Each gets the delivery's idempotency key: the email's Message-ID, the SMS request's "id", the push's
// Topic, so a provider that sees one twice can drop it.
import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import webpush from "web-push";
import { getDb } from "~/db.server";
import { channelSettings } from "~/env.server";
import { readSetting, settleSetting } from "~/features/shared-state/queries.server";

export class ChannelError extends Error {}

let transport: { url: string; t: Transporter } | null = null;

export async function sendEmail(to: string, subject: string, text: string, key: string): Promise<void> {
  const { SMTP_URL, MAIL_FROM } = channelSettings();
  if (!SMTP_URL) throw new ChannelError("SMTP_URL is not set");
  if (!transport || transport.url !== SMTP_URL) {
    transport?.t.close();
    // Short timeouts: a hung server must not hold the job past the claim's lease (nodemailer waits minutes).
    transport = { url: SMTP_URL, t: nodemailer.createTransport({ url: SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) };
  }
  const from = MAIL_FROM ?? `共治 <no-reply@${new URL(SMTP_URL).hostname}>`;
  await transport.t.sendMail({ from, to, subject, text, textEncoding: "base64", messageId: `<${key}@gongzhi>`, headers: { "Idempotency-Key": key } });
}

export async function sendSms(to: string, text: string, key: string): Promise<void> {
  const { SMS_URL, SMS_TOKEN } = channelSettings();
  if (!SMS_URL) throw new ChannelError("SMS_URL is not set");
  const r = await fetch(SMS_URL, {
    method: "POST",
    headers: { "content-type": "application/json", ...(SMS_TOKEN ? { authorization: `Bearer ${SMS_TOKEN}` } : {}) },
    body: JSON.stringify({ id: key, to, text }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!r.ok) throw new ChannelError(`SMS provider answered ${r.status}`);
}

/** The VAPID keys: made once by the first process that needs them, kept in the shared settings. */
export async function vapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  const held = (await readSetting(getDb(), "vapid_keys")) ?? (await settleSetting(getDb(), "vapid_keys", JSON.stringify(webpush.generateVAPIDKeys())));
  return JSON.parse(held) as { publicKey: string; privateKey: string };
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Sends one payload to each of a person's browsers. Answers the endpoints the push service says are gone
 * (404, 410: to forget); throws when none took it.
 */
export async function sendPush(targets: PushTarget[], payload: string, key: string): Promise<string[]> {
  const { publicKey, privateKey } = await vapidKeys();
  const subject = channelSettings().MAIL_FROM?.match(/[^\s<>]+@[^\s<>]+/)?.[0];
  const topic = createHash("sha256").update(key).digest("base64url").slice(0, 32);
  const gone: string[] = [];
  let delivered = 0;
  let lastError = "no subscription";
  for (const t of targets) {
    const details = webpush.generateRequestDetails({ endpoint: t.endpoint, keys: { p256dh: t.p256dh, auth: t.auth } }, payload, {
      vapidDetails: { subject: `mailto:${subject ?? "notices@gongzhi.invalid"}`, publicKey, privateKey },
      TTL: 24 * 3600,
      topic,
    });
    const r = await fetch(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body ? new Uint8Array(details.body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    if (r.ok) delivered++;
    else if (r.status === 404 || r.status === 410) gone.push(t.endpoint);
    else lastError = `push service answered ${r.status}`;
  }
  if (!delivered && gone.length < targets.length) throw new ChannelError(lastError);
  return gone;
}
