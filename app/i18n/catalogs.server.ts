// Both catalogs, for the server only: phones receive the one catalog of their language as cacheable JSON
// (/i18n/:locale), not inside the JavaScript bundle.
import { createHash } from "node:crypto";
import en from "./en";
import zhCN from "./zh-CN";

export const SERVER_CATALOGS = { "zh-CN": zhCN, en } as const;

const versions = new Map<string, string>();

/** A short hash of a catalog, so its URL changes when its text does and browsers may cache it for good. */
export function catalogVersion(locale: keyof typeof SERVER_CATALOGS): string {
  let v = versions.get(locale);
  if (!v) {
    v = createHash("sha256").update(JSON.stringify(SERVER_CATALOGS[locale])).digest("hex").slice(0, 12);
    versions.set(locale, v);
  }
  return v;
}
