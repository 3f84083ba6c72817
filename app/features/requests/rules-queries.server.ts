// The rules requests move by: the working calendar, each level's deadlines, and each street's
// responsibility list (权责清单). Read often (cached), changed rarely by administrators (rules-commands).
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Level } from "~/domain/request-flow";
import { DEFAULT_DEADLINES, type LevelDeadline, type ListedResponsibility, type OfficeLevel, type Subcategory, fullList } from "~/domain/request-kinds";
import { type WorkCalendar, deadlineAfter } from "~/domain/working-days";
import { bumpGeneration, readGeneration } from "~/features/shared-state/queries.server";

type Db = Kysely<Database>;

interface Rules {
  calendar: WorkCalendar;
  deadlines: Map<Level, LevelDeadline>;
  readAt: number;
}

// Kept for a minute at most, and only while the shared generation "rules" is the one it was read under: a
// change made by any app server is seen at once (one primary-key read per use).
let cached: (Rules & { generation: number }) | null = null;
const TTL_MS = 60_000;

/** Called by every change to the rules, in its transaction. */
export function rulesChanged(db: Db): Promise<void> {
  return bumpGeneration(db, "rules");
}

export async function loadRules(db: Db): Promise<Rules> {
  const generation = await readGeneration(db, "rules");
  if (cached && cached.generation === generation && Date.now() - cached.readAt < TTL_MS) return cached;
  const [days, levels] = await Promise.all([db.selectFrom("work_calendar").selectAll().execute(), db.selectFrom("level_deadlines").selectAll().execute()]);
  const deadlines = new Map<Level, LevelDeadline>(DEFAULT_DEADLINES.map((d) => [d.level, d]));
  for (const l of levels) deadlines.set(l.level, { level: l.level, acceptDays: l.accept_days, completeDays: l.complete_days });
  cached = {
    calendar: {
      holidays: new Set(days.filter((d) => d.kind === "holiday").map((d) => d.date)),
      makeupWorkdays: new Set(days.filter((d) => d.kind === "workday").map((d) => d.date)),
    },
    deadlines,
    readAt: Date.now(),
    generation,
  };
  return cached;
}

/** The deadlines of a step that starts now at a level. */
export function acceptDue(rules: Rules, level: Level, from: Date): string {
  return deadlineAfter(from, rules.deadlines.get(level)!.acceptDays, rules.calendar).toISOString();
}

export function completeDue(rules: Rules, level: Level, from: Date): string {
  return deadlineAfter(from, rules.deadlines.get(level)!.completeDays, rules.calendar).toISOString();
}

export async function responsibilityList(db: Db, streetId: number): Promise<ListedResponsibility[]> {
  const rows = await db.selectFrom("responsibilities").select(["subcategory", "level", "department_id"]).where("street_id", "=", streetId).execute();
  return fullList(rows.map((r) => ({ subcategory: r.subcategory, level: r.level, departmentId: r.department_id })));
}

/** A place's kind, to check that a street is one. */
export function placeKind(db: Db, id: number) {
  return db.selectFrom("places").select(["id", "kind"]).where("id", "=", id).executeTakeFirst();
}

export async function departmentIdsOf(db: Db, placeId: number): Promise<Set<number>> {
  return new Set((await db.selectFrom("departments").select("id").where("place_id", "=", placeId).execute()).map((d) => d.id));
}

/** Replaces a street's whole responsibility list. */
export async function replaceResponsibilities(
  db: Db,
  streetId: number,
  rows: { subcategory: Subcategory; level: OfficeLevel; departmentId: number | null }[],
  at: string,
) {
  await db.deleteFrom("responsibilities").where("street_id", "=", streetId).execute();
  if (rows.length)
    await db
      .insertInto("responsibilities")
      .values(rows.map((r) => ({ street_id: streetId, subcategory: r.subcategory, level: r.level, department_id: r.departmentId, updated_at: at })))
      .execute();
}

export async function saveDeadline(db: Db, r: LevelDeadline) {
  await db
    .insertInto("level_deadlines")
    .values({ level: r.level, accept_days: r.acceptDays, complete_days: r.completeDays })
    .onConflict((oc) => oc.column("level").doUpdateSet({ accept_days: r.acceptDays, complete_days: r.completeDays }))
    .execute();
}

export async function calendarDayExists(db: Db, date: string): Promise<boolean> {
  return !!(await db.selectFrom("work_calendar").select("date").where("date", "=", date).executeTakeFirst());
}

export async function insertCalendarDay(db: Db, day: { date: string; kind: "holiday" | "workday"; note: string }) {
  await db.insertInto("work_calendar").values(day).execute();
}

/** Removes a day of the calendar; false when there was none. */
export async function deleteCalendarDay(db: Db, date: string): Promise<boolean> {
  const r = await db.deleteFrom("work_calendar").where("date", "=", date).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function listCalendar(db: Db) {
  return db.selectFrom("work_calendar").selectAll().orderBy("date").execute();
}
