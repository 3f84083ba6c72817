// Elderly mode (适老化, issue 17 · 5): large text, chosen by a switch on every page. Remembered on the account
// of a signed-in person and by a cookie in the browser (for visitors, and for a person whose account has no
// choice yet). Read by the root loader from what it already has: the session's user row and one cookie.
import { readCookie } from "~/auth/session.server";
import type { Viewer } from "~/auth/guards.server";

export const LARGE_TEXT_COOKIE = "large_text";
/** The form field of the switch: "large" or "normal". */
export const TEXT_SIZES = ["large", "normal"] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** The account's choice when it has one, else the browser's cookie, else the usual size. */
export function largeTextFor(request: Request, viewer: Viewer | null): boolean {
  const own = viewer?.user.largeText;
  if (own === true || own === false) return own;
  return readCookie(request.headers.get("Cookie"), LARGE_TEXT_COOKIE) === "1";
}

/** A year, readable by the page (it holds nothing secret), sent on top-level navigations from elsewhere too. */
export function largeTextCookie(on: boolean, secure: boolean): string {
  return `${LARGE_TEXT_COOKIE}=${on ? "1" : "0"}; SameSite=Lax; Path=/; Max-Age=${60 * 60 * 24 * 365}${secure ? "; Secure" : ""}`;
}
