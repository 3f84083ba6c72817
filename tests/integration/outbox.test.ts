// The outbox end to end (issue 17 · 1–2) against local stand-ins: a verified email address, a verified phone
// and a browser push subscription; one notice by each channel, a digest, a retry after a failure, a failure
// for good on the administrator's list, and no duplicate after a crash between the claim and the mark.
import { createECDH, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, transaction } from "~/db.server";
import { CLAIM_LEASE_MS, MAX_ATTEMPTS, backoffMs } from "~/domain/notices";
import { notify } from "~/features/notifications/queries.server";
import { claimNext, deliverBatch, deliverOutbox, retryDelivery } from "~/features/outbox/commands.server";
import { checkCode, savePreferences, startVerification, subscribePush } from "~/features/outbox/contact-commands.server";
import { vapidKeys } from "~/features/outbox/channels.server";
import { failedDeliveries } from "~/features/outbox/queries.server";
import { startStandIns } from "../support/stand-ins";
import { userId } from "../support/services";

const db = () => getDb();
// 10:00 in Beijing: no quiet hours.
const T0 = Date.parse("2026-11-18T02:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const MODES_NOW = { votes: "now", mine: "now", threads: "now", requests: "now", moderation: "now" } as const;

let s: Awaited<ReturnType<typeof startStandIns>>;
let me: number;
let proposalId: number;
let title: string;

const outboxOf = (notificationId: number) =>
  db()
    .selectFrom("outbox")
    .select(["channel", "status", "attempts", "last_error", "next_attempt_at"])
    .where("notification_id", "=", notificationId)
    .orderBy("channel")
    .execute();

async function tell(kind: "cosponsor" | "comment" | "request", when: Date, data?: Record<string, unknown>): Promise<number> {
  await transaction((trx) => notify(trx, { userIds: [me], kind, proposalId, actorId: null, data, at: when.toISOString() }));
  const row = await db().selectFrom("notifications").select("id").where("user_id", "=", me).orderBy("id", "desc").executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  s = await startStandIns();
  process.env.SMTP_URL = s.smtpUrl;
  process.env.MAIL_FROM = "共治 <notices@gongzhi.test>";
  process.env.SMS_URL = s.smsUrl;
  me = await userId("resident");
  const p = await db().selectFrom("proposals").select(["id", "title"]).where("title", "=", "1号楼加装电梯，请大家一起商量").executeTakeFirstOrThrow();
  proposalId = p.id;
  title = p.title;
  // Verify an email address and a phone with the codes the stand-ins received.
  await startVerification(me, "email", "resident@example.test", "zh-CN", at(-30));
  const emailCode = s.mails[0].text.match(/\d{6}/)![0];
  expect(s.mails[0].subject).toBe("共治验证码");
  expect(await checkCode(me, "email", emailCode, at(-29))).toEqual({ ok: true });
  await startVerification(me, "sms", "13900001234", "zh-CN", at(-30));
  expect(s.sms[0].to).toBe("13900001234");
  expect(await checkCode(me, "sms", s.sms[0].text.match(/\d{6}/)![0], at(-29))).toEqual({ ok: true });
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  await subscribePush(
    me,
    { endpoint: `${s.pushBase}/browser-1`, p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
    at(-29),
  );
});

beforeEach(async () => {
  s.reset();
  await savePreferences(me, { modes: { ...MODES_NOW }, hour: 20, quiet: true });
});

afterAll(async () => {
  await s.stop();
  for (const k of ["SMTP_URL", "MAIL_FROM", "SMS_URL"]) delete process.env[k];
});

describe("outbox delivery", () => {
  it("one notice goes once by email, SMS and push, with its link and idempotency key", async () => {
    const id = await tell("cosponsor", at(0));
    expect((await outboxOf(id)).map((r) => [r.channel, r.status])).toEqual([
      ["email", "pending"],
      ["push", "pending"],
      ["sms", "pending"],
    ]);
    await deliverOutbox(at(0));
    expect(s.mails).toHaveLength(1);
    expect(s.mails[0].to).toEqual(["resident@example.test"]);
    expect(s.mails[0].subject).toContain(`附议了你的提案《${title}》`);
    expect(s.mails[0].text).toContain(`/proposals/${proposalId}`);
    expect(s.mails[0].messageId).toBe(`<n${id}:email@gongzhi>`);
    expect(s.sms).toEqual([{ id: `n${id}:sms`, to: "13900001234", text: expect.stringContaining("【共治】") }]);
    expect(s.pushes).toHaveLength(1);
    expect(s.pushes[0].path).toBe("/push/browser-1");
    expect(s.pushes[0].headers["content-encoding"]).toBe("aes128gcm");
    expect(s.pushes[0].headers.authorization).toMatch(/^vapid t=/);
    // The VAPID keys were made once and kept in the shared settings: the push names that public key.
    const stored = await db().selectFrom("settings").select("value").where("name", "=", "vapid_keys").executeTakeFirstOrThrow();
    expect(await vapidKeys()).toEqual(JSON.parse(stored.value));
    expect(s.pushes[0].headers.authorization).toContain(`k=${(await vapidKeys()).publicKey}`);
    expect(s.pushes[0].headers.topic).toBeTruthy();
    expect((await outboxOf(id)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    // A second run sends nothing again.
    await deliverOutbox(at(1));
    expect([s.mails.length, s.sms.length, s.pushes.length]).toEqual([1, 1, 1]);
  });

  it("a refused SMS is tried again after the backoff, and sent once", async () => {
    s.fail.sms = 1;
    const id = await tell("cosponsor", at(100));
    await deliverOutbox(at(100));
    const sms = (await outboxOf(id)).find((r) => r.channel === "sms")!;
    expect(sms).toMatchObject({ status: "pending", attempts: 1, last_error: "SMS provider answered 500" });
    expect(Date.parse(sms.next_attempt_at)).toBe(at(100).getTime() + backoffMs(1));
    await deliverOutbox(at(100.5));
    expect(s.sms).toHaveLength(0);
    await deliverOutbox(at(101));
    expect(s.sms.map((m) => m.id)).toEqual([`n${id}:sms`]);
    expect((await outboxOf(id)).find((r) => r.channel === "sms")).toMatchObject({ status: "sent", attempts: 2 });
    expect(s.mails).toHaveLength(1);
  });

  it("a delivery that keeps failing ends failed, on the administrator's list, and can be sent again", async () => {
    s.fail.smsAlways = true;
    const id = await tell("cosponsor", at(200));
    let t = at(200).getTime();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await deliverOutbox(new Date(t));
      t += backoffMs(i);
    }
    const sms = (await outboxOf(id)).find((r) => r.channel === "sms")!;
    expect(sms).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    const failed = await failedDeliveries(db());
    const row = failed.find((f) => f.channel === "sms" && f.last_error === "SMS provider answered 500")!;
    expect(row).toBeTruthy();
    s.fail.smsAlways = false;
    await retryDelivery(await userId("admin"), row.id, new Date(t));
    await deliverOutbox(new Date(t));
    expect(s.sms.map((m) => m.id)).toEqual([`n${id}:sms`]);
  });

  it("a crash between sending and marking never sends twice: the claim is kept, then marked interrupted", async () => {
    const id = await tell("cosponsor", at(400));
    // Claim the first due batch, deliver it, and "die" before marking it sent.
    const b = (await claimNext(at(400)))!;
    expect(b.ids).toHaveLength(1);
    await deliverBatch(b);
    const sentBefore = s.mails.length + s.sms.length + s.pushes.length;
    expect(sentBefore).toBe(1);
    // The next run (another process, or this one restarted) delivers the rest, not the claimed one.
    await deliverOutbox(at(401));
    expect(s.mails.length + s.sms.length + s.pushes.length).toBe(3);
    await deliverOutbox(at(400) as Date);
    await deliverOutbox(new Date(at(400).getTime() + CLAIM_LEASE_MS + 1));
    expect(s.mails.length + s.sms.length + s.pushes.length).toBe(3);
    const rows = await outboxOf(id);
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(2);
    expect(rows.filter((r) => r.status === "failed")).toEqual([expect.objectContaining({ last_error: "interrupted", attempts: 1 })]);
    // Each channel's idempotency key came once.
    const keys = [...s.mails.map((m) => m.messageId), ...s.sms.map((m) => m.id), ...s.pushes.map((p) => p.headers.topic)];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("a digest: notices of the day go as one message at the chosen hour", async () => {
    await savePreferences(me, { modes: { ...MODES_NOW, threads: "digest" }, hour: 20, quiet: true });
    const a = await tell("comment", at(500));
    const b = await tell("comment", at(510));
    await deliverOutbox(at(520));
    expect(s.mails).toHaveLength(0);
    // Another hour, and back: the waiting digest follows the person's hour.
    const due = async () => (await outboxOf(a)).map((r) => r.next_attempt_at);
    await savePreferences(me, { modes: { ...MODES_NOW, threads: "digest" }, hour: 21, quiet: false });
    expect((await due()).map(Date.parse)).toEqual(Array(3).fill(Date.parse("2026-11-18T13:00:00Z")));
    await savePreferences(me, { modes: { ...MODES_NOW, threads: "digest" }, hour: 20, quiet: true });
    expect((await due()).map(Date.parse)).toEqual(Array(3).fill(Date.parse("2026-11-18T12:00:00Z")));
    // 20:00 in Beijing the same day is 12:00 UTC.
    const evening = new Date(Date.parse("2026-11-18T12:00:00Z"));
    await deliverOutbox(evening);
    expect(s.mails).toHaveLength(1);
    expect(s.mails[0].subject).toBe("共治每日摘要：2 条新通知");
    expect(s.mails[0].text.match(new RegExp(`/proposals/${proposalId}`, "g"))).toHaveLength(2);
    expect(s.sms).toHaveLength(1);
    expect(s.pushes).toHaveLength(1);
    for (const id of [a, b]) expect((await outboxOf(id)).every((r) => r.status === "sent")).toBe(true);
  });

  it("a kind turned off drops its digest still waiting", async () => {
    await savePreferences(me, { modes: { ...MODES_NOW, threads: "digest" }, hour: 20, quiet: true });
    const waiting = await tell("comment", at(550));
    expect(await outboxOf(waiting)).toHaveLength(3);
    await savePreferences(me, { modes: { ...MODES_NOW, threads: "off" }, hour: 20, quiet: true });
    expect(await outboxOf(waiting)).toEqual([]);
    await deliverOutbox(new Date(Date.parse("2026-11-18T12:00:00Z")));
    expect([s.mails.length, s.sms.length, s.pushes.length]).toEqual([0, 0, 0]);
  });

  it("off sends nothing outside the app; request steps within an hour merge into one notice", async () => {
    await savePreferences(me, { modes: { ...MODES_NOW, mine: "off" }, hour: 20, quiet: true });
    const off = await tell("cosponsor", at(600));
    expect(await outboxOf(off)).toEqual([]);
    await savePreferences(me, { modes: { ...MODES_NOW }, hour: 20, quiet: true });
    const first = await tell("request", at(700), { requestId: 424242, title: "修路灯", action: "accept", level: "community" });
    const again = await tell("request", at(730), { requestId: 424242, title: "修路灯", action: "start", level: "community" });
    expect(again).toBe(first);
    const n = await db().selectFrom("notifications").select("data").where("id", "=", first).executeTakeFirstOrThrow();
    expect(JSON.parse(n.data!)).toMatchObject({ action: "start", steps: 2 });
    // Held to the end of the window, then one message per channel saying both steps.
    await deliverOutbox(at(730));
    expect(s.mails).toHaveLength(0);
    await deliverOutbox(at(760));
    expect(s.mails).toHaveLength(1);
    expect(s.mails[0].subject).toContain("一小时内共 2 步进展");
    const later = await tell("request", at(800), { requestId: 424242, title: "修路灯", action: "complete", level: "community" });
    expect(later).not.toBe(first);
  });

  it("quiet nights: at 23:00 Beijing the email goes, SMS and push wait for 07:00", async () => {
    const night = new Date(Date.parse("2026-11-19T15:00:00Z"));
    // What earlier tests left due goes first.
    await deliverOutbox(night);
    s.reset();
    const id = await tell("cosponsor", night);
    await deliverOutbox(night);
    expect([s.mails.length, s.sms.length, s.pushes.length]).toEqual([1, 0, 0]);
    const rows = await outboxOf(id);
    expect(rows.filter((r) => r.channel !== "email").map((r) => Date.parse(r.next_attempt_at))).toEqual([
      Date.parse("2026-11-19T23:00:00Z"),
      Date.parse("2026-11-19T23:00:00Z"),
    ]);
    await deliverOutbox(new Date(Date.parse("2026-11-19T23:00:00Z")));
    expect([s.mails.length, s.sms.length, s.pushes.length]).toEqual([1, 1, 1]);
  });

  it("two workers at once deliver each row once", async () => {
    // The next day, 10:00 in Beijing.
    const day = (m: number) => new Date(Date.parse("2026-11-20T02:00:00Z") + m * 60_000);
    await deliverOutbox(day(0));
    s.reset();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await tell("cosponsor", day(i)));
    await Promise.all([deliverOutbox(day(10)), deliverOutbox(day(10)), deliverOutbox(day(10))]);
    expect([s.mails.length, s.sms.length, s.pushes.length]).toEqual([4, 4, 4]);
    const keys = [...s.mails.map((m) => m.messageId), ...s.sms.map((m) => m.id), ...s.pushes.map((p) => p.headers.topic)];
    expect(new Set(keys).size).toBe(12);
    for (const id of ids) expect((await outboxOf(id)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("an address not yet verified is never used", async () => {
    const other = await userId("tenant");
    await startVerification(other, "email", "tenant@example.test", "zh-CN", at(1000));
    s.reset();
    await transaction((trx) => notify(trx, { userIds: [other], kind: "cosponsor", proposalId, actorId: null, at: at(1001).toISOString() }));
    const n = await db().selectFrom("notifications").select("id").where("user_id", "=", other).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(await outboxOf(n.id)).toEqual([]);
    await deliverOutbox(at(1002));
    expect(s.mails).toHaveLength(0);
  });
});
