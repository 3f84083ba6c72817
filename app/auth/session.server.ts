// Sessions as the Lucia guide describes them, on @oslojs: a random token in the cookie, only its SHA-256
// stored as the session id, 30 days, extended when fewer than 15 remain.
import { createHash } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { now } from "../clock.server";

export const SESSION_COOKIE = "session";
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_MS = 30 * DAY;
const RENEW_BELOW_MS = 15 * DAY;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored id of a token: its SHA-256 in hex (node's native hash: this runs on every request). */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** How often "last seen" is written: not on every request, which would make every read a write. */
export const SEEN_EVERY_MS = 5 * 60 * 1000;

export interface SessionUser {
  id: number;
  phone: string;
  name: string;
  locale: string | null;
  /** Elderly mode: true large text, false the usual, null never chosen on the account (the cookie decides). */
  largeText?: boolean | null;
}

/** A token's shape: anything else is not looked up at all. */
export function isSessionToken(token: string): boolean {
  return /^[a-z2-7]{32}$/.test(token);
}

/** The stored row of a new session (written by accounts' createSession). */
export function newSessionRow(token: string, userId: number, now: Date, userAgent: string | null = null) {
  return {
    id: sessionIdOf(token),
    user_id: userId,
    expires_at: new Date(now.getTime() + SESSION_MS).toISOString(),
    created_at: now.toISOString(),
    user_agent: userAgent ? userAgent.slice(0, 300) : null,
    last_seen_at: now.toISOString(),
  };
}

/**
 * What becomes of a stored session at `now`: null when expired (it is deleted); else its expiry, renewed when
 * fewer than 15 days remain, and whether to write it and "last seen" back (renewed, or not seen for a while).
 */
export function sessionFate(row: { expires_at: string; last_seen_at: string | null }, now: Date) {
  const expires = Date.parse(row.expires_at);
  if (now.getTime() >= expires) return null;
  const renewed = expires - now.getTime() < RENEW_BELOW_MS;
  const expiresAt = renewed ? new Date(now.getTime() + SESSION_MS).toISOString() : row.expires_at;
  const seen = row.last_seen_at === null || now.getTime() - Date.parse(row.last_seen_at) >= SEEN_EVERY_MS;
  return { expiresAt, renewed, touch: renewed || seen ? { expiresAt, seenAt: now.toISOString() } : null };
}

export function sessionCookie(token: string, expiresAt: string, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - now().getTime()) / 1000));
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function blankSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${secure ? "; Secure" : ""}`;
}

/**
 * A device's token from its first good sign-in: sign-in throttling tells the owner's own device from a stranger's
 * guesses by it (only its SHA-256 is stored, in known_devices). A year, sent to this site only.
 */
export const DEVICE_COOKIE = "device";
export function deviceCookie(token: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${365 * 24 * 60 * 60}${secure ? "; Secure" : ""}`;
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
