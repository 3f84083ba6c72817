// A long thread comes a page of 20 top-level comments at a time, each with all its replies, pinned first;
// reply and report forms are drawn only for the comment asked for.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { loader } from "~/routes/proposals.$id._index";
import { postComment } from "~/features/threads/commands.server";
import { callLoader, cookieFor } from "../support/routes";
import { actorOf } from "../support/services";
import { now as clockNow } from "~/clock.server";

describe("a long thread", () => {
  it("pages by top-level comment and keeps each one's replies with it", async () => {
    const db = getDb();
    const p = await db.selectFrom("proposals").select("id").where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
    const resident = await actorOf("resident");
    const before = Number(
      (
        await db
          .selectFrom("comments")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("proposal_id", "=", p.id)
          .where("parent_id", "is", null)
          .executeTakeFirstOrThrow()
      ).n,
    );
    let first = 0;
    for (let i = 0; i < 40; i++) {
      const id = await postComment(
        resident,
        { proposalId: p.id, body: `第 ${i} 条意见`, stance: "for", parentId: null },
        new Date(clockNow().getTime() + i * 1000),
      );
      if (i === 0) first = id;
    }
    await postComment(await actorOf("tenant"), { proposalId: p.id, body: "回复第 0 条", stance: "neutral", parentId: first }, clockNow());
    const cookie = await cookieFor("resident");
    type Data = { thread: { id: number; parentId: number | null }[]; threadPage: { page: number; pages: number; reply: number | null } };
    const total = before + 40;
    const pages = Math.ceil(total / 20);
    const seen: number[] = [];
    for (let page = 1; page <= pages; page++) {
      const r = await callLoader(loader, `/proposals/${p.id}?cpage=${page}&reply=${first}`, { id: String(p.id) }, cookie);
      const d = r.data as Data;
      expect(d.threadPage).toMatchObject({ page, pages, reply: first });
      const top = d.thread.filter((c) => c.parentId === null);
      expect(top.length).toBe(page < pages ? 20 : total - 20 * (pages - 1));
      seen.push(...top.map((c) => c.id));
      if (top.some((c) => c.id === first)) expect(d.thread.some((c) => c.parentId === first)).toBe(true);
    }
    expect(new Set(seen).size).toBe(total);
    const junk = await callLoader(loader, `/proposals/${p.id}?cpage=abc&reply=-3`, { id: String(p.id) }, cookie);
    expect((junk.data as Data).threadPage).toMatchObject({ page: 1, reply: null });
  });
});
