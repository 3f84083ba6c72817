// Notice preferences and channels through their routes (issue 17): bad input gets a clear Chinese message and
// changes nothing; a wrong code is counted, an expired or exhausted one refused; an unverified address is never
// used; the code sends are under the abuse limit. The SMTP stand-in receives the codes.
import { createECDH, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moveClock, resetClock } from "~/clock.server";
import { getDb } from "~/db.server";
import { type MessageKey, translate } from "~/i18n";
import { action as contactsAction, loader as contactsLoader } from "~/routes/account_.contacts";
import { action as noticesAction, loader as noticesLoader } from "~/routes/account_.notices";
import { action as pushAction } from "~/routes/push.subscribe";
import { startStandIns } from "../support/stand-ins";
import { callAction, callLoader, cookieFor, snapshot } from "../support/routes";
import { userId } from "../support/services";

let s: Awaited<ReturnType<typeof startStandIns>>;
let cookie: string;
const zh = (key: string, vars?: Record<string, number>) => translate("zh-CN", key as MessageKey, vars);
type Failure = { fieldErrors: Record<string, { key: string; vars?: Record<string, number> }>; formError: { key: string; vars?: Record<string, number> } };
const VALID = { votes: "now", mine: "digest", threads: "now", requests: "off", moderation: "now", hour: "7", quiet: "1" };

beforeAll(async () => {
  s = await startStandIns();
  process.env.SMTP_URL = s.smtpUrl;
  process.env.SMS_URL = s.smsUrl;
  process.env.RATE_LIMITS = "off";
  cookie = (await cookieFor("resident"))!;
});

afterAll(async () => {
  resetClock();
  await s.stop();
  for (const k of ["SMTP_URL", "SMS_URL", "RATE_LIMITS"]) delete process.env[k];
});

describe("notice preferences", () => {
  it.each([
    ["an unknown kind", { ...VALID, holidays: "now" }, "kind", "未知的通知类别。"],
    ["an unknown mode", { ...VALID, votes: "sometimes" }, "votes", "请为每类通知选择立即、每日摘要或关闭。"],
    ["an hour of 24", { ...VALID, hour: "24" }, "hour", "请选择 0 至 23 点之间的整点。"],
    ["an hour that is not one", { ...VALID, hour: "7.5" }, "hour", "请选择 0 至 23 点之间的整点。"],
    ["no hour", { ...VALID, hour: "" }, "hour", null],
  ])("%s → 400 with its message, nothing saved", async (_, form, field, message) => {
    const before = await snapshot();
    const r = await callAction(noticesAction, "/account/notices", form, {}, cookie);
    expect(r.status).toBe(400);
    const error = (r.data as Failure).fieldErrors[field];
    expect(error).toBeTruthy();
    if (message) expect(zh(error.key)).toBe(message);
    expect(await snapshot()).toBe(before);
  });

  it("saves a valid form and shows it back", async () => {
    const r = await callAction(noticesAction, "/account/notices", VALID, {}, cookie);
    expect(r.status).toBe(302);
    const page = (await callLoader(noticesLoader, "/account/notices", {}, cookie)).data as {
      kinds: { kind: string; mode: string }[];
      hour: number;
      quiet: boolean;
    };
    expect(page.kinds.find((k) => k.kind === "mine")?.mode).toBe("digest");
    expect(page.hour).toBe(7);
    expect(page.quiet).toBe(true);
  });
});

