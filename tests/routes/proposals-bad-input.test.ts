// The bad inputs of the proposals issue, through the real actions: a clear Chinese message and no change.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { type MessageKey, translate } from "~/i18n";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { action as newAction } from "~/routes/compounds.$id.proposals.new";
import { action as proposalAction } from "~/routes/proposals.$id._index";
import { moderate } from "~/features/threads/moderation-commands.server";
import { createDraft } from "~/features/proposals/commands.server";
import { postComment } from "~/features/threads/commands.server";
import { type Outcome, callAction, cookieFor, placeId, snapshot } from "../support/routes";
import { actorOf } from "../support/services";
import { now as clockNow } from "~/clock.server";

function message(r: Outcome, field?: string): string {
  const d = r.data as {
    formError: { key: MessageKey; vars?: Record<string, string> };
    fieldErrors: Record<string, { key: MessageKey; vars?: Record<string, string> }>;
  };
  const m = field ? d.fieldErrors[field] : d.formError;
  expect(m, `message for ${field ?? "form"}`).toBeTruthy();
  const text = translate("zh-CN", m.key, m.vars);
  expect(text).toMatch(/[\u4e00-\u9fff]/);
  return text;
}

async function unchanged(run: () => Promise<Outcome>, status: number): Promise<Outcome> {
  const before = await snapshot();
  const r = await run();
  expect(r.status).toBe(status);
  expect(await snapshot()).toBe(before);
  return r;
}

async function elevatorId() {
  return (await getDb().selectFrom("proposals").select("id").where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow()).id;
}

async function post(id: number, form: Record<string, string>, who: Parameters<typeof cookieFor>[0] = "resident") {
  return callAction(proposalAction, `/proposals/${id}`, form, { id: String(id) }, await cookieFor(who));
}

