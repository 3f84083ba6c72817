// The production server's health endpoint and its graceful stop: on SIGTERM it takes no new connection,
// finishes the request in flight, starts no job, and closes the database (SQLite then folds the WAL back and removes it).
import fs from "node:fs";
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { type TestServer, startServer } from "../support/server";

let server: TestServer | null = null;
afterAll(async () => {
  if (server && server.child.exitCode === null) await server.stop();
});

async function health(url: string): Promise<{ status: number; body: { status: string; inFlight: number } } | "refused"> {
  try {
    const res = await fetch(`${url}/health`);
    return { status: res.status, body: await res.json() };
  } catch {
    return "refused";
  }
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("graceful stop", () => {
  it("says ready, then on SIGTERM finishes the request in flight, refuses new ones and closes the database", async () => {
    // Jobs every 50 ms, logged at debug level: none may start once the server is stopping.
    server = await startServer({ env: { JOB_INTERVAL_MS: "50", LOG_LEVEL: "debug" } });
    const s = server;
    // The start-up probe's answer may still be on its way out: wait for a quiet server.
    const ready = await until(
      () => health(s.url),
      (h) => h !== "refused" && h.body.inFlight === 0,
      "a quiet server",
    );
    expect(ready).toEqual({ status: 200, body: { status: "ready", inFlight: 0 } });

    // A sign-in whose body is only half sent: the request is in flight.
    const body = new URLSearchParams({ phone: "123", password: "x" }).toString();
    const req = http.request(`${s.url}/login`, {
      method: "POST",
      headers: { Origin: s.url, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
    });
    req.write(body.slice(0, 5));
    await until(
      () => health(s.url),
      (h) => h !== "refused" && h.body.inFlight === 1,
      "the request to be in flight",
    );

    const stopped = s.stop(); // SIGTERM, then waits for the process to exit
    await until(
      () => health(s.url),
      (h) => h === "refused",
      "the server to stop listening",
    );
    expect(s.child.exitCode).toBeNull(); // still finishing the sign-in

    req.end(body.slice(5));
    const res = await answered;
    expect(res.status).toBe(400); // the action ran to its end: the phone number is refused
    expect(res.text).toContain("手机号");

    await stopped;
    expect(s.child.exitCode).toBe(0);
    expect(s.output()).toContain("SIGTERM: stopping, 1 request(s) in flight");
    expect(s.output()).toContain("stopped: database closed");
    expect(fs.existsSync(`${s.dbFile}-wal`)).toBe(false);
    const lines = s.output().split("\n");
    const stopping = lines.findIndex((l) => l.includes("SIGTERM: stopping"));
    expect(lines.slice(0, stopping).some((l) => l.includes("scheduled jobs start"))).toBe(true);
    expect(lines.slice(stopping).some((l) => l.includes("scheduled jobs start"))).toBe(false);
  });
});
