// Acting on behalf (代办, issue 17 · 6), end to end below the browser: the session read makes the helper the
// resident (their residencies, none of the helper's roles) while it lasts and no longer; each allowed act —
// claim a dwelling, submit a proposal, rate a request — runs as the resident with its audit entry "by X for Y".
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { moveClock, now, resetClock } from "~/clock.server";
import { validateSessionToken } from "~/features/accounts/commands.server";
import { action as behalfAction } from "~/routes/behalf";
import { action as claimAction } from "~/routes/claim";
import { action as proposalAction } from "~/routes/compounds.$id.proposals.new";
import { action as requestAction } from "~/routes/requests.$id._index";
import { action as commentAction } from "~/routes/proposals.$id._index";
import { action as endAction } from "~/routes/behalf.end";
import { callAction, cookieFor, placeId, snapshot } from "../support/routes";

const db = () => getDb();
afterEach(() => resetClock());

async function userByPhone(phone: string) {
  return db().selectFrom("users").select(["id", "name", "phone"]).where("phone", "=", phone).executeTakeFirstOrThrow();
}

/** A verified resident of 幸福里小区 1号楼 other than the demo staff, and the lead's cookie acting for them. */
async function leadActingFor(formNumber: string, nth: number) {
  const q = db()
    .selectFrom("residencies as r")
    .innerJoin("dwellings as d", "d.id", "r.dwelling_id")
    .innerJoin("places as b", "b.id", "d.building_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.id", "u.phone", "u.name"])
    .where("r.status", "=", "verified")
    .where("b.name", "=", "1号楼")
    .where("r.compound_id", "=", await placeId("幸福里小区"))
    .where("u.phone", "not like", "138%");
  // One resident per test: a session acting for someone blocks a second helper for them.
  const resident = (await q.orderBy("u.id").execute())[nth];
  const lead = (await cookieFor("buildingLead"))!;
  const r = await callAction(behalfAction, "/behalf", { intent: "paper", phone: resident.phone, formNumber }, {}, lead);
  expect(r.status).toBe(302);
  return { resident, lead };
}

const lastAudit = (action: string) =>
  db().selectFrom("audit_log").select(["actor_id", "acted_by", "entity_id"]).where("action", "=", action).orderBy("id", "desc").executeTakeFirstOrThrow();

describe("issue 17 · 6: the session acting on behalf", () => {
  it("reads as the resident for 30 minutes, then as the helper again", async () => {
    const { resident, lead } = await leadActingFor("INT-1", 0);
    const token = lead.replace("session=", "");
    const helper = await userByPhone("13800000003");
    const during = (await validateSessionToken(token, now()))!;
    expect(during.user).toMatchObject({ id: resident.id, name: resident.name });
    expect(during.actor.userId).toBe(resident.id);
    expect(during.actor.grants).toEqual([]);
    expect(during.actor.residencies.length).toBeGreaterThan(0);
    expect(during.onBehalf).toMatchObject({ helperId: helper.id, helperName: "陈国强" });

    moveClock(30 * 60_000);
    const after = (await validateSessionToken(token, now()))!;
    expect(after.user.id).toBe(helper.id);
    expect(after.actor.grants.map((g) => g.role)).toContain("building_lead");
    expect(after.onBehalf).toBeNull();
  });

  it("submits a proposal and claims a dwelling as the resident, recorded by the lead for them", async () => {
    const { resident, lead } = await leadActingFor("INT-2", 1);
    const helper = await userByPhone("13800000003");
    const compound = await placeId("幸福里小区");
    const made = await callAction(
      proposalAction,
      `/compounds/${compound}/proposals/new`,
      { title: "楼道加装扶手", body: "老人上下楼不方便，建议每层加装扶手。", category: "housing", intent: "submit" },
      { id: String(compound) },
      lead,
    );
    expect(made.status).toBe(302);
    const proposalId = Number(made.location!.split("/").pop());
    const author = await db().selectFrom("proposals").select("author_id").where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(author.author_id).toBe(resident.id);
    expect(await lastAudit("proposal.create")).toEqual({ actor_id: resident.id, acted_by: helper.id, entity_id: proposalId });

    // A dwelling of the building the resident does not live in.
    const mine = (await db().selectFrom("residencies").select("dwelling_id").where("user_id", "=", resident.id).execute()).map((r) => r.dwelling_id);
    const dwelling = await db()
      .selectFrom("dwellings as d")
      .innerJoin("places as b", "b.id", "d.building_id")
      .select(["d.id", "d.unit", "d.room"])
      .where("b.name", "=", "1号楼")
      .where("d.compound_id", "=", compound)
      .where("d.id", "not in", mine)
      .orderBy("d.id", "desc")
      .executeTakeFirstOrThrow();
    const claimed = await callAction(
      claimAction,
      "/claim",
      { compoundId: String(compound), building: "1号楼", unit: dwelling.unit, room: dwelling.room, relation: "family", note: "" },
      {},
      lead,
    );
    expect(claimed.status).toBe(302);
    expect(await lastAudit("residency.claim")).toMatchObject({ actor_id: resident.id, acted_by: helper.id });

    // Commenting is not among the acts: refused, nothing written.
    const before = await snapshot();
    const comment = await callAction(
      commentAction,
      `/proposals/${proposalId}`,
      { intent: "comment", body: "同意", stance: "for" },
      { id: String(proposalId) },
      lead,
    );
    expect([comment.status, comment.data]).toEqual([403, "behalf.error.notAllowed"]);
    expect(await snapshot()).toBe(before);
  });

  it("rates a completed request as the resident; other steps of a request are refused", async () => {
    const completed = await db()
      .selectFrom("requests")
      .select("id")
      .where("state", "=", "completed")
      .where("compound_id", "=", await placeId("幸福里小区"))
      .executeTakeFirst();
    const { resident, lead } = await leadActingFor("INT-3", 2);
    const helper = await userByPhone("13800000003");
    const any = await db().selectFrom("requests").select("id").orderBy("id").executeTakeFirstOrThrow();
    const before = await snapshot();
    const move = await callAction(requestAction, `/requests/${any.id}`, { intent: "move", action: "accept" }, { id: String(any.id) }, lead);
    expect(move.status).toBeGreaterThanOrEqual(403);
    expect(move.status).toBeLessThan(500);
    expect(await snapshot()).toBe(before);
    expect(completed, "the demo data has a completed request").toBeDefined();
    if (!completed) return;
    const rated = await callAction(requestAction, `/requests/${completed.id}`, { intent: "rate", rating: "satisfied" }, { id: String(completed.id) }, lead);
    expect(rated.status).toBe(302);
    expect(await lastAudit("request.rate")).toEqual({ actor_id: resident.id, acted_by: helper.id, entity_id: completed.id });
  });
});

