// Issue 18 on the production server: every text answer is sent whole and compressed once (brotli or gzip, as
// asked), and what is made once per build for speed (routes, route modules, matches) never carries one person's
// page to another, however their requests interleave.
import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { type TestServer, startServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const decode = (body: Buffer, encoding: string | null) =>
  encoding === "br" ? zlib.brotliDecompressSync(body) : encoding === "gzip" ? zlib.gunzipSync(body) : body;
/** The page without its per-response nonce (and the request id the page does not carry). */
const stable = (html: string) => html.replace(/nonce="[^"]+"/g, 'nonce=""');

/** The answer's bytes as sent (fetch would decompress them itself), and its text decoded. */
function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; raw: Buffer; text: string }>((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = (res.headers["content-encoding"] as string | undefined) ?? null;
        resolve({ status: res.statusCode!, headers: res.headers, raw, text: decode(raw, encoding).toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("answers sent whole, compressed once", () => {
  it("sends a page by brotli, gzip or as it is, the same page each way, with its length", async () => {
    const plain = await get("/", {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const [accept, encoding] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip;q=0.5", "gzip"],
      ["identity", null],
    ] as const) {
      const r = await get("/", { "accept-encoding": accept });
      expect(r.status).toBe(200);
      expect(r.headers["content-encoding"] ?? null).toBe(encoding);
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(r.headers["content-length"])).toBe(r.raw.length);
      expect(stable(r.text)).toBe(stable(plain.text));
      if (encoding) expect(r.raw.length).toBeLessThan(plain.raw.length / 2);
    }
  });

  it("compresses a page's data for a client-side navigation, and nothing for a HEAD", async () => {
    const cookie = await server.sessionCookie(DEMO_ACCOUNTS.resident.phone);
    const data = await get("/notifications.data", { "accept-encoding": "br", cookie: `${cookie.name}=${cookie.value}` });
    expect(data.status).toBe(200);
    expect(data.headers["content-encoding"]).toBe("br");
    expect(data.text).toContain(DEMO_ACCOUNTS.resident.name);
    const head = await get("/", { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.raw.length).toBe(0);
  });
});

describe("nothing made once per build carries one person's page to another", () => {
  it("gives each of four people, asking at once and interleaved, only their own page", async () => {
    const people = ["resident", "coordinator", "streetStaff", "tenant"] as const;
    const cookies = await Promise.all(people.map((p) => server.sessionCookie(DEMO_ACCOUNTS[p].phone)));
    const asks = Array.from({ length: 48 }, (_, i) => i % people.length);
    const pages = await Promise.all(
      asks.map((who, i) =>
        get(i % 3 === 0 ? "/account.data" : "/account", {
          "accept-encoding": i % 2 ? "br" : "gzip",
          cookie: `${cookies[who].name}=${cookies[who].value}`,
        }),
      ),
    );
    for (const [i, page] of pages.entries()) {
      const who = people[asks[i]];
      expect(page.status, `${who} #${i}`).toBe(200);
      expect(page.text, `${who} #${i}`).toContain(DEMO_ACCOUNTS[who].name);
      for (const other of people) if (other !== who) expect(page.text, `${who} #${i} shows ${other}`).not.toContain(DEMO_ACCOUNTS[other].name);
    }
  });
});

describe("requests wait their turn", () => {
  it("serves every request through one slot, and a client gone while waiting frees nothing twice", async () => {
    const own = await startServer({ env: { REQUEST_CONCURRENCY: "1" } });
    try {
      const ok = () => fetch(`${own.url}/`).then((r) => r.status);
      // Clients that give up while their request waits: the slot stays usable.
      const gone = Array.from({ length: 5 }, () => {
        const c = new AbortController();
        const p = fetch(`${own.url}/`, { signal: c.signal }).catch(() => "aborted");
        setTimeout(() => c.abort(), 5);
        return p;
      });
      const statuses = await Promise.all([...Array.from({ length: 20 }, ok), ...gone]);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
      expect(await Promise.all(Array.from({ length: 5 }, ok))).toEqual(Array(5).fill(200));
      const health = (await (await fetch(`${own.url}/health`)).json()) as { inFlight: number };
      expect(health.inFlight).toBe(0);
    } finally {
      await own.stop();
    }
  });
});
