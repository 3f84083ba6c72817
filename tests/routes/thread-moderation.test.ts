// The proposal page's thread through its real action and loader: each moderation act says what it did, and
// a reply may take no stance — stored as none, drawn without a badge, counted for nothing.
import { describe, expect, it } from "vitest";
import { readFlash } from "~/web/flash.server";
import { getDb } from "~/db.server";
import { type Locale, type MessageKey, translate } from "~/i18n";
import { action, loader } from "~/routes/proposals.$id._index";
import { postComment } from "~/features/threads/commands.server";
import { type Outcome, callAction, callLoader, cookieFor } from "../support/routes";
import { actorOf, userId } from "../support/services";

async function elevator() {
  return getDb().selectFrom("proposals").select(["id", "author_id"]).where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
}

/** The one-time message a redirect carries, in a language. */
function flash(r: Outcome, locale: Locale = "zh-CN"): string {
  expect(r.status, JSON.stringify(r.data)).toBe(302);
  const raw = /(?:^|,\s*)flash=([^;]*)/.exec(r.headers.get("Set-Cookie") ?? "")?.[1];
  expect(raw, "a flash cookie").toBeTruthy();
  // Read back as the next page would: the signature checked.
  const { msg } = readFlash(new Request("http://localhost:3000/", { headers: { Cookie: `flash=${raw}` } }));
  expect(msg, "a signed flash message").not.toBeNull();
  return translate(locale, msg!.key, msg!.vars);
}

describe("moderation messages", () => {
  it("issue 12 · 17: each moderation act says what it did, in both languages", async () => {
    const db = getDb();
    const p = await elevator();
    const resident = await actorOf("resident");
    const comment = await postComment(
      resident,
      { proposalId: p.id, parentId: null, stance: "for", body: "请尽快推进，谢谢。" },
      new Date("2026-11-30T02:00:00Z"),
    );
    const coordinatorComment = await postComment(
      await actorOf("coordinator"),
      { proposalId: p.id, parentId: null, stance: "neutral", body: "物业正在核算费用。" },
      new Date("2026-11-30T02:01:00Z"),
    );
    const residentName = (await db.selectFrom("users").select("name").where("id", "=", resident.userId).executeTakeFirstOrThrow()).name;
    const cookie = await cookieFor("coordinator");
    const act = (form: Record<string, string>) => callAction(action, `/proposals/${p.id}`, { intent: "moderate", ...form }, { id: String(p.id) }, cookie);
    const expected: [Record<string, string>, string, string][] = [
      [{ act: "pin", commentId: String(comment) }, "已置顶该条意见。", "The comment is pinned."],
      [{ act: "unpin", commentId: String(comment) }, "已取消置顶。", "The comment is no longer pinned."],
      [{ act: "official", commentId: String(coordinatorComment) }, "已标为官方答复。", "Marked as the official answer."],
      [{ act: "unofficial", commentId: String(coordinatorComment) }, "已取消官方答复。", "No longer marked as the official answer."],
      [{ act: "hide_comment", commentId: String(comment), reason: "与提案无关" }, "已隐藏该条意见", "The comment is hidden"],
      [{ act: "restore_comment", commentId: String(comment) }, "已恢复显示该条意见。", "The comment is shown again."],
      [{ act: "lock" }, "已锁定讨论", "The discussion is locked"],
      [{ act: "unlock" }, "已解除锁定", "The discussion is unlocked"],
      [{ act: "hide_proposal", reason: "重复提案" }, "已隐藏该提案", "The proposal is hidden"],
      [{ act: "restore_proposal" }, "已恢复显示该提案。", "The proposal is shown again."],
      [{ act: "mute", userId: String(resident.userId), days: "7", reason: "刷屏" }, `已禁言${residentName} 7 天`, `${residentName} is muted for 7 days`],
    ];
    for (const [form, zh, en] of expected) {
      const r = await act(form);
      expect(flash(r), form.act).toContain(zh);
      expect(flash(r, "en"), form.act).toContain(en);
      expect(flash(r)).not.toContain("操作已完成");
      expect(flash(r)).not.toContain("提案状态已更新");
    }
  });
});

describe("stances in the thread", () => {
  it("issue 12 · 14: a reply posted without a stance is stored as none, drawn without one and counted for nothing", async () => {
    const db = getDb();
    const p = await elevator();
    type Data = { thread: { id: number; stance: string | null }[]; counts: Record<string, number> };
    const page = async () => (await callLoader(loader, `/proposals/${p.id}`, { id: String(p.id) }, await cookieFor("resident"))).data as Data;
    const before = (await page()).counts;
    const top = (
      await db.selectFrom("comments").select("id").where("proposal_id", "=", p.id).where("parent_id", "is", null).orderBy("id").executeTakeFirstOrThrow()
    ).id;
    const tenant = await userId("tenant");
    const stanced = await db
      .selectFrom("comments")
      .select("id")
      .where("proposal_id", "=", p.id)
      .where("author_id", "=", tenant)
      .where("stance", "is not", null)
      .executeTakeFirst();
    expect(stanced, "the tenant has taken no stance on this proposal yet").toBeUndefined();
    const r = await callAction(
      action,
      `/proposals/${p.id}`,
      { intent: "comment", formId: `reply-${top}`, parentId: String(top), stance: "", body: "只是想问问施工期多长。" },
      { id: String(p.id) },
      await cookieFor("tenant"),
    );
    expect(r.status).toBe(302);
    const reply = await db.selectFrom("comments").select(["id", "stance"]).where("body_md", "=", "只是想问问施工期多长。").executeTakeFirstOrThrow();
    expect(reply.stance).toBeNull();
    const after = await page();
    expect(after.thread.find((c) => c.id === reply.id)?.stance).toBeNull();
    expect(after.counts).toEqual(before);
    // A top-level comment still takes a stance.
    const refused = await callAction(
      action,
      `/proposals/${p.id}`,
      { intent: "comment", formId: "comment", stance: "", body: "没有立场的意见" },
      { id: String(p.id) },
      await cookieFor("tenant"),
    );
    expect(refused.status).toBe(400);
    expect(translate("zh-CN", (refused.data as { formError: { key: MessageKey } }).formError.key)).toContain("请选择你的立场");
  });
});
