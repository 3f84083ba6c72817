import { DEFAULT_LOCALE, LOCALE_COOKIE, type Locale, isLocale } from "~/i18n/index";
import { readCookie } from "~/auth/session.server";
import type { Viewer } from "~/auth/guards.server";

/** The person's own choice, else the visitor's cookie, else Chinese. */
export function localeFor(request: Request, viewer: Viewer | null): Locale {
  if (viewer && isLocale(viewer.user.locale)) return viewer.user.locale;
  const fromCookie = readCookie(request.headers.get("Cookie"), LOCALE_COOKIE);
  return isLocale(fromCookie) ? fromCookie : DEFAULT_LOCALE;
}

export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; SameSite=Lax; Path=/; Max-Age=${60 * 60 * 24 * 365}`;
}
