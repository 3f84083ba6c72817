// The proposal page's thread through its real action and loader: a reply may take no stance — stored as none,
// drawn without a badge, counted for nothing.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { type MessageKey, translate } from "~/i18n";
import { action, loader } from "~/routes/proposals.$id._index";
import { callAction, callLoader, cookieFor } from "../support/routes";
import { userId } from "../support/services";

async function elevator() {
  return getDb().selectFrom("proposals").select(["id", "author_id"]).where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
}

describe("stances in the thread", () => {
  it("issue 12 · 14: a reply posted without a stance is stored as none, drawn without one and counted for nothing", async () => {
    const db = getDb();
    const p = await elevator();
    type Data = { thread: { id: number; stance: string | null }[]; counts: Record<string, number> };
    const page = async () => (await callLoader(loader, `/proposals/${p.id}`, { id: String(p.id) }, await cookieFor("resident"))).data as Data;
    const before = (await page()).counts;
    const top = (await db.selectFrom("comments").select("id").where("proposal_id", "=", p.id).where("parent_id", "is", null).orderBy("id").executeTakeFirstOrThrow()).id;
    const tenant = await userId("tenant");
    const stanced = await db.selectFrom("comments").select("id").where("proposal_id", "=", p.id).where("author_id", "=", tenant).where("stance", "is not", null).executeTakeFirst();
    expect(stanced, "the tenant has taken no stance on this proposal yet").toBeUndefined();
    const r = await callAction(action, `/proposals/${p.id}`, { intent: "comment", formId: `reply-${top}`, parentId: String(top), stance: "", body: "只是想问问施工期多长。" }, { id: String(p.id) }, await cookieFor("tenant"));
    expect(r.status).toBe(302);
    const reply = await db.selectFrom("comments").select(["id", "stance"]).where("body_md", "=", "只是想问问施工期多长。").executeTakeFirstOrThrow();
    expect(reply.stance).toBeNull();
    const after = await page();
    expect(after.thread.find((c) => c.id === reply.id)?.stance).toBeNull();
    expect(after.counts).toEqual(before);
    // A top-level comment still takes a stance.
    const refused = await callAction(action, `/proposals/${p.id}`, { intent: "comment", formId: "comment", stance: "", body: "没有立场的意见" }, { id: String(p.id) }, await cookieFor("tenant"));
    expect(refused.status).toBe(400);
    expect(translate("zh-CN", (refused.data as { formError: { key: MessageKey } }).formError.key)).toContain("请选择你的立场");
  });
});
