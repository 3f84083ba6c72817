// Message lookup: zh-CN by default, English second. Times in Asia/Shanghai.
import { createContext, useContext } from "react";
import { SERVER_CATALOGS } from "./catalogs.server";
import type zhCN from "./zh-CN";

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
export type Locale = "zh-CN" | "en";
export const LOCALES: readonly Locale[] = ["zh-CN", "en"];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "lang";
export const TIME_ZONE = "Asia/Shanghai";

// On the server both catalogs are here from the start; in the browser the page's own catalog is registered
// by entry.client before it hydrates (catalogs.server is an empty module there).
const catalogs: Partial<Record<Locale, Messages>> = { ...(SERVER_CATALOGS as Partial<Record<Locale, Messages>> | undefined) };

export function registerCatalog(locale: Locale, messages: Messages) {
  catalogs[locale] = messages;
}

export type Vars = Record<string, string | number>;
/** A message to show later, in whatever locale the page is in. */
export interface Msg {
  key: MessageKey;
  vars?: Vars;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  if (typeof value !== "string") return false;
  for (const c of Object.values(catalogs)) if (c && value in c) return true;
  return false;
}

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = catalogs[locale]?.[key] ?? catalogs[DEFAULT_LOCALE]?.[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m)) : text;
}

/**
 * A page's <title> from the catalog, in the page's language: route `meta` functions receive `matches`, and the
 * root match's data (the root loader) carries the locale. Chinese when the root data is not there.
 */
export function pageTitle(
  { matches, error }: { matches: readonly { id: string; data?: unknown }[]; error?: unknown },
  key: MessageKey,
  vars?: Vars,
): { title: string }[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | null | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  // The route's own error boundary is showing (404, 403, 500): the title says so, as the root's does.
  if (error) return [{ title: `${translate(locale, "error.title")} · ${translate(locale, "app.name")}` }];
  return [{ title: translate(locale, key, vars) }];
}

// Building an Intl.DateTimeFormat costs far more than using one: a page of fifty dates built fifty of them.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      withTime
        ? { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }
        : { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" },
    );
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string, locale: Locale): string {
  return formatter(locale, true).format(new Date(iso));
}

export function formatDate(iso: string, locale: Locale): string {
  return formatter(locale, false).format(new Date(iso));
}

export const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT() {
  const locale = useLocale();
  const t = (key: MessageKey, vars?: Vars) => translate(locale, key, vars);
  t.msg = (m: Msg | null | undefined) => (m ? translate(locale, m.key, m.vars) : "");
  return t;
}
