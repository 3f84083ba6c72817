// Acting on behalf (代办): consents, the session's on-behalf columns and the resident's record of acts.
import type { DB } from "~/db.server";

/** A person by phone, with their verified residencies (and the paths of compound and building). */
export async function residentByPhone(db: DB, phone: string) {
  const user = await db.selectFrom("users").select(["id", "name", "phone"]).where("phone", "=", phone).executeTakeFirst();
  if (!user) return null;
  return { ...user, residencies: await residenciesOf(db, user.id) };
}

export async function residentById(db: DB, id: number) {
  const user = await db.selectFrom("users").select(["id", "name", "phone"]).where("id", "=", id).executeTakeFirst();
  if (!user) return null;
  return { ...user, residencies: await residenciesOf(db, user.id) };
}

function residenciesOf(db: DB, userId: number) {
  return db
    .selectFrom("residencies as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .innerJoin("dwellings as d", "d.id", "r.dwelling_id")
    .innerJoin("places as b", "b.id", "d.building_id")
    .select(["c.path as compoundPath", "b.path as buildingPath"])
    .where("r.user_id", "=", userId)
    .where("r.status", "=", "verified")
    .execute();
}

export async function insertConsent(
  db: DB,
  c: {
    helperId: number;
    residentId: number;
    method: "code" | "paper";
    codeHash: string | null;
    formNumber: string | null;
    expiresAt: string;
    usedAt: string | null;
    at: string;
  },
) {
  const row = await db
    .insertInto("behalf_consents")
    .values({
      helper_id: c.helperId,
      resident_id: c.residentId,
      method: c.method,
      code_hash: c.codeHash,
      form_number: c.formNumber,
      expires_at: c.expiresAt,
      used_at: c.usedAt,
      created_at: c.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** How many codes a helper sent since an instant. */
export async function codesSentSince(db: DB, helperId: number, since: string) {
  const row = await db
    .selectFrom("behalf_consents")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("helper_id", "=", helperId)
    .where("method", "=", "code")
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function consentById(db: DB, id: number) {
  return db.selectFrom("behalf_consents").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function formNumberTaken(db: DB, residentId: number, formNumber: string) {
  const row = await db
    .selectFrom("behalf_consents")
    .select("id")
    .where("resident_id", "=", residentId)
    .where("form_number", "=", formNumber)
    .executeTakeFirst();
  return !!row;
}

export async function countTry(db: DB, id: number) {
  await db
    .updateTable("behalf_consents")
    .set((eb) => ({ tries: eb("tries", "+", 1) }))
    .where("id", "=", id)
    .execute();
}

/** A consent whose code never reached the resident (the SMS provider refused it): as if never asked for. */
export async function dropConsent(db: DB, id: number) {
  await db.deleteFrom("behalf_consents").where("id", "=", id).where("used_at", "is", null).execute();
}

export async function useConsent(db: DB, id: number, at: string) {
  const r = await db.updateTable("behalf_consents").set({ used_at: at }).where("id", "=", id).where("used_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Another live session already acting for this resident. */
export async function actingElsewhere(db: DB, residentId: number, sessionId: string, at: string) {
  const row = await db
    .selectFrom("sessions")
    .select("id")
    .where("on_behalf_of", "=", residentId)
    .where("on_behalf_until", ">", at)
    .where("id", "!=", sessionId)
    .executeTakeFirst();
  return !!row;
}

export async function sessionBehalf(db: DB, sessionId: string) {
  return db.selectFrom("sessions").select(["on_behalf_of", "on_behalf_until"]).where("id", "=", sessionId).executeTakeFirst();
}

export async function setSessionBehalf(db: DB, sessionId: string, residentId: number | null, until: string | null) {
  await db.updateTable("sessions").set({ on_behalf_of: residentId, on_behalf_until: until }).where("id", "=", sessionId).execute();
}

export async function writeNotice(db: DB, n: { userId: number; actorId: number | null; data: Record<string, unknown>; at: string }) {
  await db
    .insertInto("notifications")
    .values({ user_id: n.userId, kind: "request", proposal_id: null, comment_id: null, actor_id: n.actorId, data: JSON.stringify(n.data), created_at: n.at })
    .execute();
}

/** What was done for a person by someone else, newest first: acts (acted_by) and the sessions' starts and ends. */
export function actsForResident(db: DB, userId: number, limit = 100) {
  return db
    .selectFrom("audit_log as a")
    .innerJoin("users as h", "h.id", "a.acted_by")
    .select(["a.id", "a.at", "a.action", "a.entity_type", "a.entity_id", "h.name as helper"])
    .where("a.actor_id", "=", userId)
    .where("a.acted_by", "is not", null)
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
}

export function userIdByPhone(db: DB, phone: string) {
  return db.selectFrom("users").select("id").where("phone", "=", phone).executeTakeFirst();
}