describe("verifying an email address", () => {
  const post = (form: Record<string, string>) => callAction(contactsAction, "/account/contacts", form, {}, cookie);

  it("a bad address → 400; an unverified one is not used for a test notice", async () => {
    const bad = await post({ intent: "add", channel: "email", address: "not-an-address" });
    expect(bad.status).toBe(400);
    expect(zh((bad.data as Failure).fieldErrors.address.key)).toBe("请输入有效的邮箱地址。");
    expect((await post({ intent: "add", channel: "email", address: "me@example.test" })).status).toBe(302);
    expect(s.mails).toHaveLength(1);
    const test = await post({ intent: "test", channel: "email" });
    expect(test.status).toBe(409);
    expect(zh((test.data as Failure).formError.key)).toBe("该地址尚未验证，不能用于发送通知。");
    expect(s.mails).toHaveLength(1);
  });

  it("a wrong code is counted; after five the code is spent", async () => {
    const code = s.mails[0].text.match(/\d{6}/)![0];
    const wrong = code === "000000" ? "111111" : "000000";
    const r = await post({ intent: "verify", channel: "email", code: wrong });
    expect(r.status).toBe(400);
    const e = (r.data as Failure).fieldErrors.code;
    expect(zh(e.key, e.vars)).toBe("验证码不正确，还可尝试 4 次。");
    for (let i = 0; i < 4; i++) await post({ intent: "verify", channel: "email", code: wrong });
    const spent = await post({ intent: "verify", channel: "email", code });
    expect(spent.status).toBe(409);
    expect(zh((spent.data as Failure).formError.key)).toBe("验证码错误次数过多，请重新发送。");
    const row = await getDb()
      .selectFrom("contacts")
      .select(["verified_at", "code_tries"])
      .where("user_id", "=", await userId("resident"))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ verified_at: null, code_tries: 5 });
  });

  it("an expired code → 409; a fresh one verifies, and the test notice then goes", async () => {
    s.reset();
    expect((await post({ intent: "add", channel: "email", address: "me@example.test" })).status).toBe(302);
    const code = s.mails[0].text.match(/\d{6}/)![0];
    moveClock(11 * 60_000);
    try {
      const late = await post({ intent: "verify", channel: "email", code });
      expect(late.status).toBe(409);
      expect(zh((late.data as Failure).formError.key)).toBe("验证码已过期，请重新发送。");
      s.reset();
      expect((await post({ intent: "add", channel: "email", address: "me@example.test" })).status).toBe(302);
      const fresh = s.mails[0].text.match(/\d{6}/)![0];
      expect((await post({ intent: "verify", channel: "email", code: fresh })).status).toBe(302);
      expect((await post({ intent: "test", channel: "email" })).status).toBe(302);
      expect(s.mails.map((m) => m.subject)).toEqual(["共治验证码", "这是一条来自共治的测试通知。"]);
      const page = (await callLoader(contactsLoader, "/account/contacts", {}, cookie)).data as { contacts: { channel: string; verified: boolean }[] };
      expect(page.contacts).toEqual([expect.objectContaining({ channel: "email", verified: true })]);
    } finally {
      resetClock();
    }
  });

  it("sending codes is under the abuse limit (429)", async () => {
    process.env.RATE_LIMITS = "verify.user=2";
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await post({ intent: "add", channel: "sms", address: "13900004321" })).status);
      expect(codes).toEqual([302, 302, 429]);
    } finally {
      process.env.RATE_LIMITS = "off";
    }
  });
});

describe("push subscriptions", () => {
  it("stores a valid subscription; refuses a malformed key with 400", async () => {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const sub = {
      intent: "subscribe",
      endpoint: `${s.pushBase}/route-test`,
      p256dh: ecdh.getPublicKey().toString("base64url"),
      auth: randomBytes(16).toString("base64url"),
    };
    const before = await snapshot();
    const bad = await callAction(pushAction, "/push/subscribe", { ...sub, auth: "short" }, {}, cookie);
    expect(bad.status).toBe(400);
    expect(zh((bad.data as Failure).fieldErrors.auth.key)).toBe("推送订阅无效。");
    expect(await snapshot()).toBe(before);
    expect((await callAction(pushAction, "/push/subscribe", sub, {}, cookie)).status).toBe(200);
    const outside = await callAction(pushAction, "/push/subscribe", { ...sub, endpoint: "http://push.example.com/x" }, {}, cookie);
    expect(outside.status).toBe(400);
  });
});