describe("issue 17 · 6 with 1: the consent code by text message", () => {
  it("goes to the resident's phone by the SMS channel when there is one; a refusing provider starts nothing", async () => {
    const http = await import("node:http");
    const got: { to: string; text: string; id: string }[] = [];
    let refuse = false;
    const sms = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        if (!refuse) got.push(JSON.parse(body) as { to: string; text: string; id: string });
        res.writeHead(refuse ? 503 : 200).end();
      });
    });
    await new Promise<void>((r) => sms.listen(0, "127.0.0.1", () => r()));
    process.env.SMS_URL = `http://127.0.0.1:${(sms.address() as { port: number }).port}/send`;
    try {
      const lead = (await cookieFor("buildingLead"))!;
      const residents = await db()
        .selectFrom("residencies as r")
        .innerJoin("dwellings as d", "d.id", "r.dwelling_id")
        .innerJoin("places as b", "b.id", "d.building_id")
        .innerJoin("users as u", "u.id", "r.user_id")
        .select(["u.id", "u.phone"])
        .where("r.status", "=", "verified")
        .where("b.name", "=", "1号楼")
        .where("r.compound_id", "=", await placeId("幸福里小区"))
        .where("u.phone", "not like", "138%")
        .orderBy("u.id", "desc")
        .execute();
      const resident = residents[0];
      const sent = await callAction(behalfAction, "/behalf", { intent: "code", phone: resident.phone }, {}, lead);
      expect(sent.status).toBe(302);
      expect(got).toHaveLength(1);
      expect(got[0].to).toBe(resident.phone);
      const code = /\d{6}/.exec(got[0].text)?.[0];
      expect(got[0].text).toContain("代办授权码");
      const consent = new URL(sent.location!, "http://x").searchParams.get("consent")!;
      const ok = await callAction(behalfAction, "/behalf", { intent: "confirm", consent, code: code! }, {}, lead);
      expect(ok.status).toBe(302);
      await callAction(endAction, "/behalf/end", {}, {}, lead);

      refuse = true;
      const before = await db()
        .selectFrom("behalf_consents")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      const failed = await callAction(behalfAction, "/behalf", { intent: "code", phone: residents[1].phone }, {}, lead);
      expect(failed.status).toBe(409);
      // Nothing is kept of a consent whose code never left.
      const after = await db()
        .selectFrom("behalf_consents")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    } finally {
      delete process.env.SMS_URL;
      sms.close();
    }
  });
});
