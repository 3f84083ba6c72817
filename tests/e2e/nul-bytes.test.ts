// Issue 12 · 25: server-rendered pages carried NUL bytes between Chinese characters at 2048-byte boundaries
// ("单元\0的", "回执\0哈希"). React 18.3's renderToPipeableStream sent a whole 2048-byte view when the next
// character did not fit in its last bytes, their zeros included (app/web/html-stream.server.ts). Long Chinese pages,
// signed in as those who see them, compressed and not: no 0x00 byte, and every byte valid UTF-8.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { type TestServer, startServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { JOB_INTERVAL_MS: "3600000" } });
});

afterAll(async () => {
  await server?.stop();
});

const PAGES: [keyof typeof DEMO_ACCOUNTS | null, string | ((xingfu: number) => string)][] = [
  ["admin", "/admin/audit"],
  ["streetStaff", "/requests/1"],
  ["streetStaff", "/requests"],
  ["communityStaff", "/requests/1"],
  ["communityStaff", "/requests/2"],
  ["resident", "/votes/1/ballots"],
  ["coordinator", "/votes/1/ballots"],
  ["admin", "/votes/1/ballots"],
  ["resident", "/proposals/1"],
  ["coordinator", (xingfu) => `/compounds/${xingfu}/residents`],
  [null, "/"],
];

describe("issue 12 · 25: no NUL byte in a rendered page", () => {
  it("long Chinese pages, gzip and identity, are NUL-free valid UTF-8", async () => {
    const cookies = new Map<string, string>();
    const found: string[] = [];
    const xingfu = server.sql<{ id: number }>("select id from places where name = '幸福里小区'")[0].id;
    for (const [who, page] of PAGES) {
      const path = typeof page === "string" ? page : page(xingfu);
      if (who && !cookies.has(who)) {
        const c = await server.sessionCookie(DEMO_ACCOUNTS[who].phone);
        cookies.set(who, `${c.name}=${c.value}`);
      }
      for (const encoding of ["gzip", "identity"]) {
        const res = await fetch(`${server.url}${path}`, { headers: { "Accept-Encoding": encoding, ...(who ? { Cookie: cookies.get(who)! } : {}) } });
        expect(res.status, `${who} ${path}`).toBe(200);
        expect(res.headers.get("content-encoding"), `${who} ${path} ${encoding}`).toBe(encoding === "gzip" ? "gzip" : null);
        // fetch has unzipped a gzip body: these are the bytes of the page either way.
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(bytes.length, `${who} ${path}`).toBeGreaterThan(4096);
        const at = bytes.indexOf(0);
        if (at >= 0) {
          const around = new TextDecoder().decode(bytes.subarray(Math.max(0, at - 24), at + 24));
          found.push(`${who ?? "anonymous"} ${path} (${encoding}): NUL at byte ${at}: ${JSON.stringify(around)}`);
        }
        expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes), `${who} ${path} ${encoding}`).not.toThrow();
      }
    }
    expect(found).toEqual([]);
  });
});
