// Abuse limits through the real actions: past the limit, a 429 with a Chinese message and no change.
import type { ActionFunction } from "@remix-run/node";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { translate } from "~/i18n";
import { action as proposalAction } from "~/routes/proposals.$id._index";
import { action as loginAction } from "~/routes/login";
import { action as registerAction } from "~/routes/register";
import { ORIGIN, cookieFor, request, settle, snapshot } from "../support/routes";

const post = (
  action: ActionFunction,
  path: string,
  form: Record<string, string>,
  opts: { cookie?: string | null; address?: string; params?: Record<string, string> } = {},
) =>
  settle(() => action({ request: request(path, { cookie: opts.cookie ?? null, form }), params: opts.params ?? {}, context: { clientAddress: opts.address } }));

afterEach(async () => {
  delete process.env.RATE_LIMITS;
  await getDb().deleteFrom("rate_limits").execute();
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
    const send = (i: number) =>
      post(
        proposalAction,
        `/proposals/${proposal.id}`,
        { intent: "comment", stance: "for", body: `第 ${i} 条意见` },
        { cookie, address: `10.2.2.${i}`, params: { id: String(proposal.id) } },
      );
    expect((await send(1)).status).toBe(302);
    expect((await send(2)).status).toBe(302);
    const count = async () =>
      (
        await getDb()
          .selectFrom("comments")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const third = await send(3);
    expect(third.status).toBe(429);
    limitMessage(third.data);
    expect(await count()).toBe(before);
    // Another person may still comment.
    const other = await post(
      proposalAction,
      `/proposals/${proposal.id}`,
      { intent: "comment", stance: "for", body: "另一位邻居的意见" },
      { cookie: await cookieFor("buildingLead"), params: { id: String(proposal.id) } },
    );
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

describe("issue 12 · 3: every body has a cap", () => {
  /** A body of `chunks` pieces of 64 KB, counting how many were pulled. */
  function body(chunks: number) {
    const piece = new TextEncoder().encode("a".repeat(64 * 1024));
    const seen = { pulled: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (seen.pulled >= chunks) return controller.close();
        seen.pulled++;
        controller.enqueue(seen.pulled === 1 ? new TextEncoder().encode(`phone=13900000001&password=`) : piece);
      },
    });
    return { stream, seen };
  }
  const login = (stream: ReadableStream<Uint8Array>, length?: number) => {
    const headers = new Headers({ Origin: ORIGIN, Host: new URL(ORIGIN).host, "Content-Type": "application/x-www-form-urlencoded" });
    if (length !== undefined) headers.set("Content-Length", String(length));
    const req = new Request(`${ORIGIN}/login`, { method: "POST", headers, body: stream, duplex: "half" } as RequestInit);
    return settle(() => loginAction({ request: req, params: {}, context: { clientAddress: "10.9.9.9" } }));
  };

  it("refuses a form whose Content-Length is over 256 KB with 413, without reading it", async () => {
    const { stream, seen } = body(200);
    const r = await login(stream, 600 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(translate("zh-CN", r.data as "error.tooLarge")).toContain("提交的内容太大");
    expect(seen.pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading a form without Content-Length once it passes 256 KB, and answers 413", async () => {
    const { stream, seen } = body(200);
    const r = await login(stream);
    expect(r.status).toBe(413);
    expect(seen.pulled).toBeLessThan(10);
  });

  it("still reads a long form under the cap", async () => {
    const { stream } = body(3);
    const r = await login(stream);
    expect(r.status).toBe(400);
  });
});
