// Issue 14 · 5 and 7: two app servers on one database behave as one — PostgreSQL under `npm run test:pg`, one
// SQLite file otherwise. An abuse limit is counted across both; a message (flash) set by one is read by the other;
// and when both wake at the same moment, an overdue request is escalated once, by whichever claims it first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, startServer } from "../support/server";

let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  const env = { TEST_CLOCK: "1", JOB_INTERVAL_MS: "3600000", RATE_LIMITS: "register.ip=4" };
  a = await startServer({ env });
  b = await startServer({ dbFile: a.dbFile, env });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const form = (server: TestServer, path: string, body: Record<string, string>, cookie = "") =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(body).toString(),
    redirect: "manual",
  });

/** The cookies a response sets, as a Cookie header (name=value; …). */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

describe("two app servers on one database", () => {
  it("count one abuse limit together and read each other's messages", async () => {
    const statuses: number[] = [];
    const cookies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const server = i % 2 === 0 ? a : b;
      const res = await form(server, "/register", { phone: `1770000010${i}`, name: `双机${i}`, password: "abcdefgh" });
      statuses.push(res.status);
      cookies.push(cookiesOf(res));
    }
    // Four registrations a minute from one address, wherever they land; the fifth is refused.
    expect(statuses).toEqual([302, 302, 302, 302, 429]);
    expect(b.sql<{ n: number }>("select count(*) as n from users where phone like '17700000%'")[0].n).toBe(4);

    // Signed in on A, the person closes the account on B; the message it leaves is shown by A.
    const session = cookies[0];
    const closed = await form(b, "/account/close", { password: "abcdefgh", confirm: "yes" }, session);
    expect(closed.status).toBe(302);
    const page = await fetch(`${a.url}/`, { headers: { Cookie: cookiesOf(closed) } });
    expect(await page.text()).toContain("你的账户已注销。");
  });

  it("escalate an overdue request once when both wake at the same moment", async () => {
    const [request] = a.sql<{ id: number; level: string }>("select id, level from requests where state = 'received' order by id");
    const moves = () => a.sql<{ n: number }>("select count(*) as n from request_moves where request_id = ? and action = 'auto_escalate'", request.id)[0].n;
    expect(moves()).toBe(0);
    // Both servers' clocks move a month on and run their jobs at once.
    const tick = (s: TestServer) => form(s, "/test/clock", { ms: String(30 * 86_400_000) }).then((r) => r.json() as Promise<{ escalated: number[] }>);
    const [fromA, fromB] = await Promise.all([tick(a), tick(b)]);
    expect(moves()).toBe(1);
    expect([...fromA.escalated, ...fromB.escalated].filter((id) => id === request.id)).toEqual([request.id]);
    expect(a.sql<{ level: string }>("select level from requests where id = ?", request.id)[0].level).not.toBe(request.level);
  });
});