describe("writing a proposal", () => {
  const send = async (form: Record<string, string>) => {
    const id = await placeId("幸福里小区");
    return callAction(
      newAction,
      `/compounds/${id}/proposals/new`,
      { intent: "save", category: "housing", title: "标题", body: "正文", ...form },
      { id: String(id) },
      await cookieFor("resident"),
    );
  };

  it.each([
    ["an empty title", { title: "  " }, "title", "必填"],
    ["an 81-character title", { title: "长".repeat(81) }, "title", "最多 80 个字"],
    ["an empty body", { body: "" }, "body", "必填"],
    ["a body over 20,000 characters", { body: "字".repeat(20_001) }, "body", "最多 20000 个字"],
    ["an unknown category", { category: "food" }, "category", "有效选项"],
  ])("refuses %s", async (_n, form, field, text) => {
    const r = await unchanged(() => send(form), 400);
    expect(message(r, field)).toContain(text);
    expect((r.data as { values: Record<string, string> }).values.title).toBe((form as { title?: string }).title ?? "标题");
  });

  it("renders smuggled markup harmless when the draft is stored", async () => {
    const r = await send({
      title: "试探",
      body: '<script>alert(1)</script> <img src=x onerror="alert(1)"> [x](javascript:alert(1)) [y](&#106;avascript:alert(1))',
    });
    expect(r.status).toBe(302);
    const p = await getDb().selectFrom("proposals").select("body_html").where("title", "=", "试探").executeTakeFirstOrThrow();
    expect(p.body_html).not.toMatch(/<script|<img|href="javascript|<[^>]*\son\w+=/i);
  });

  it("refuses the same draft twice (a double submit)", async () => {
    expect((await send({ title: "重复的草稿", body: "一样的内容" })).status).toBe(302);
    const r = await unchanged(() => send({ title: "重复的草稿", body: "一样的内容" }), 409);
    expect(message(r)).toContain("请勿重复提交");
  });
});

describe("the thread", () => {
  it.each([
    ["an empty comment", { body: "" }, "必填"],
    ["a comment over 5,000 characters", { body: "评".repeat(5001) }, "最多 5000 个字"],
    ["an unknown stance", { body: "好", stance: "maybe" }, "有效选项"],
  ])("refuses %s", async (_n, form, text) => {
    const id = await elevatorId();
    const r = await unchanged(() => post(id, { intent: "comment", formId: "comment", stance: "for", ...form }), 400);
    expect(
      Object.values((r.data as { fieldErrors: Record<string, { key: MessageKey; vars?: Record<string, string> }> }).fieldErrors)
        .map((m) => translate("zh-CN", m.key, m.vars))
        .join(),
    ).toContain(text);
  });

  it("a comment on a locked thread", async () => {
    const id = await elevatorId();
    await moderate(await actorOf("coordinator"), { proposalId: id, act: "lock", commentId: null, reason: null }, clockNow());
    const r = await unchanged(() => post(id, { intent: "comment", formId: "comment", stance: "for", body: "锁定后发言" }), 409);
    expect(message(r)).toContain("讨论已锁定");
    await moderate(await actorOf("coordinator"), { proposalId: id, act: "unlock", commentId: null, reason: null }, clockNow());
  });

  it("a comment by a muted person", async () => {
    const id = await elevatorId();
    const tenant = await actorOf("tenant");
    // The tenant has spoken on the thread, and is muted from the compound for a day.
    await postComment(tenant, { proposalId: id, parentId: null, stance: "neutral", body: "刷屏一" }, clockNow());
    await moderate(await actorOf("coordinator"), { proposalId: id, act: "mute", commentId: null, userId: tenant.userId, days: 1, reason: "刷屏" }, clockNow());
    const r = await unchanged(() => post(id, { intent: "comment", formId: "comment", stance: "for", body: "禁言中发言" }, "tenant"), 403);
    expect(message(r)).toContain("禁言");
  });

  it("a comment by an unverified person, and on a proposal of another compound", async () => {
    const id = await elevatorId();
    await unchanged(() => post(id, { intent: "comment", formId: "comment", stance: "for", body: "我还没认证" }, "newcomer"), 404);
    const cuihu = await placeId("翠湖湾");
    const local = await getDb()
      .selectFrom("residencies as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["u.id", "u.phone"])
      .where("r.compound_id", "=", cuihu)
      .where("r.status", "=", "verified")
      .executeTakeFirstOrThrow();
    const other = await createDraft(
      await loadActor(getDb(), local.id),
      { compoundId: cuihu, title: "翠湖湾的提案", body: "内容", category: "environment", submit: true },
      clockNow(),
    );
    await unchanged(() => post(other, { intent: "comment", formId: "comment", stance: "for", body: "串门" }), 404);
    // …and a merge into it from 幸福里小区 is refused: it is not found from here.
    const submitted = (await getDb().selectFrom("proposals").select("id").where("title", "=", "垃圾分类投放点加装洗手池").executeTakeFirstOrThrow()).id;
    const r = await unchanged(
      async () =>
        callAction(
          proposalAction,
          `/proposals/${submitted}`,
          { intent: "move", move: "merge", mergeInto: String(other), reason: "" },
          { id: String(submitted) },
          await cookieFor("coordinator"),
        ),
      404,
    );
    expect(message(r, "mergeInto")).toContain("本小区");
  });

  it("a second co-sponsoring by the same person", async () => {
    const id = (await getDb().selectFrom("proposals").select("id").where("title", "=", "垃圾分类投放点加装洗手池").executeTakeFirstOrThrow()).id;
    expect((await post(id, { intent: "cosponsor" }, "buildingLead")).status).toBe(302);
    const r = await unchanged(() => post(id, { intent: "cosponsor" }, "buildingLead"), 409);
    expect(message(r)).toContain("已经附议过");
  });

  it("an illegal state move: withdrawing what is no longer the author's to withdraw", async () => {
    const id = await elevatorId();
    const r = await unchanged(() => post(id, { intent: "move", move: "decline", reason: "x" }, "coordinator"), 409);
    expect(message(r)).toContain("当前状态下不能");
    const archivedLike = await unchanged(() => post(id, { intent: "move", move: "archive" }, "coordinator"), 409);
    expect(message(archivedLike)).toContain("当前状态下不能");
  });

  it("a double submit of the same comment", async () => {
    const id = await elevatorId();
    const form = { intent: "comment", formId: "comment", stance: "for", body: "只说一次" };
    expect((await post(id, form, "buildingLead")).status).toBe(302);
    const r = await unchanged(() => post(id, form, "buildingLead"), 409);
    expect(message(r)).toContain("请勿重复提交");
  });
});
