// Abuse limits through the real actions: past the limit, a 429 with a Chinese message and no change.
import type { ActionFunction } from "@remix-run/node";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { translate } from "~/i18n";
import { action as proposalAction } from "~/routes/proposals.$id._index";
import { action as registerAction } from "~/routes/register";
import { cookieFor, request, settle, snapshot } from "../support/routes";

const post = (action: ActionFunction, path: string, form: Record<string, string>, opts: { cookie?: string | null; address?: string; params?: Record<string, string> } = {}) =>
  settle(() => action({ request: request(path, { cookie: opts.cookie ?? null, form }), params: opts.params ?? {}, context: { clientAddress: opts.address } }));

afterEach(() => {
  delete process.env.RATE_LIMITS;
  globalThis.__gongzhiTries?.clear();
});

function limitMessage(data: unknown): string {
  const d = data as { formError: { key: "limit.exceeded"; vars: { seconds: number } } };
  expect(d.formError.key).toBe("limit.exceeded");
  return translate("zh-CN", d.formError.key, d.formError.vars);
}

describe("abuse limits", () => {
  it("limits registrations per address", async () => {
    process.env.RATE_LIMITS = "register.ip=2";
    const form = (i: number) => ({ phone: `1770000000${i}`, name: `注册${i}`, password: "abcdefgh" });
    expect((await post(registerAction, "/register", form(1), { address: "10.1.1.1" })).status).toBe(302);
    expect((await post(registerAction, "/register", form(2), { address: "10.1.1.1" })).status).toBe(302);
    const before = await snapshot();
    const third = await post(registerAction, "/register", form(3), { address: "10.1.1.1" });
    expect(third.status).toBe(429);
    expect(limitMessage(third.data)).toMatch(/^操作太频繁，请 \d+ 秒后再试。$/);
    expect(await snapshot()).toBe(before);
    // Another address is not held back.
    expect((await post(registerAction, "/register", form(4), { address: "10.1.1.2" })).status).toBe(302);
  });

  it("limits comments per person, whatever the address", async () => {
    process.env.RATE_LIMITS = "comment.user=2";
    const proposal = await getDb().selectFrom("proposals").select("id").where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
    const cookie = await cookieFor("resident");
    const send = (i: number) => post(proposalAction, `/proposals/${proposal.id}`, { intent: "comment", stance: "for", body: `第 ${i} 条意见` }, { cookie, address: `10.2.2.${i}`, params: { id: String(proposal.id) } });
    expect((await send(1)).status).toBe(302);
    expect((await send(2)).status).toBe(302);
    const count = async () => (await getDb().selectFrom("comments").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
    const before = await count();
    const third = await send(3);
    expect(third.status).toBe(429);
    limitMessage(third.data);
    expect(await count()).toBe(before);
    // Another person may still comment.
    const other = await post(proposalAction, `/proposals/${proposal.id}`, { intent: "comment", stance: "for", body: "另一位邻居的意见" }, { cookie: await cookieFor("buildingLead"), params: { id: String(proposal.id) } });
    expect(other.status).toBe(302);
  });

  it("can be turned off", async () => {
    process.env.RATE_LIMITS = "off";
    for (let i = 0; i < 8; i++) {
      const r = await post(registerAction, "/register", { phone: `1770000010${i}`, name: `注册${i}`, password: "abcdefgh" }, { address: "10.3.3.3" });
      expect(r.status).toBe(302);
    }
  });
});
