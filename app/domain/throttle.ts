export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;

/**
 * Sign-in throttling. `failures` are the instants (ms) of failed sign-ins for one phone number since its
 * last success. Five failures within 15 minutes lock the number for 15 minutes from the fifth.
 */
export function signInLock(failures: readonly number[], now: number): { locked: false } | { locked: true; until: number } {
  const recent = [...failures].sort((a, b) => b - a);
  if (recent.length < MAX_FAILURES) return { locked: false };
  const latest = recent[0];
  const fifth = recent[MAX_FAILURES - 1];
  if (latest - fifth > LOCK_MS) return { locked: false };
  const until = latest + LOCK_MS;
  return now < until ? { locked: true, until } : { locked: false };
}

/** Minutes left, rounded up, for the message. */
export function minutesLeft(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 60000));
}
