// Acting on behalf (代办, issue 17 · 6) through its routes: a building lead starts with the resident's code or a
// paper form number, acts for them (recorded "by X for Y" and shown to the resident), is refused everything
// else (a ballot above all), and is back to themselves after 30 minutes. Bad input: a Chinese message, nothing
// written.
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { moveClock, resetClock } from "~/clock.server";
import { translate } from "~/i18n";
import { sessionIdOf } from "~/auth/session.server";
import { loader as rootLoader } from "~/root";
import { action as behalfAction, loader as behalfLoader } from "~/routes/behalf";
import { action as endAction } from "~/routes/behalf.end";
import { loader as actsLoader } from "~/routes/account_.behalf";
import { action as reportAction } from "~/routes/compounds.$id.report";
import { action as voteAction } from "~/routes/votes.$id._index";
import { action as notificationsAction } from "~/routes/notifications";
import { loader as auditLoader } from "~/routes/admin.audit";
import { listAudit } from "~/features/audit/queries.server";
import { callAction, callLoader, cookieFor, cookieForPhone, placeId, snapshot } from "../support/routes";

const db = () => getDb();
afterEach(() => resetClock());

/** A verified resident of a building of a compound, other than the demo accounts' leads. */
async function residentOf(compound: string, building: string, not: number[] = []) {
  let q = db()
    .selectFrom("residencies as r")
    .innerJoin("dwellings as d", "d.id", "r.dwelling_id")
    .innerJoin("places as b", "b.id", "d.building_id")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.id", "u.phone", "u.name"])
    .where("r.status", "=", "verified")
    .where("b.name", "=", building)
    .where("c.name", "=", compound)
    .where("u.phone", "not in", ["13800000003", "13800000001"]);
  if (not.length) q = q.where("u.id", "not in", not);
  return q.orderBy("u.id").executeTakeFirstOrThrow();
}

const sessionOf = async (cookie: string) =>
  db()
    .selectFrom("sessions")
    .select(["on_behalf_of", "on_behalf_until"])
    .where("id", "=", sessionIdOf(cookie.replace("session=", "")))
    .executeTakeFirstOrThrow();

type Answer = { formError?: { key: string; vars?: Record<string, unknown> }; fieldErrors?: Record<string, { key: string }> };
async function post(cookie: string | null, form: Record<string, string>, expectNothing = false) {
  const before = await snapshot();
  const r = await callAction(behalfAction, "/behalf", form, {}, cookie);
  const d = r.data as Answer;
  if (expectNothing) expect(await snapshot(), "a refusal wrote nothing").toBe(before);
  return { ...r, key: d?.formError?.key ?? (typeof r.data === "string" ? r.data : undefined), fields: d?.fieldErrors ?? {} };
}

async function codeFor(userId: number) {
  const rows = await db()
    .selectFrom("notifications")
    .select("data")
    .where("user_id", "=", userId)
    .where("kind", "=", "request")
    .orderBy("id", "desc")
    .execute();
  const codes = rows.map((n) => (JSON.parse(n.data ?? "{}") as { behalfCode?: string }).behalfCode).filter(Boolean);
  return codes[0]!;
}

async function sendCode(cookie: string, phone: string) {
  const r = await post(cookie, { intent: "code", phone });
  expect(r.status).toBe(302);
  return Number(new URL(r.location!, "http://x").searchParams.get("consent"));
}

const zh = (key: string) => expect(translate("zh-CN", key as never)).toMatch(/[\u4e00-\u9fff]/);

