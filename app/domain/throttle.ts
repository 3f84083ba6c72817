export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;
/**
 * Sign-in: failures of one number from every place that is not a device it signed in on before. Far above
 * MAX_FAILURES, so strangers at many addresses cannot lock the owner out of a new place for long, and far
 * below what guessing a password needs.
 */
export const PHONE_CEILING = 20;

export type Lock = { locked: false } | { locked: true; until: number };

/**
 * Throttling of repeated failures. `failures` are the instants (ms) of failed tries for one key since its last
 * success. `max` failures within 15 minutes lock the key for 15 minutes from the latest.
 */
export function signInLock(failures: readonly number[], now: number, max = MAX_FAILURES): Lock {
  const recent = [...failures].sort((a, b) => b - a);
  if (recent.length < max) return { locked: false };
  const latest = recent[0];
  const oldest = recent[max - 1];
  if (latest - oldest > LOCK_MS) return { locked: false };
  const until = latest + LOCK_MS;
  return now < until ? { locked: true, until } : { locked: false };
}

/** What a sign-in is judged on: the failures of the number from where it comes now, and from strangers. */
export interface SignInHistory {
  /** Failures of this number from this source: this device it signed in on before, else this address. */
  source: readonly number[];
  /** Failures of this number from every source that is not a known device (this one included when a stranger). */
  strangers: readonly number[];
  /** The try comes from a device this number's person signed in on before (a cookie only it holds). */
  knownDevice: boolean;
}

/**
 * Sign-in throttling by number AND source. Five failures from one address (or one known device) lock that
 * number there for 15 minutes, the right password included; elsewhere the owner still signs in. Past
 * PHONE_CEILING failures from strangers the number is locked everywhere but on its known devices, so spreading
 * guesses over addresses does not raise the limit.
 */
export function signInGate(h: SignInHistory, now: number): Lock & { scope?: "source" | "number" } {
  const own = signInLock(h.source, now, MAX_FAILURES);
  if (own.locked) return { ...own, scope: "source" };
  if (h.knownDevice) return { locked: false };
  const all = signInLock(h.strangers, now, PHONE_CEILING);
  return all.locked ? { ...all, scope: "number" } : all;
}

/** Minutes left, rounded up, for the message. */
export function minutesLeft(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 60000));
}
