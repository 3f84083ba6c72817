// The production server's front door (app/server.mjs), spoken to over raw HTTP: bodies over their cap, and a
// proxy that rewrites Host.
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/tools/demo-data";
import { type TestServer, startServer } from "../support/server";

interface Answer {
  status: number;
  body: string;
  /** Body bytes written before the answer's head arrived. */
  sentBeforeAnswer: number;
}

/**
 * POSTs to `path`: with `length`, declares it and sends nothing until answered; without, sends chunked 64 KB
 * pieces of a form until answered (or `limit` bytes, then ends the body).
 */
function post(url: string, path: string, opts: { headers?: Record<string, string>; length?: number; body?: string; limit?: number }): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Origin: url, ...opts.headers };
    if (opts.length !== undefined) headers["Content-Length"] = String(opts.length);
    else if (opts.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(opts.body));
    const req = http.request({ host: u.hostname, port: u.port, path, method: "POST", headers, agent: false }, (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sentBeforeAnswer }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body, sentBeforeAnswer }));
    });
    // The server may close the connection while the rest of the body is still on its way: that is the point.
    req.on("error", (e) => (answered ? undefined : reject(e)));
    if (opts.body !== undefined) {
      req.end(opts.body);
      return;
    }
    if (opts.length !== undefined) {
      req.flushHeaders();
      return;
    }
    const piece = Buffer.alloc(64 * 1024, "a");
    req.write(`phone=${DEMO_ACCOUNTS.tenant.phone}&password=`);
    const pump = () => {
      while (!answered && sent < (opts.limit ?? Infinity)) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

function rssMb(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.replace(/\D+/g, "")) / 1024;
}

describe("issue 12 · 3: every request body has a cap", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { RATE_LIMITS: "off" } });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop();
  });

  it("answers 413 in Chinese to a 600 MB form before a byte of it is sent", async () => {
    const r = await post(server.url, "/login", { length: 600 * 1024 * 1024 });
    expect(r.status).toBe(413);
    expect(r.body).toContain("提交的内容太大");
  });

  it("stops a chunked form (no Content-Length) past 256 KB with 413, and the server's memory does not grow", async () => {
    const before = rssMb(server.child.pid!);
    const r = await post(server.url, "/login", { limit: 64 * 1024 * 1024 });
    expect(r.status).toBe(413);
    expect(r.body).toContain("提交的内容太大");
    // Answered long before the 64 MB were sent (what is in flight in the sockets' buffers aside).
    expect(r.sentBeforeAnswer).toBeLessThan(16 * 1024 * 1024);
    expect(rssMb(server.child.pid!) - before).toBeLessThan(40);
  });

  it("still signs in with a normal form afterwards", async () => {
    const r = await post(server.url, "/login", { body: `phone=${DEMO_ACCOUNTS.resident.phone}&password=${DEMO_PASSWORD}` });
    expect(r.status).toBe(302);
  });

  it("caps a multipart body at the largest upload (the completion form's), and lets a small one through", async () => {
    const r = await post(server.url, "/login", { length: 40 * 1024 * 1024, headers: { "Content-Type": "multipart/form-data; boundary=x" } });
    expect(r.status).toBe(413);
    const small = await post(server.url, "/login", { body: "--x--\r\n", headers: { "Content-Type": "multipart/form-data; boundary=x" } });
    expect(small.status).not.toBe(413);
    expect(small.status).toBeLessThan(500);
  });
});

describe("issue 12 · 4: a proxy that rewrites Host while APP_ORIGIN is set", () => {
  const PUBLIC = "https://gongzhi.example.cn";
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { APP_ORIGIN: PUBLIC, RATE_LIMITS: "off" } });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop();
  });
  const form = `phone=${DEMO_ACCOUNTS.resident.phone}&password=${DEMO_PASSWORD}`;

  it("gets a 403 page that says why, not Remix's bare 500", async () => {
    // The browser's Origin is the public one; the proxy passed Host: localhost:port and no X-Forwarded-Host.
    const r = await post(server.url, "/login", { body: form, headers: { Origin: PUBLIC } });
    expect(r.status).toBe(403);
    expect(r.body).toContain("反向代理");
    expect(r.body).toContain("proxy_set_header Host $host");
    expect(server.output()).toContain("the proxy must pass Host");
  });

  it("works when the proxy passes X-Forwarded-Host or the original Host", async () => {
    const forwarded = await post(server.url, "/login", { body: form, headers: { Origin: PUBLIC, "X-Forwarded-Host": "gongzhi.example.cn" } });
    expect(forwarded.status).toBe(302);
    const host = await post(server.url, "/login", { body: form, headers: { Origin: PUBLIC, Host: "gongzhi.example.cn" } });
    expect(host.status).toBe(302);
  });

  it("still refuses another origin as cross-origin", async () => {
    const r = await post(server.url, "/login", { body: form, headers: { Origin: "https://evil.example.com", "X-Forwarded-Host": "evil.example.com" } });
    expect(r.status).toBe(403);
    expect(r.body).toContain("请求来源不受信任");
  });
});
