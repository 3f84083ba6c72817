// The bad inputs of the votes issue through the real actions: a clear message, a 4xx, nothing changed.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { type MessageKey, translate } from "~/i18n";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { action as openAction } from "~/routes/proposals.$id.vote";
import { action as voteAction } from "~/routes/votes.$id._index";
import { openVote } from "~/features/votes/commands.server";
import { type Outcome, callAction, cookieFor, cookieForPhone, placeId, snapshot } from "../support/routes";
import { actorOf } from "../support/services";
import { now as clockNow } from "~/clock.server";

function text(r: Outcome, field?: string) {
  const d = r.data as { formError: { key: MessageKey; vars?: Record<string, string> }; fieldErrors: Record<string, { key: MessageKey }> };
  const m = field ? d.fieldErrors[field] : d.formError;
  expect(m).toBeTruthy();
  return translate("zh-CN", m.key, (m as { vars?: Record<string, string> }).vars);
}

async function unchanged(run: () => Promise<Outcome>, status: number) {
  const before = await snapshot();
  const r = await run();
  expect(r.status).toBe(status);
  expect(await snapshot()).toBe(before);
  return r;
}

describe("opening a vote", () => {
  it("refuses an unpublished proposal and a window that ends before it starts", async () => {
    const submitted = (await getDb().selectFrom("proposals").select("id").where("title", "=", "垃圾分类投放点加装洗手池").executeTakeFirstOrThrow()).id;
    const published = (await getDb().selectFrom("proposals").select("id").where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow()).id;
    const form = { rule: "owners_ordinary", per: "dwelling", quorumPercent: "0", opensAt: "2030-01-02T09:00", closesAt: "2030-01-09T09:00" };
    const cookie = await cookieFor("coordinator");
    const r1 = await unchanged(() => callAction(openAction, `/proposals/${submitted}/vote`, form, { id: String(submitted) }, cookie), 409);
    expect(text(r1)).toContain("只有协商中的提案");
    const r2 = await unchanged(
      () => callAction(openAction, `/proposals/${published}/vote`, { ...form, closesAt: "2030-01-01T09:00" }, { id: String(published) }, cookie),
      400,
    );
    expect(text(r2, "closesAt")).toContain("结束时间须晚于开始时间");
    const r3 = await unchanged(
      () => callAction(openAction, `/proposals/${published}/vote`, { ...form, rule: "majority" }, { id: String(published) }, cookie),
      400,
    );
    expect(text(r3, "rule")).toContain("有效选项");
  });
});

describe("casting", () => {
  it("refuses an unknown option, a stranger to the electorate, and a voter from another compound", async () => {
    const published = (await getDb().selectFrom("proposals").select(["id"]).where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow()).id;
    const now = clockNow();
    const voteId = await openVote(
      await actorOf("coordinator"),
      {
        proposalId: published,
        rule: "owners_ordinary",
        per: "dwelling",
        quorumPercent: 0,
        secret: true,
        opensAt: new Date(now.getTime() - 60_000),
        closesAt: new Date(now.getTime() + 3_600_000),
      },
      now,
    );
    const owner = await getDb()
      .selectFrom("vote_voters as w")
      .innerJoin("users as u", "u.phone", "w.phone")
      .select(["u.phone"])
      .where("w.vote_id", "=", voteId)
      .executeTakeFirstOrThrow();
    const ownerCookie = await cookieForPhone(owner.phone);
    const bad = await unchanged(() => callAction(voteAction, `/votes/${voteId}`, { intent: "cast", choice: "yes" }, { id: String(voteId) }, ownerCookie), 400);
    expect(text(bad, "choice")).toContain("有效选项");
    const stranger = await unchanged(
      async () => callAction(voteAction, `/votes/${voteId}`, { intent: "cast", choice: "agree" }, { id: String(voteId) }, await cookieFor("tenant")),
      403,
    );
    expect(text(stranger)).toContain("不在本次表决的投票人名单");
    const cuihu = await placeId("翠湖湾");
    const outsider = await getDb()
      .selectFrom("residencies as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["u.id", "u.phone"])
      .where("r.compound_id", "=", cuihu)
      .where("r.status", "=", "verified")
      .executeTakeFirstOrThrow();
    expect((await loadActor(getDb(), outsider.id)).residencies.length).toBeGreaterThan(0);
    await unchanged(
      async () => callAction(voteAction, `/votes/${voteId}`, { intent: "cast", choice: "agree" }, { id: String(voteId) }, await cookieForPhone(outsider.phone)),
      404,
    );
    // The owner's good ballot goes through; a second one at once is a double submit.
    expect((await callAction(voteAction, `/votes/${voteId}`, { intent: "cast", choice: "agree" }, { id: String(voteId) }, ownerCookie)).status).toBe(302);
    const twice = await unchanged(
      () => callAction(voteAction, `/votes/${voteId}`, { intent: "cast", choice: "agree" }, { id: String(voteId) }, ownerCookie),
      409,
    );
    expect(text(twice)).toContain("请勿重复提交");
  });

  it("refuses a ballot after close", async () => {
    const closed = (await getDb().selectFrom("votes").select("id").where("status", "=", "closed").executeTakeFirstOrThrow()).id;
    const owner = await getDb()
      .selectFrom("vote_voters as w")
      .innerJoin("users as u", "u.phone", "w.phone")
      .select(["u.phone"])
      .where("w.vote_id", "=", closed)
      .executeTakeFirstOrThrow();
    const r = await unchanged(
      async () => callAction(voteAction, `/votes/${closed}`, { intent: "cast", choice: "agree" }, { id: String(closed) }, await cookieForPhone(owner.phone)),
      409,
    );
    expect(text(r)).toContain("表决已结束");
  });
});
