// The server's idea of now. Tests move it; they never sleep.
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function moveClock(ms: number) {
  offsetMs += ms;
}

export function resetClock() {
  offsetMs = 0;
}
