// Every bad input of the foundation issue: a clear Chinese message, a 4xx, and the database as it was.
import { describe, expect, it } from "vitest";
import { generateSessionToken } from "~/auth/session.server";
import { createSession } from "~/features/accounts/session-queries.server";
import { getDb } from "~/db.server";
import { type MessageKey, translate } from "~/i18n";
import { action as claimAction } from "~/routes/claim";
import { action as loginAction } from "~/routes/login";
import { loader as accountLoader } from "~/routes/account";
import { action as placeAction } from "~/routes/places.$id._index";
import { action as redeemAction } from "~/routes/redeem";
import { action as registerAction } from "~/routes/register";
import { action as rosterAction } from "~/routes/places.$id.roster";
import { loader as rootLoader } from "~/root";
import { SYSTEM_ACTOR } from "~/features/errors";
import { importRoster } from "~/features/places/roster-commands.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/tools/demo-data";
import { type Outcome, callAction, callLoader, cookieFor, placeId, request, settle, snapshot } from "../support/routes";
import { now as clockNow } from "~/clock.server";

interface Failure {
  formError: { key: MessageKey; vars?: Record<string, string | number> } | null;
  fieldErrors: Record<string, { key: MessageKey; vars?: Record<string, string | number> }>;
  rowErrors?: { line: number; key: MessageKey }[];
}

function chinese(r: Outcome, field?: string): string {
  const d = r.data as Failure;
  const m = field ? d.fieldErrors[field] : d.formError;
  expect(m, `message for ${field ?? "form"}`).toBeTruthy();
  const text = translate("zh-CN", m!.key, m!.vars);
  expect(text).toMatch(/[\u4e00-\u9fff]/);
  return text;
}

async function unchanged(run: () => Promise<Outcome>): Promise<Outcome> {
  const before = await snapshot();
  const r = await run();
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect(await snapshot()).toBe(before);
  return r;
}

