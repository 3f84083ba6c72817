import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { stanceCounts } from "~/features/threads/queries.server";
import { searchCompound } from "~/features/proposals/search-queries.server";
import { moderate, report } from "~/features/threads/moderation-commands.server";
import { cosponsor, createDraft, moveProposal, updateDraft } from "~/features/proposals/commands.server";
import { editComment, postComment, recordMinutes } from "~/features/threads/commands.server";
import { placeId, snapshot } from "../support/routes";
import { actorOf, refusal } from "../support/services";
import { loadActor } from "~/features/accounts/actor-queries.server";

const db = () => getDb();
let clock = Date.parse("2026-11-26T02:00:00Z");
const now = () => new Date((clock += 61_000));

async function neighbours(compound: string, count: number, except: number[]) {
  const id = await placeId(compound);
  let query = db().selectFrom("residencies").select(["user_id", "dwelling_id"]).where("compound_id", "=", id).where("status", "=", "verified");
  // An empty "not in ()" is SQLite-only syntax: PostgreSQL refuses it.
  if (except.length > 0) query = query.where("user_id", "not in", except);
  const rows = await query.orderBy("id", "desc").execute();
  const picked: typeof rows = [];
  for (const r of rows) if (!picked.some((p) => p.user_id === r.user_id || p.dwelling_id === r.dwelling_id)) picked.push(r);
  return Promise.all(picked.slice(0, count).map((r) => loadActor(db(), r.user_id)));
}

describe("a proposal from draft to consultation", () => {
  it("drafts, submits, and is published by itself when co-sponsors from 5 dwellings (the author's included) support it", async () => {
    const author = await actorOf("resident");
    const compoundId = await placeId("幸福里小区");
    const id = await createDraft(author, { compoundId, title: "楼道灯改声控", body: "楼道灯**常亮**，浪费电。", category: "environment" }, now());
    const draft = await db().selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(draft.state).toBe("draft");
    expect(draft.body_html).toContain("<strong>常亮</strong>");
    expect(await searchCompound(db(), compoundId, "声控")).toEqual([]);
    await updateDraft(
      author,
      { proposalId: id, title: "楼道灯改为声控灯", body: "楼道灯常亮，浪费电。建议改为声控灯。", category: "environment", submit: true },
      now(),
    );
    expect((await searchCompound(db(), compoundId, "声控")).map((r) => r.id)).toEqual([id]);
    const others = await neighbours("幸福里小区", 5, [author.userId]);
    for (const [i, n] of others.slice(0, 3).entries()) expect(await cosponsor(n, id, now()), `co-sponsor ${i}`).toEqual({ published: false });
    expect(await refusal(cosponsor(others[0], id, now()))).toMatchObject({ status: 409, key: "cosponsor.twice" });
    expect(await cosponsor(others[3], id, now())).toEqual({ published: true });
    const p = await db().selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ state: "published", cosponsor_count: 4 });
    const log = await db()
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where("entity_type", "=", "proposal")
      .where("entity_id", "=", id)
      .orderBy("id")
      .execute();
    expect(log.filter((l) => l.action === "proposal.transition").map((l) => JSON.parse(l.data!).to)).toEqual(["submitted", "published"]);
    const notes = await db().selectFrom("notifications").select(["kind"]).where("user_id", "=", author.userId).where("proposal_id", "=", id).execute();
    expect(notes.map((n) => n.kind)).toEqual(expect.arrayContaining(["cosponsor", "state"]));
    expect(await refusal(cosponsor(author, id, now()))).toMatchObject({ status: 409, key: "cosponsor.own" });
  });

  it("refuses illegal moves, a second edit of a submitted proposal, merges across compounds and moves by others", async () => {
    const author = await actorOf("resident");
    const coordinator = await actorOf("coordinator");
    const compoundId = await placeId("幸福里小区");
    const id = await createDraft(author, { compoundId, title: "增加快递柜", body: "快递经常丢。", category: "social", submit: true }, now());
    expect(await refusal(updateDraft(author, { proposalId: id, title: "x", body: "y", category: "social" }, now()))).toMatchObject({ status: 409 });
    expect(await refusal(moveProposal(author, { proposalId: id, action: "publish", reason: null }, now()))).toMatchObject({ status: 403 });
    expect(await refusal(moveProposal(coordinator, { proposalId: id, action: "decline", reason: null }, now()))).toMatchObject({
      status: 400,
      key: "proposal.reasonRequired",
    });
    const other = await createDraft(
      await actorOf("admin"),
      { compoundId: await placeId("翠湖湾"), title: "别处的提案", body: "x", category: "social", submit: true },
      now(),
    ).catch(() => null);
    expect(other).toBeNull(); // an administrator is not a resident: cannot write proposals
    const elsewhere = await db().selectFrom("proposals").select("id").where("compound_id", "!=", compoundId).executeTakeFirst();
    expect(elsewhere).toBeUndefined();
    const published = await db().selectFrom("proposals").select("id").where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
    expect(await refusal(moveProposal(coordinator, { proposalId: id, action: "merge", reason: null, mergeInto: 999_999 }, now()))).toMatchObject({
      status: 404,
    });
    expect(await moveProposal(coordinator, { proposalId: id, action: "merge", reason: "内容相近", mergeInto: published.id }, now())).toBe("merged");
    const merged = await db().selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(merged).toMatchObject({ state: "merged", merged_into_id: published.id, state_reason: "内容相近" });
    expect(await refusal(moveProposal(author, { proposalId: id, action: "withdraw", reason: null }, now()))).toMatchObject({
      status: 409,
      key: "proposal.illegalMove",
    });
    expect(await moveProposal(coordinator, { proposalId: id, action: "archive", reason: null }, now())).toBe("archived");
  });

  it("a coordinator of another community never finds the proposal (404), a draft is the author's alone", async () => {
    const p = await db().selectFrom("proposals").select("id").where("title", "=", "1号楼加装电梯，请大家一起商量").executeTakeFirstOrThrow();
    const before = await snapshot();
    expect(
      await refusal(postComment(await actorOf("communityCoordinator"), { proposalId: p.id, parentId: null, stance: "for", body: "路过" }, now())),
    ).toMatchObject({ status: 404 });
    const draft = await db().selectFrom("proposals").select("id").where("state", "=", "draft").executeTakeFirstOrThrow();
    expect(await refusal(cosponsor(await actorOf("buildingLead"), draft.id, now()))).toMatchObject({ status: 404 });
    expect(await refusal(moveProposal(await actorOf("coordinator"), { proposalId: draft.id, action: "publish", reason: null }, now()))).toMatchObject({
      status: 404,
    });
    expect(await snapshot()).toBe(before);
  });
});

