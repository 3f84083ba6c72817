// Acting on behalf (代办): start with the resident's consent (a code sent to their phone, or a paper form's
// number), end. Each start and end is on the audit log as the resident's, done by the helper.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { getDb, transaction } from "~/db.server";
import { type Actor, canActOnBehalf } from "~/domain/permissions";
import {
  CODES_PER_WINDOW,
  CODE_MINUTES,
  CODE_TRIES,
  behalfUntil,
  codeWindowStart,
  checkConsentCode,
  codeExpiry,
  formNumberOk,
  sixDigits,
} from "~/domain/on-behalf";
import type { OnBehalf } from "~/domain/on-behalf";
import { normalizePhone } from "~/domain/phone";
import { appendAudit } from "~/features/audit/queries.server";
import { fail } from "~/features/errors";
import { sendConsentCode } from "./consent-channel.server";
import {
  actingElsewhere,
  codesSentSince,
  consentById,
  countTry,
  dropConsent,
  formNumberTaken,
  insertConsent,
  residentById,
  residentByPhone,
  setSessionBehalf,
  useConsent,
} from "./queries.server";
import type { DB } from "~/db.server";

export interface Helper {
  user: { id: number };
  sessionId: string;
  actor: Actor;
  onBehalf: OnBehalf | null;
}

function hashCode(code: string, salt: string): string {
  return `${salt}$${createHash("sha256").update(`${salt}:${code}`, "utf8").digest("hex")}`;
}

function codeMatches(stored: string, code: string): boolean {
  const salt = stored.split("$")[0] ?? "";
  const a = Buffer.from(hashCode(code, salt));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The resident of a phone this helper may act for, or the refusal (nothing written). */
async function residentFor(db: DB, helper: Helper, who: { phone: string } | { id: number }) {
  if (helper.onBehalf) fail(409, "behalf.error.already");
  const resident = "phone" in who ? await residentByPhone(db, normalizePhone(who.phone)) : await residentById(db, who.id);
  if (!resident) fail(400, "behalf.error.noResident", undefined, "phone");
  if (resident.residencies.length === 0) fail(400, "behalf.error.notVerified", undefined, "phone");
  if (!canActOnBehalf(helper.actor, resident.id, resident.residencies)) fail(403, "behalf.error.notYours", undefined, "phone");
  return resident;
}

async function begin(db: DB, helper: Helper, residentId: number, method: "code" | "paper", at: Date) {
  const iso = at.toISOString();
  if (await actingElsewhere(db, residentId, helper.sessionId, iso)) fail(409, "behalf.error.elsewhere");
  const until = behalfUntil(at);
  await setSessionBehalf(db, helper.sessionId, residentId, until);
  await appendAudit(db, {
    actorId: residentId,
    actedBy: helper.user.id,
    action: "behalf.start",
    entityType: "user",
    entityId: residentId,
    data: { method },
    at: iso,
  });
  return until;
}

/** (a) Sends a 6-digit code to the resident's phone; returns the consent to confirm it on. */
export async function sendCode(helper: Helper, phone: string, at: Date): Promise<{ consentId: number }> {
  const code = sixDigits((n) => randomBytes(n));
  const { consentId, residentPhone } = await transaction(async (trx) => {
    const resident = await residentFor(trx, helper, { phone });
    if ((await codesSentSince(trx, helper.user.id, codeWindowStart(at))) >= CODES_PER_WINDOW) fail(429, "behalf.error.tooManyCodes", { minutes: CODE_MINUTES });
    const id = await insertConsent(trx, {
      helperId: helper.user.id,
      residentId: resident.id,
      method: "code",
      codeHash: hashCode(code, randomBytes(8).toString("hex")),
      formNumber: null,
      expiresAt: codeExpiry(at),
      usedAt: null,
      at: at.toISOString(),
    });
    return { consentId: id, residentPhone: resident.phone };
  });
  try {
    await sendConsentCode(residentPhone, code, consentId);
  } catch (error) {
    await dropConsent(getDb(), consentId);
    throw error;
  }
  return { consentId };
}

/** Confirms the code the resident read out and starts acting for them. A wrong code uses one of 5 tries. */
export async function confirmCode(helper: Helper, consentId: number, code: string, at: Date): Promise<{ until: string; name: string }> {
  const outcome = await transaction(async (trx): Promise<{ wrong: true; left: number } | { wrong: false; until: string; name: string }> => {
    const consent = await consentById(trx, consentId);
    if (!consent || consent.helper_id !== helper.user.id || consent.method !== "code" || !consent.code_hash) fail(404, "error.notFound");
    const check = checkConsentCode(consent, /^\d{6}$/.test(code) && codeMatches(consent.code_hash, code), at);
    if (check === "wrong") return { wrong: true as const, left: CODE_TRIES - consent.tries - 1 };
    if (check !== "ok") fail(400, `behalf.error.${check}`, undefined, "code");
    const resident = await residentFor(trx, helper, { id: consent.resident_id });
    if (!(await useConsent(trx, consent.id, at.toISOString()))) fail(400, "behalf.error.used", undefined, "code");
    return { wrong: false, until: await begin(trx, helper, consent.resident_id, "code", at), name: resident.name };
  });
  if (outcome.wrong) {
    // The try is counted (and only that is written): limited tries are the point.
    await transaction((trx) => countTry(trx, consentId));
    fail(400, "behalf.error.wrong", { left: Math.max(0, outcome.left) }, "code");
  }
  return { until: outcome.until, name: outcome.name };
}

/** (b) Records a paper consent form's number (unique per resident) and starts acting for them. */
export async function startWithPaper(helper: Helper, phone: string, formNumber: string, at: Date): Promise<{ until: string; name: string }> {
  const number = formNumber.trim();
  if (!formNumberOk(number)) fail(400, "behalf.error.formNumber", undefined, "formNumber");
  return transaction(async (trx) => {
    const resident = await residentFor(trx, helper, { phone });
    if (await formNumberTaken(trx, resident.id, number)) fail(409, "behalf.error.formUsed", undefined, "formNumber");
    await insertConsent(trx, {
      helperId: helper.user.id,
      residentId: resident.id,
      method: "paper",
      codeHash: null,
      formNumber: number,
      expiresAt: at.toISOString(),
      usedAt: at.toISOString(),
      at: at.toISOString(),
    });
    return { until: await begin(trx, helper, resident.id, "paper", at), name: resident.name };
  });
}

/**
 * Ends acting for the resident. False when the session acts for no one (the 30 minutes ran out while the page
 * with the banner stayed open, say): nothing to end, nothing written.
 */
export async function endBehalf(viewer: { sessionId: string; user: { id: number }; onBehalf: OnBehalf | null }, at: Date): Promise<boolean> {
  const on = viewer.onBehalf;
  if (!on) return false;
  await transaction(async (trx) => {
    await setSessionBehalf(trx, viewer.sessionId, null, null);
    await appendAudit(trx, {
      actorId: viewer.user.id,
      actedBy: on.helperId,
      action: "behalf.end",
      entityType: "user",
      entityId: viewer.user.id,
      at: at.toISOString(),
    });
  });
  return true;
}