describe("issue 17 · 6: acting on behalf", () => {
  it("a lead starts with the resident's code, acts for them, is recorded by X for Y, and ends", async () => {
    const lead = (await cookieFor("buildingLead"))!;
    const wang = await residentOf("幸福里小区", "1号楼");
    const compound = await placeId("幸福里小区");
    const page = await callLoader(behalfLoader, "/behalf", {}, lead);
    expect(page.status).toBe(200);

    const consent = await sendCode(lead, wang.phone);
    const code = await codeFor(wang.id);
    const stored = await db().selectFrom("behalf_consents").selectAll().where("id", "=", consent).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code);

    // A wrong code uses a try and starts nothing.
    const wrongCode = code === "000000" ? "111111" : "000000";
    const wrong = await post(lead, { intent: "confirm", consent: String(consent), code: wrongCode });
    expect([wrong.status, wrong.key, wrong.fields.code?.key]).toEqual([400, "behalf.error.wrong", "behalf.error.wrong"]);
    expect((await sessionOf(lead)).on_behalf_of).toBeNull();

    const ok = await post(lead, { intent: "confirm", consent: String(consent), code });
    expect([ok.status, ok.location]).toEqual([302, "/"]);
    expect((await sessionOf(lead)).on_behalf_of).toBe(wang.id);

    // The banner, on every page (the root loader).
    const root = await callLoader(rootLoader, "/", {}, lead);
    expect((root.data as { behalf: unknown }).behalf).toEqual({ name: wang.name, minutes: 30 });

    // An allowed act: a direct report as the resident, recorded by the lead for the resident.
    const form = new FormData();
    for (const [k, v] of Object.entries({ subcategory: "repair", building: "", spot: "南门", title: "南门路灯不亮", body: "晚上很黑。", confirm: "1" }))
      form.set(k, v);
    const filed = await callAction(reportAction, `/compounds/${compound}/report`, form, { id: String(compound) }, lead);
    expect(filed.status).toBe(302);
    const requestId = Number(filed.location!.split("/").pop());
    const entry = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "request.report")
      .where("entity_id", "=", requestId)
      .executeTakeFirstOrThrow();
    const leadId = (await db().selectFrom("users").select("id").where("phone", "=", "13800000003").executeTakeFirstOrThrow()).id;
    expect([entry.actor_id, entry.acted_by]).toEqual([wang.id, leadId]);

    // Everything else is refused while on behalf, a ballot with its own message; nothing written.
    const before = await snapshot();
    const vote = await callAction(voteAction, "/votes/1", { intent: "cast", choice: "agree" }, { id: "1" }, lead);
    expect([vote.status, vote.data]).toEqual([403, "behalf.error.ballot"]);
    const read = await callAction(notificationsAction, "/notifications", { id: "all" }, {}, lead);
    expect([read.status, read.data]).toEqual([403, "behalf.error.notAllowed"]);
    const again = await post(lead, { intent: "paper", phone: wang.phone, formNumber: "P-1" });
    expect([again.status, again.key]).toEqual([409, "behalf.error.already"]);
    expect(await snapshot()).toBe(before);
    zh("behalf.error.ballot");
    zh("behalf.error.notAllowed");

    // The administrator's log names both (the page reads listAudit).
    expect((await callLoader(auditLoader, "/admin/audit", {}, await cookieFor("admin"))).status).toBe(200);
    const logged = (await listAudit(db(), { limit: 10_000 })).find((e) => e.action === "request.report" && e.entity_id === requestId);
    expect([logged?.actor, logged?.actedBy]).toEqual([wang.name, "陈国强"]);

    // The resident sees what was done for them.
    const acts = await callLoader(actsLoader, "/account/behalf", {}, await cookieForPhone(wang.phone));
    const rows = (acts.data as { acts: { action: string; helper: string }[] }).acts;
    expect(rows.map((a) => [a.action, a.helper])).toEqual([
      ["request.report", "陈国强"],
      ["behalf.start", "陈国强"],
    ]);

    const end = await callAction(endAction, "/behalf/end", {}, {}, lead);
    expect([end.status, end.location]).toEqual([302, "/behalf"]);
    expect((await sessionOf(lead)).on_behalf_of).toBeNull();
    const notActing = await callAction(endAction, "/behalf/end", {}, {}, lead);
    expect([notActing.status, notActing.location]).toEqual([302, "/behalf"]);
  });

  it("with a paper form number; after 30 minutes the lead is themselves again", async () => {
    const lead = (await cookieFor("buildingLead"))!;
    const wang = await residentOf("幸福里小区", "1号楼");
    const compound = await placeId("幸福里小区");
    const ok = await post(lead, { intent: "paper", phone: wang.phone, formNumber: "DB-2026-0001" });
    expect(ok.status).toBe(302);
    moveClock(29 * 60_000);
    expect((await callLoader(rootLoader, "/", {}, lead)).data).toMatchObject({ behalf: { name: wang.name, minutes: 1 } });
    moveClock(60_000);
    expect((await callLoader(rootLoader, "/", {}, lead)).data).toMatchObject({ behalf: null });
    // The lead acts as themselves again (they live in the compound): the report is theirs, by nobody else.
    const form = new FormData();
    for (const [k, v] of Object.entries({ subcategory: "repair", building: "", spot: "北门", title: "北门地砖松动", body: "容易绊倒。", confirm: "1" }))
      form.set(k, v);
    const late = await callAction(reportAction, `/compounds/${compound}/report`, form, { id: String(compound) }, lead);
    expect(late.status).toBe(302);
    const entry = await db()
      .selectFrom("audit_log")
      .select(["actor_id", "acted_by"])
      .where("action", "=", "request.report")
      .where("entity_id", "=", Number(late.location!.split("/").pop()))
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).not.toBe(wang.id);
    expect(entry.acted_by).toBeNull();
    // The same form number is not used twice for a resident.
    const reused = await post(lead, { intent: "paper", phone: wang.phone, formNumber: "DB-2026-0001" }, true);
    expect([reused.status, reused.key]).toEqual([409, "behalf.error.formUsed"]);
  });

  it("bad input and people it is not for: a Chinese message, nothing written", async () => {
    const lead = (await cookieFor("buildingLead"))!;
    const wang = await residentOf("幸福里小区", "1号楼");
    const other = await residentOf("幸福里小区", "2号楼");
    const elsewhere = await residentOf("锦绣花园", "1号楼");
    const cases: [string, Record<string, string>, number, string][] = [
      ["no consent at all", { intent: "paper", phone: wang.phone, formNumber: "" }, 400, "error.form"],
      ["a form number too long", { intent: "paper", phone: wang.phone, formNumber: "x".repeat(41) }, 400, "error.form"],
      ["a bad phone", { intent: "code", phone: "12" }, 400, "error.form"],
      ["an unknown phone", { intent: "code", phone: "13712345678" }, 400, "behalf.error.noResident"],
      ["an unverified person", { intent: "code", phone: "13900000003" }, 400, "behalf.error.notVerified"],
      ["a resident of another building", { intent: "code", phone: other.phone }, 403, "behalf.error.notYours"],
      ["a resident of another compound", { intent: "paper", phone: elsewhere.phone, formNumber: "F-9" }, 403, "behalf.error.notYours"],
      ["an unknown intent", { intent: "vote" }, 400, "error.form"],
      ["a code of the wrong shape", { intent: "confirm", consent: "1", code: "12ab56" }, 400, "error.form"],
    ];
    for (const [name, form, status, key] of cases) {
      const r = await post(lead, form, true);
      expect([name, r.status, r.key]).toEqual([name, status, key]);
      zh(key);
    }
    expect((await sessionOf(lead)).on_behalf_of).toBeNull();
    // A resident or staff member without the role: the page is refused.
    for (const persona of ["resident", "communityStaff"] as const) {
      const r = await post(await cookieFor(persona), { intent: "code", phone: wang.phone }, true);
      expect(r.status).toBe(403);
    }
  });

  it("a code expires after 10 minutes and allows 5 tries", async () => {
    const coordinator = (await cookieFor("coordinator"))!;
    const other = await residentOf("幸福里小区", "2号楼");
    const late = await sendCode(coordinator, other.phone);
    const lateCode = await codeFor(other.id);
    moveClock(10 * 60_000);
    const expired = await post(coordinator, { intent: "confirm", consent: String(late), code: lateCode }, true);
    expect([expired.status, expired.key]).toEqual([400, "behalf.error.expired"]);
    resetClock();

    const consent = await sendCode(coordinator, other.phone);
    const code = await codeFor(other.id);
    const wrongCode = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const r = await post(coordinator, { intent: "confirm", consent: String(consent), code: wrongCode });
      expect([r.status, r.key, r.data && (r.data as Answer).formError?.vars?.left]).toEqual([400, "behalf.error.wrong", 4 - i]);
    }
    const blocked = await post(coordinator, { intent: "confirm", consent: String(consent), code }, true);
    expect([blocked.status, blocked.key]).toEqual([400, "behalf.error.tooManyTries"]);
    // Another helper cannot use this consent.
    const lead = (await cookieFor("buildingLead"))!;
    const stranger = await post(lead, { intent: "confirm", consent: String(consent), code }, true);
    expect(stranger.status).toBe(404);
    expect((await sessionOf(coordinator)).on_behalf_of).toBeNull();
  });

  it("a helper sends at most 5 codes in 10 minutes", async () => {
    const lead = (await cookieFor("buildingLead"))!;
    const wang = await residentOf("幸福里小区", "1号楼");
    moveClock(60 * 60_000);
    for (let i = 0; i < 5; i++) expect((await post(lead, { intent: "code", phone: wang.phone })).status).toBe(302);
    const sixth = await post(lead, { intent: "code", phone: wang.phone }, true);
    expect([sixth.status, sixth.key]).toEqual([429, "behalf.error.tooManyCodes"]);
    zh("behalf.error.tooManyCodes");
    moveClock(10 * 60_000);
    expect((await post(lead, { intent: "code", phone: wang.phone })).status).toBe(302);
  });

  it("two helpers cannot act for one resident at once", async () => {
    const lead = (await cookieFor("buildingLead"))!;
    const coordinator = (await cookieFor("coordinator"))!;
    const first = await residentOf("幸福里小区", "1号楼");
    const wang = await residentOf("幸福里小区", "1号楼", [first.id]);
    expect((await post(lead, { intent: "paper", phone: wang.phone, formNumber: "TWO-1" })).status).toBe(302);
    const second = await post(coordinator, { intent: "paper", phone: wang.phone, formNumber: "TWO-2" }, true);
    expect([second.status, second.key]).toEqual([409, "behalf.error.elsewhere"]);
    expect((await callAction(endAction, "/behalf/end", {}, {}, lead)).status).toBe(302);
  });
});