describe("sign-up and sign-in", () => {
  it("malformed phone", async () => {
    const r = await unchanged(() => callAction(registerAction, "/register", { phone: "1234567", name: "张三", password: "abcdefgh" }));
    expect(r.status).toBe(400);
    expect(chinese(r, "phone")).toContain("手机号");
  });

  it("short password", async () => {
    const r = await unchanged(() => callAction(registerAction, "/register", { phone: "13711110000", name: "张三", password: "short" }));
    expect(r.status).toBe(400);
    expect(chinese(r, "password")).toContain("8 位");
  });

  it("wrong password", async () => {
    const r = await callAction(loginAction, "/login", { phone: DEMO_ACCOUNTS.resident.phone, password: "wrong-password" });
    expect(r.status).toBe(400);
    expect(chinese(r)).toBe("手机号或密码不正确。");
  });

  it("unknown phone", async () => {
    const r = await callAction(loginAction, "/login", { phone: "13700000009", password: "whatever1" });
    expect(r.status).toBe(400);
    expect(chinese(r)).toBe("手机号或密码不正确。");
  });

  it("6th failed sign-in is refused for 15 minutes", async () => {
    const phone = DEMO_ACCOUNTS.newcomer.phone;
    for (let i = 0; i < 4; i++) expect((await callAction(loginAction, "/login", { phone, password: "wrong-pass" })).status).toBe(400);
    expect((await callAction(loginAction, "/login", { phone, password: "wrong-pass" })).status).toBe(429);
    const sixth = await callAction(loginAction, "/login", { phone, password: DEMO_PASSWORD });
    expect(sixth.status).toBe(429);
    expect(chinese(sixth)).toMatch(/锁定.*1[45] 分钟/);
  });

  it("a good sign-in sets an HttpOnly, SameSite=Lax session cookie", async () => {
    const r = await callAction(loginAction, "/login", { phone: DEMO_ACCOUNTS.tenant.phone, password: DEMO_PASSWORD, redirectTo: "//evil.example" });
    expect(r.status).toBe(302);
    expect(r.location).toBe("/");
    expect(r.headers.get("Set-Cookie")).toMatch(/^session=[a-z2-7]{32}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+/);
  });

  it("issue 12 · 5: the login page marks the device; five failures at an address lock the number there only, and the marked device signs in", async () => {
    const phone = DEMO_ACCOUNTS.coordinator.phone;
    const login = (form: Record<string, string>, address: string, cookie: string | null = null) =>
      settle(() => loginAction({ request: request("/login", { form, cookie }), params: {}, context: { clientAddress: address } }));
    const first = await login({ phone, password: DEMO_PASSWORD }, "198.51.100.5");
    expect(first.status).toBe(302);
    const device = /device=([a-z2-7]{32}); HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+/.exec(first.headers.get("Set-Cookie") ?? "");
    expect(device).not.toBeNull();
    for (let i = 0; i < 5; i++) await login({ phone, password: "wrong-pass" }, "203.0.113.50");
    const attacker = await login({ phone, password: DEMO_PASSWORD }, "203.0.113.50");
    expect(attacker.status).toBe(429);
    expect((await login({ phone, password: DEMO_PASSWORD }, "198.51.100.6")).status).toBe(302);
    // Behind one address (a proxy, a carrier's NAT), the marked device still gets in.
    expect((await login({ phone, password: DEMO_PASSWORD }, "203.0.113.50", `device=${device![1]}`)).status).toBe(302);
  });

  it("a body that is not a form gets 400, not 500", async () => {
    const req = new Request("http://localhost:3000/login", {
      method: "POST",
      headers: { Origin: "http://localhost:3000", Host: "localhost:3000", "Content-Type": "text/plain" },
      body: "phone=1",
    });
    const r = await settle(() => loginAction({ request: req, params: {}, context: {} }));
    expect(r.status).toBe(400);
  });

  it.each([
    ["/%09/evil.example", "/"],
    ["/\\evil.example", "/"],
    ["//evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["https://evil.example", "/"],
    ["/compounds/5?x=1#c-2", "/compounds/5?x=1#c-2"],
  ])("redirectTo %j after sign-in goes to %j", async (to, expected) => {
    const r = await callAction(loginAction, "/login", { phone: DEMO_ACCOUNTS.tenant.phone, password: DEMO_PASSWORD, redirectTo: decodeURIComponent(to) });
    expect(r.location).toBe(expected);
  });

  it("cross-origin POST, and a POST with no Origin at all", async () => {
    for (const origin of ["http://evil.example", null]) {
      const r = await unchanged(() => callAction(registerAction, "/register", { phone: "13711110001", name: "张三", password: "abcdefgh" }, {}, null, origin));
      expect(r.status).toBe(403);
      expect(translate("zh-CN", r.data as MessageKey)).toContain("来源不受信任");
    }
  });

  it("forged and expired session cookies are treated as signed out, and the cookie is deleted", async () => {
    const forged = "session=abcdefghijklmnopqrstuvwxyz234567";
    const user = await getDb().selectFrom("users").select("id").where("phone", "=", DEMO_ACCOUNTS.resident.phone).executeTakeFirstOrThrow();
    const token = generateSessionToken();
    await createSession(getDb(), token, user.id, new Date("2020-01-01T00:00:00Z"));
    for (const cookie of [forged, `session=${token}`, "session=%E0%A4%A"]) {
      const page = await callLoader(accountLoader, "/account", {}, cookie);
      expect(page.status).toBe(302);
      expect(page.location).toBe("/login?redirectTo=%2Faccount");
      const root = await settle(() => rootLoader({ request: request("/", { cookie }), params: {}, context: {} }));
      expect((root.data as { viewer: unknown }).viewer).toBeNull();
      if (cookie !== "session=%E0%A4%A") expect(root.headers.get("Set-Cookie")).toMatch(/^session=; .*Max-Age=0/);
    }
  });
});

describe("residency", () => {
  it("a claim on a dwelling that does not exist", async () => {
    const cookie = await cookieFor("newcomer");
    const r = await unchanged(() =>
      callAction(claimAction, "/claim", { compoundId: String(0 + 1e6), building: "1号楼", unit: "1", room: "101", relation: "owner" }, {}, cookie),
    );
    expect(r.status).toBe(404);
    const r2 = await unchanged(async () =>
      callAction(
        claimAction,
        "/claim",
        { compoundId: String(await placeId("幸福里小区")), building: "1号楼", unit: "9", room: "909", relation: "owner" },
        {},
        cookie,
      ),
    );
    expect(r2.status).toBe(404);
    expect(chinese(r2, "room")).toContain("找不到这套住房");
  });

  it("a claim naming a dwelling of another compound", async () => {
    // 8号楼 1单元 101 exists only in 翠湖湾; claimed as if in 幸福里小区 it is not found.
    const cuihu = await placeId("翠湖湾");
    const imported = await importRoster(
      SYSTEM_ACTOR,
      { compoundId: cuihu, csv: "building,unit,room,area_m2,owner_name,owner_phone\n8号楼,1,101,88,赵六,13812340000\n" },
      clockNow(),
    );
    expect(imported.ok).toBe(true);
    const cookie = await cookieFor("newcomer");
    const r = await unchanged(async () =>
      callAction(
        claimAction,
        "/claim",
        { compoundId: String(await placeId("幸福里小区")), building: "8号楼", unit: "1", room: "101", relation: "owner" },
        {},
        cookie,
      ),
    );
    expect(r.status).toBe(404);
    expect(chinese(r, "room")).toContain("在该小区找不到");
  });

  it("an unknown and a used household code", async () => {
    const cookie = await cookieFor("newcomer");
    const unknown = await unchanged(() => callAction(redeemAction, "/redeem", { code: "2222-3333", relation: "owner" }, {}, cookie));
    expect(unknown.status).toBe(404);
    expect(chinese(unknown, "code")).toContain("户码不存在");
    const malformed = await unchanged(() => callAction(redeemAction, "/redeem", { code: "hello", relation: "owner" }, {}, cookie));
    expect(malformed.status).toBe(400);
    expect(chinese(malformed, "code")).toContain("8 位");
    const code = await getDb().selectFrom("household_codes").select("code").where("used_at", "is", null).executeTakeFirstOrThrow();
    expect((await callAction(redeemAction, "/redeem", { code: code.code.toLowerCase(), relation: "family" }, {}, cookie)).status).toBe(302);
    const used = await unchanged(async () => callAction(redeemAction, "/redeem", { code: code.code, relation: "owner" }, {}, await cookieFor("tenant")));
    expect(used.status).toBe(409);
    expect(chinese(used, "code")).toContain("已被使用");
  });
});

describe("household codes are not for guessing", () => {
  it("five wrong codes pause a person's tries, with a clear message", async () => {
    const cookie = await cookieFor("tenant");
    for (let i = 0; i < 5; i++)
      expect((await callAction(redeemAction, "/redeem", { code: `2222-222${i + 2}`, relation: "family" }, {}, cookie)).status).toBe(404);
    const r = await unchanged(() => callAction(redeemAction, "/redeem", { code: "2222-2229", relation: "family" }, {}, cookie));
    expect(r.status).toBe(429);
    expect(chinese(r, "code")).toContain("分钟后再试");
  });

  it("only a number on the roster may redeem a code as the owner", async () => {
    const code = await getDb()
      .selectFrom("household_codes")
      .select("code")
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    const r = await unchanged(async () => callAction(redeemAction, "/redeem", { code: code.code, relation: "owner" }, {}, await cookieFor("newcomer")));
    expect(r.status).toBe(409);
    expect(chinese(r, "relation")).toContain("业主名册");
  });
});

describe("administration", () => {
  const HEADER = "building,unit,room,area_m2,owner_name,owner_phone";
  async function upload(csv: string) {
    const compound = await placeId("翠湖湾");
    const form = new FormData();
    form.set("file", new File([csv], "roster.csv", { type: "text/csv" }));
    return callAction(rosterAction, `/places/${compound}/roster`, form, { id: String(compound) }, await cookieFor("admin"));
  }

  it.each([
    ["a bad row", `${HEADER}\n7号楼,1,101,89.5,张三,1380000\n`, "roster.badPhone"],
    ["a duplicate row", `${HEADER}\n7号楼,1,101,89.5,张三,13812345678\n7号楼,1,101,89.5,张三,13812345678\n`, "roster.duplicate"],
    ["a non-numeric area", `${HEADER}\n7号楼,1,101,很大,张三,13812345678\n`, "roster.badArea"],
  ])("a roster CSV with %s imports nothing and lists the row", async (_n, csv, key) => {
    const r = await unchanged(() => upload(csv));
    expect(r.status).toBe(400);
    expect(chinese(r)).toContain("未导入任何数据");
    const rows = (r.data as Failure).rowErrors!;
    expect(rows.map((e) => e.key)).toContain(key);
  });

  it("a role grant by someone who may not", async () => {
    const street = await placeId("东湖街道");
    for (const persona of ["streetStaff", "coordinator"] as const) {
      const r = await unchanged(async () =>
        callAction(
          placeAction,
          `/places/${street}`,
          { intent: "grant-role", phone: DEMO_ACCOUNTS.newcomer.phone, role: "street_staff" },
          { id: String(street) },
          await cookieFor(persona),
        ),
      );
      expect([403, 404]).toContain(r.status);
    }
  });

  it("a role grant that does not fit the place", async () => {
    const street = await placeId("东湖街道");
    const r = await unchanged(async () =>
      callAction(
        placeAction,
        `/places/${street}`,
        { intent: "grant-role", phone: DEMO_ACCOUNTS.newcomer.phone, role: "building_lead" },
        { id: String(street) },
        await cookieFor("admin"),
      ),
    );
    expect(r.status).toBe(400);
    expect(chinese(r)).toContain("不能授予");
  });
});
