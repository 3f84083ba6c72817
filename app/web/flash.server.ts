// One-time messages that survive a redirect ("已通过……"), so forms work the same with JavaScript off. The
// cookie is signed (HMAC-SHA-256 with the cookie secret): a message the server did not write is not shown.
import { createHmac, timingSafeEqual } from "node:crypto";
import { redirect } from "@remix-run/node";
import { type Msg, isMessageKey } from "~/i18n/index";
import { readCookie } from "~/auth/session.server";
import { cookieSecret, secureCookies } from "~/env.server";

const FLASH_COOKIE = "flash";

function sign(payload: string): string {
  return createHmac("sha256", cookieSecret()).update(`${FLASH_COOKIE}.${payload}`).digest("base64url");
}

function attributes(maxAge: number): string {
  return `HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAge}${secureCookies() ? "; Secure" : ""}`;
}

export function flashCookie(msg: Msg): string {
  const payload = Buffer.from(JSON.stringify(msg)).toString("base64url");
  return `${FLASH_COOKIE}=${payload}.${sign(payload)}; ${attributes(60)}`;
}

export function redirectWithFlash(to: string, msg: Msg, extraCookies: string[] = []) {
  const headers = new Headers();
  headers.append("Set-Cookie", flashCookie(msg));
  for (const c of extraCookies) headers.append("Set-Cookie", c);
  return redirect(to, { headers });
}

export function readFlash(request: Request): { msg: Msg | null; clear: string | null } {
  const raw = readCookie(request.headers.get("Cookie"), FLASH_COOKIE);
  if (!raw) return { msg: null, clear: null };
  const clear = `${FLASH_COOKIE}=; ${attributes(0)}`;
  const dot = raw.lastIndexOf(".");
  if (dot < 0) return { msg: null, clear };
  const payload = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1));
  const expected = Buffer.from(sign(payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { msg: null, clear };
  try {
    const parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (!isMessageKey(parsed?.key)) return { msg: null, clear };
    const vars = parsed.vars && typeof parsed.vars === "object" ? parsed.vars : undefined;
    return { msg: { key: parsed.key, vars }, clear };
  } catch {
    return { msg: null, clear };
  }
}
