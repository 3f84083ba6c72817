// Acting on behalf (代办): the pure rules of a session acting for a resident and of the consent that starts it.
// Who may and which acts: app/domain/permissions.ts (canActOnBehalf, onBehalfAllows).
import { ON_BEHALF_MINUTES } from "./permissions";

const MINUTE = 60 * 1000;
/** A consent code lives 10 minutes and allows 5 tries. */
export const CODE_MINUTES = 10;
export const CODE_TRIES = 5;
export const FORM_NUMBER_MAX = 40;
/** A helper sends at most 5 codes in 10 minutes: a code is a message on someone's phone. */
export const CODES_PER_WINDOW = 5;

/** Since when a helper's codes count against CODES_PER_WINDOW. */
export function codeWindowStart(now: Date): string {
  return new Date(now.getTime() - CODE_MINUTES * MINUTE).toISOString();
}

export interface OnBehalf {
  helperId: number;
  helperName: string;
  /** When acting for the resident ends (ISO instant). */
  until: string;
}

/** Whether a session's on-behalf columns say it acts for someone at `now`. */
export function behalfActive(of: number | null, until: string | null, now: Date): boolean {
  return of !== null && until !== null && now.getTime() < Date.parse(until);
}

export function behalfUntil(now: Date): string {
  return new Date(now.getTime() + ON_BEHALF_MINUTES * MINUTE).toISOString();
}

/** Whole minutes left, rounded up (29 minutes 10 seconds shows 30), never below 0. */
export function behalfMinutesLeft(until: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(until) - now.getTime()) / MINUTE));
}

export function codeExpiry(now: Date): string {
  return new Date(now.getTime() + CODE_MINUTES * MINUTE).toISOString();
}

export type CodeCheck = "ok" | "used" | "expired" | "tooManyTries" | "wrong";

/** What a typed code does to a consent: ok, or why not (a wrong code uses one try). */
export function checkConsentCode(consent: { expires_at: string; tries: number; used_at: string | null }, matches: boolean, now: Date): CodeCheck {
  if (consent.used_at !== null) return "used";
  if (now.getTime() >= Date.parse(consent.expires_at)) return "expired";
  if (consent.tries >= CODE_TRIES) return "tooManyTries";
  return matches ? "ok" : "wrong";
}

/** A paper consent form's number: printed text, trimmed, 1 to 40 characters, no control characters. */
export function formNumberOk(n: string): boolean {
  const s = n.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  return s.length > 0 && s.length <= FORM_NUMBER_MAX && !/[\u0000-\u001f\u007f]/.test(s);
}

/** A 6-digit code from 6 random digits (uniform: rejection of bytes ≥ 250). */
export function sixDigits(random: (n: number) => Uint8Array): string {
  let out = "";
  while (out.length < 6) {
    for (const b of random(8)) {
      if (b < 250 && out.length < 6) out += String(b % 10);
    }
  }
  return out;
}
