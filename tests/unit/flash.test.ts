import { afterEach, describe, expect, it, vi } from "vitest";
import { flashCookie, readFlash } from "~/web/flash.server";

const withCookie = (setCookie: string) => new Request("http://localhost:3000/", { headers: { Cookie: setCookie.split(";")[0] } });

describe("issue 12 · 7: the flash cookie is signed, and Secure in production", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("reads back a message it wrote", () => {
    const c = flashCookie({ key: "sessions.signedOutEverywhere" });
    expect(c).toMatch(/^flash=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=60$/);
    expect(readFlash(withCookie(c)).msg).toEqual({ key: "sessions.signedOutEverywhere", vars: undefined });
  });

  it.each([
    ["unsigned, as before", `flash=${Buffer.from(JSON.stringify({ key: "error.forbidden" })).toString("base64url")}`],
    [
      "another message under a real signature",
      (() => {
        const [, sig] = flashCookie({ key: "sessions.signedOutEverywhere" }).split(";")[0].split(".");
        return `flash=${Buffer.from(JSON.stringify({ key: "error.forbidden" })).toString("base64url")}.${sig}`;
      })(),
    ],
    ["a signature cut short", flashCookie({ key: "error.forbidden" }).split(";")[0].slice(0, -3)],
  ])("ignores a cookie %s, and clears it", (_name, cookie) => {
    const r = readFlash(new Request("http://localhost:3000/", { headers: { Cookie: cookie } }));
    expect(r.msg).toBeNull();
    expect(r.clear).toMatch(/^flash=; .*Max-Age=0/);
  });

  it("is Secure in production, as the session cookie is", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("APP_ORIGIN", "https://gongzhi.example.cn");
    vi.stubEnv("COOKIE_SECRET", "a-secret-of-at-least-thirty-two-characters");
    vi.resetModules();
    delete globalThis.__gongzhiCookieSecret;
    const fresh = await import("~/web/flash.server");
    const c = fresh.flashCookie({ key: "error.forbidden" });
    expect(c).toMatch(/; Secure$/);
    expect(fresh.readFlash(withCookie(c)).clear).toMatch(/; Secure$/);
    const { sessionCookie } = await import("~/auth/session.server");
    const { secureCookies } = await import("~/env.server");
    expect(sessionCookie("t", "2026-12-31T00:00:00.000Z", secureCookies())).toMatch(/; Secure$/);
    delete globalThis.__gongzhiCookieSecret;
  });
});
