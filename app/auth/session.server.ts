// Sessions as the Lucia guide describes them, on @oslojs: a random token in the cookie, only its SHA-256
// stored as the session id, 30 days, extended when fewer than 15 remain.
import { createHash } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Kysely } from "kysely";
import type { Database, User } from "../../db/schema";
import { type Held, onConnection, prepared } from "../../db/prepared";
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

export async function createSession(db: Kysely<Database>, token: string, userId: number, now: Date, userAgent: string | null = null) {
  const session = {
    id: sessionIdOf(token),
    user_id: userId,
    expires_at: new Date(now.getTime() + SESSION_MS).toISOString(),
    created_at: now.toISOString(),
    user_agent: userAgent ? userAgent.slice(0, 300) : null,
    last_seen_at: now.toISOString(),
  };
  await db.insertInto("sessions").values(session).execute();
  return session;
}

export type SessionUser = Pick<User, "id" | "phone" | "name" | "locale">;

export interface ValidSession {
  sessionId: string;
  expiresAt: string;
  /** True when the expiry moved: the cookie must be set again. */
  renewed: boolean;
  user: SessionUser;
}

const sessionById = prepared((db, id: string) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.id", "sessions.expires_at", "sessions.last_seen_at", "users.id as user_id", "users.phone", "users.name", "users.locale"])
    .where("sessions.id", "=", id),
);
const deleteSession = prepared((db, id: string) => db.deleteFrom("sessions").where("id", "=", id));
const touchSession = prepared((db, id: string, expiresAt: string, seenAt: string) => db.updateTable("sessions").set({ expires_at: expiresAt, last_seen_at: seenAt }).where("id", "=", id));

export function validateSessionToken(db: Kysely<Database>, token: string, now: Date): Promise<ValidSession | null> {
  return onConnection(db, (h) => sessionOf(h, token, now));
}

/** The session of a token, renewed or marked seen when due; null when unknown or expired (and then deleted). */
export function sessionOf(h: Held, token: string, now: Date): ValidSession | null {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdOf(token);
  const row = sessionById.get(h, id);
  if (!row) return null;
  const expires = Date.parse(row.expires_at);
  if (now.getTime() >= expires) {
    deleteSession.run(h, id);
    return null;
  }
  let expiresAt = row.expires_at;
  let renewed = false;
  const seen = row.last_seen_at === null || now.getTime() - Date.parse(row.last_seen_at) >= SEEN_EVERY_MS;
  if (expires - now.getTime() < RENEW_BELOW_MS) {
    expiresAt = new Date(now.getTime() + SESSION_MS).toISOString();
    renewed = true;
  }
  if (renewed || seen) touchSession.run(h, id, expiresAt, now.toISOString());
  return {
    sessionId: id,
    expiresAt,
    renewed,
    user: { id: row.user_id, phone: row.phone, name: row.name, locale: row.locale },
  };
}

export async function invalidateSession(db: Kysely<Database>, sessionId: string) {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** A person's live sessions, the most recently used first. */
export async function listSessions(db: Kysely<Database>, userId: number, now: Date) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "user_agent"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now.toISOString())
    .orderBy("last_seen_at", "desc")
    .orderBy("created_at", "desc")
    .execute();
}

/** Ends every session of a person, but the one given (after a password change, say). */
export async function invalidateOtherSessions(db: Kysely<Database>, userId: number, keepSessionId: string | null) {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId) q = q.where("id", "!=", keepSessionId);
  await q.execute();
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
