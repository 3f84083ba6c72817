// The delivery worker (issue 17 · 1), run by the scheduled jobs: claim a due row (a transaction of its own,
// committed), deliver it with its idempotency key, then mark it sent (another transaction). A process that
// dies between the claim and the mark leaves the row "sending"; once its lease is over it is marked failed
// ("interrupted": it may have gone) and shown to the administrator, never sent again by itself. A refused
// delivery waits (1, 2, 4 … minutes) and, after MAX_ATTEMPTS, is failed.
import { getDb, transaction } from "~/db.server";
import { CLAIM_LEASE_MS, afterFailure } from "~/domain/notices";
import { sendEmail, sendPush, sendSms } from "./channels.server";
import { contactOf, forgetEndpoints, pushTargets } from "./contact-queries.server";
import { compose } from "./message.server";
import { type Batch, batchNotices, claimBatch, claimDue, expireClaims, markRetry, markSent, recipient, requeue } from "./queries.server";
import { appendAudit } from "~/features/audit/queries.server";
import { fail } from "~/features/errors";

const iso = (ms: number) => new Date(ms).toISOString();
/** The service worker opens pages of its own site only: the link's path. */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.hash}`;
};

/** Claims the next due delivery (a digest takes the person's other due digest rows of that channel along). */
export function claimNext(now: Date): Promise<Batch | null> {
  const at = now.toISOString();
  return transaction(async (trx) => {
    const id = await claimDue(trx, at);
    return id === null ? null : claimBatch(trx, id, at);
  });
}

/** Sends a claimed batch by its channel. Changes nothing in the outbox. */
export async function deliverBatch(b: Batch): Promise<void> {
  const db = getDb();
  const [who, rows] = await Promise.all([recipient(db, b.userId), batchNotices(db, b.ids)]);
  const m = compose(who.locale, rows, b.digest);
  if (b.channel === "push") {
    const gone = await sendPush(await pushTargets(db, b.userId), JSON.stringify({ title: m.subject, body: m.short, url: pathOf(m.url) }), b.key);
    await forgetEndpoints(db, gone);
    return;
  }
  const contact = await contactOf(db, b.userId, b.channel);
  // Removed or changed since it was queued: nothing to send to (the rows are dropped with the contact).
  if (!contact?.verified_at) throw new Error("no verified address");
  if (b.channel === "email") await sendEmail(contact.address, m.subject, m.text, b.key);
  else await sendSms(contact.address, m.short, b.key);
}

/** Marks a delivered batch sent, or a failed one for another try (or failed for good). */
export async function settleBatch(b: Batch, error: unknown, now: Date): Promise<void> {
  await transaction(async (trx) => {
    if (error === null) return markSent(trx, b.ids, now.toISOString());
    const next = afterFailure(b.attempts, now.getTime());
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    await markRetry(trx, b.ids, next.status === "failed" ? null : iso(next.next), message);
  });
}

/** The scheduled job's share: every due delivery, one after the other. Answers how many went. */
export async function deliverOutbox(now: Date): Promise<{ sent: number; failed: number }> {
  await transaction((trx) => expireClaims(trx, iso(now.getTime() - CLAIM_LEASE_MS)));
  let sent = 0;
  let failed = 0;
  for (;;) {
    const b = await claimNext(now);
    if (!b) break;
    let error: unknown = null;
    try {
      await deliverBatch(b);
    } catch (e) {
      error = e;
    }
    await settleBatch(b, error, now);
    if (error === null) sent += b.ids.length;
    else failed += b.ids.length;
  }
  return { sent, failed };
}

/** An administrator sends a failed delivery again. */
export async function retryDelivery(actorId: number, id: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await transaction(async (trx) => {
    if (!(await requeue(trx, id, at))) fail(409, "outbox.notFailed");
    await appendAudit(trx, { actorId, action: "outbox.retry", entityType: "outbox", entityId: id, at });
  });
}
