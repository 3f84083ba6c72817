// State every app server shares (migration 2026-12-03T08): abuse-limit counts, cache generations, settings.

/** Tries of one abuse-limit key within one fixed window. */
export interface RateLimitTable {
  /** "comment:user:7", "register:ip:10.0.0.1". */
  key: string;
  /** The instant the window starts (a multiple of the window's length). */
  window_start: string;
  n: number;
}

/** A counter per cache ("requests", "rules"), bumped in the transaction of every change the cache depends on. */
export interface GenerationTable {
  name: string;
  n: number;
}

/** A value the first process makes and every process reads ("cookie_secret"). */
export interface SettingTable {
  name: string;
  value: string;
}