describe("the consultation thread", () => {
  async function elevator() {
    return db().selectFrom("proposals").selectAll().where("title", "=", "1号楼加装电梯，请大家一起商量").executeTakeFirstOrThrow();
  }

  it("comments and replies one level deep, refuses a reply to a reply and a double submit", async () => {
    const p = await elevator();
    const [a, b] = await neighbours("幸福里小区", 2, []);
    const c1 = await postComment(a, { proposalId: p.id, parentId: null, stance: "for", body: "赞成，越快越好。" }, now());
    const r1 = await postComment(b, { proposalId: p.id, parentId: c1, stance: "neutral", body: "同意，但要先算清费用。" }, now());
    expect(await refusal(postComment(a, { proposalId: p.id, parentId: r1, stance: "for", body: "回复的回复" }, now()))).toMatchObject({
      status: 400,
      key: "comment.parent",
    });
    const at = now();
    await postComment(a, { proposalId: p.id, parentId: null, stance: "for", body: "重复一次" }, at);
    expect(await refusal(postComment(a, { proposalId: p.id, parentId: null, stance: "for", body: "重复一次" }, new Date(at.getTime() + 2000)))).toMatchObject({
      status: 409,
      key: "comment.doubleSubmit",
    });
    const replyNote = await db().selectFrom("notifications").select("kind").where("user_id", "=", a.userId).where("comment_id", "=", r1).executeTakeFirst();
    expect(replyNote?.kind).toBe("reply");
  });

  it("an edit keeps the earlier version and marks the comment edited", async () => {
    const p = await elevator();
    const [a] = await neighbours("幸福里小区", 1, []);
    const id = await postComment(a, { proposalId: p.id, parentId: null, stance: "against", body: "反对，太贵。" }, now());
    await editComment(a, { commentId: id, stance: "neutral", body: "再想想，先看报价。" }, now());
    const c = await db().selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ stance: "neutral", body_md: "再想想，先看报价。" });
    expect(c.edited_at).not.toBeNull();
    const rev = await db().selectFrom("comment_revisions").selectAll().where("comment_id", "=", id).execute();
    expect(rev.map((r) => [r.stance, r.body_md])).toEqual([["against", "反对，太贵。"]]);
    const [other] = await neighbours("幸福里小区", 2, [a.userId]);
    expect(await refusal(editComment(other, { commentId: id, stance: "for", body: "改别人的" }, now()))).toMatchObject({ status: 403 });
  });

  it("hiding takes a public reason, removes the comment from search and notifies its author; locking stops comments", async () => {
    const p = await elevator();
    const coordinator = await actorOf("coordinator");
    const [a, b] = await neighbours("幸福里小区", 2, []);
    const id = await postComment(a, { proposalId: p.id, parentId: null, stance: "neutral", body: "卖保健品，加微信私聊" }, now());
    expect((await searchCompound(db(), p.compound_id, "保健品")).length).toBe(1);
    await report(b, { proposalId: p.id, commentId: id, reason: "spam", note: null }, now());
    expect(await refusal(report(b, { proposalId: p.id, commentId: id, reason: "spam", note: null }, now()))).toMatchObject({ status: 409 });
    expect(await refusal(moderate(a, { proposalId: p.id, act: "hide_comment", commentId: id, reason: "广告" }, now()))).toMatchObject({ status: 403 });
    expect(await refusal(moderate(coordinator, { proposalId: p.id, act: "hide_comment", commentId: id, reason: null }, now()))).toMatchObject({ status: 400 });
    await moderate(coordinator, { proposalId: p.id, act: "hide_comment", commentId: id, reason: "广告" }, now());
    expect(await searchCompound(db(), p.compound_id, "保健品")).toEqual([]);
    const c = await db().selectFrom("comments").select(["hidden_reason", "body_md"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(c).toEqual({ hidden_reason: "广告", body_md: "卖保健品，加微信私聊" });
    const r = await db().selectFrom("reports").select("status").where("comment_id", "=", id).executeTakeFirstOrThrow();
    expect(r.status).toBe("resolved");
    expect(
      (await db().selectFrom("notifications").select("kind").where("user_id", "=", a.userId).where("comment_id", "=", id).execute()).map((n) => n.kind),
    ).toContain("moderated");
    await moderate(coordinator, { proposalId: p.id, act: "lock", commentId: null, reason: null }, now());
    expect(await refusal(postComment(b, { proposalId: p.id, parentId: null, stance: "for", body: "锁了还能说吗" }, now()))).toMatchObject({
      status: 409,
      key: "comment.locked",
    });
    await moderate(coordinator, { proposalId: p.id, act: "unlock", commentId: null, reason: null }, now());
    await moderate(coordinator, { proposalId: p.id, act: "mute", commentId: null, userId: a.userId, days: 3, reason: "发广告" }, now());
    expect(await refusal(postComment(a, { proposalId: p.id, parentId: null, stance: "for", body: "我又来了" }, now()))).toMatchObject({
      status: 403,
      key: "comment.muted",
    });
    const acts = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "proposal")
      .where("entity_id", "=", p.id)
      .where("action", "like", "mod.%")
      .execute();
    expect(acts.map((x) => x.action)).toEqual(expect.arrayContaining(["mod.hide_comment", "mod.lock", "mod.unlock", "mod.mute"]));
  });

  it("issue 12 · 14: people count once, by their latest stance; a reply without a stance counts for nothing", async () => {
    const author = await actorOf("resident");
    const coordinator = await actorOf("coordinator");
    const id = await createDraft(
      author,
      { compoundId: await placeId("幸福里小区"), title: "单元门禁换新", body: "门禁经常坏。", category: "safety", submit: true },
      now(),
    );
    await moveProposal(coordinator, { proposalId: id, action: "publish", reason: null }, now());
    const counted = async () => Object.fromEntries((await stanceCounts(db(), id)).map((r) => [r.stance, Number(r.n)]));
    const [a, b, c] = (await neighbours("幸福里小区", 7, [author.userId])).slice(4); // not the ones muted above
    const first = await postComment(a, { proposalId: id, parentId: null, stance: "for", body: "赞成，早该换了。" }, now());
    const second = await postComment(a, { proposalId: id, parentId: null, stance: "against", body: "看了报价，反对。" }, now());
    expect(await counted()).toEqual({ against: 1 });
    // A reply without a stance is stored as none and counts for nothing.
    const reply = await postComment(b, { proposalId: id, parentId: first, stance: null, body: "换哪个牌子的？" }, now());
    expect((await db().selectFrom("comments").select("stance").where("id", "=", reply).executeTakeFirstOrThrow()).stance).toBeNull();
    expect(await counted()).toEqual({ against: 1 });
    // A reply may carry a stance, and then it counts; a top-level comment must carry one.
    await postComment(c, { proposalId: id, parentId: first, stance: "neutral", body: "都可以。" }, now());
    expect(await counted()).toEqual({ against: 1, neutral: 1 });
    expect(await refusal(postComment(b, { proposalId: id, parentId: null, stance: null, body: "随便说说" }, now()))).toMatchObject({
      status: 400,
      key: "comment.stanceNeeded",
    });
    // A hidden comment does not count: the person's latest visible stance does.
    await moderate(coordinator, { proposalId: id, act: "hide_comment", commentId: second, reason: "重复" }, now());
    expect(await counted()).toEqual({ for: 1, neutral: 1 });
    // An edit may take a reply's stance away, but not a top-level comment's.
    await editComment(b, { commentId: reply, stance: "for", body: "换哪个牌子的？我赞成。" }, now());
    expect(await counted()).toEqual({ for: 2, neutral: 1 });
    await editComment(b, { commentId: reply, stance: null, body: "换哪个牌子的？" }, now());
    expect(await counted()).toEqual({ for: 1, neutral: 1 });
    expect(await refusal(editComment(a, { commentId: first, stance: null, body: "赞成，早该换了。" }, now()))).toMatchObject({
      status: 400,
      key: "comment.stanceNeeded",
    });
  });

  it("only a coordinator's comment can be the official answer; minutes and meetings are recorded", async () => {
    const p = await elevator();
    const coordinator = await actorOf("coordinator");
    const a = (await neighbours("幸福里小区", 4, []))[3];
    const resident = await postComment(a, { proposalId: p.id, parentId: null, stance: "for", body: "我来答" }, now());
    expect(await refusal(moderate(coordinator, { proposalId: p.id, act: "official", commentId: resident, reason: null }, now()))).toMatchObject({
      status: 409,
      key: "comment.officialOnly",
    });
    expect(
      await refusal(recordMinutes(coordinator, { proposalId: p.id, kind: "meeting", body: "纪要", date: null, place: null, attendance: null }, now())),
    ).toMatchObject({ status: 400 });
    await recordMinutes(
      coordinator,
      { proposalId: p.id, kind: "minutes", body: "## 协商纪要\n\n一致同意先做预算。", date: null, place: null, attendance: null },
      now(),
    );
    expect(
      await refusal(recordMinutes(a, { proposalId: p.id, kind: "minutes", body: "我也写", date: null, place: null, attendance: null }, now())),
    ).toMatchObject({ status: 403 });
  });

  it("finds a two-character word, in proposals and comments, and nothing hidden", async () => {
    const compoundId = await placeId("幸福里小区");
    expect((await searchCompound(db(), compoundId, "电梯")).map((r) => r.title)).toContain("1号楼加装电梯，请大家一起商量");
    expect((await searchCompound(db(), compoundId, "停车")).map((r) => r.title)).toContain("规范小区停车，清理僵尸车");
    expect((await searchCompound(db(), compoundId, "补偿")).map((r) => r.title)).toContain("1号楼加装电梯，请大家一起商量");
    expect(await searchCompound(db(), await placeId("翠湖湾"), "电梯")).toEqual([]);
    expect((await searchCompound(db(), compoundId, "健身器材")).length).toBe(0); // a draft
  });
});
