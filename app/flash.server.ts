// One-time messages that survive a redirect ("已通过……"), so forms work the same with JavaScript off.
import { redirect } from "@remix-run/node";
import { type Msg, isMessageKey } from "~/i18n";
import { readCookie } from "~/auth/session.server";

const FLASH_COOKIE = "flash";

export function flashCookie(msg: Msg): string {
  const value = Buffer.from(JSON.stringify(msg)).toString("base64url");
  return `${FLASH_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=/; Max-Age=60`;
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
  const clear = `${FLASH_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!isMessageKey(parsed?.key)) return { msg: null, clear };
    const vars = parsed.vars && typeof parsed.vars === "object" ? parsed.vars : undefined;
    return { msg: { key: parsed.key, vars }, clear };
  } catch {
    return { msg: null, clear };
  }
}
