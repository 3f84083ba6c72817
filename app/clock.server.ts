// The server's idea of now: one clock for the app, the seed, the scheduled jobs and the tests.
// CLOCK_START (an ISO-8601 instant) starts it at that instant instead of the machine's time; it then runs.
// The test suite pins it (vitest.config.ts), so no test depends on the day it runs; tests move it, they never
// sleep.
let offsetMs = startOffset();

function startOffset(): number {
  const start = process.env.CLOCK_START;
  if (!start) return 0;
  const at = Date.parse(start);
  if (!/^\d{4}-\d\d-\d\dT/.test(start) || Number.isNaN(at))
    throw new Error(`CLOCK_START: expected an ISO-8601 instant such as 2026-11-18T02:00:00Z, got "${start}"`);
  return at - Date.now();
}

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function moveClock(ms: number) {
  offsetMs += ms;
}

/** Back to where the clock started (CLOCK_START, or the machine's time), plus the time that has run since. */
export function resetClock() {
  offsetMs = startOffset();
}
