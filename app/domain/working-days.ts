// Deadlines in working days (Monday to Friday), with public holidays and make-up working days (调休),
// counted in Asia/Shanghai. Pure: the calendar and the start are passed in.

export interface WorkCalendar {
  /** Dates (YYYY-MM-DD, Beijing) that are days off although they fall on a weekday. */
  holidays: ReadonlySet<string>;
  /** Dates (YYYY-MM-DD, Beijing) that are working days although they fall on a weekend. */
  makeupWorkdays: ReadonlySet<string>;
}

const BEIJING_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Beijing calendar date of an instant. */
export function beijingDate(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_MS).toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

/** Saturday or Sunday, whatever the calendar of holidays says. */
export function isWeekend(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.makeupWorkdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  return !isWeekend(date);
}

/**
 * The deadline for something received at `start` with `days` working days to act: the end (24:00 Beijing)
 * of the `days`-th working day after the day it was received. Received on a Friday with 1 day: Monday.
 */
export function deadlineAfter(start: Date, days: number, cal: WorkCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new Error("days must be a whole number ≥ 0");
  let date = beijingDate(start);
  let left = days;
  while (left > 0) {
    date = nextDate(date);
    if (isWorkingDay(date, cal)) left--;
  }
  return new Date(Date.parse(`${nextDate(date)}T00:00:00Z`) - BEIJING_MS);
}

/** Working days from one instant to another (whole Beijing days after the first, up to the second). */
export function workingDaysBetween(from: Date, to: Date, cal: WorkCalendar): number {
  let date = beijingDate(from);
  const end = beijingDate(to);
  let n = 0;
  while (date < end) {
    date = nextDate(date);
    if (isWorkingDay(date, cal)) n++;
  }
  return n;
}

/** A deadline (the instant its last day ends) as that last day, for people: "by 2026-11-30". */
export function lastDay(deadline: string): string {
  return new Date(Date.parse(deadline) - 1).toISOString();
}
