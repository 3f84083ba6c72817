// The rules requests move by: the working calendar, each level's deadlines, and each street's
// responsibility list (权责清单). Read often, changed rarely by administrators.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Level } from "~/domain/request-flow";
import { DEFAULT_DEADLINES, type LevelDeadline, type ListedResponsibility, OFFICE_LEVELS, type OfficeLevel, fullList, isSubcategory } from "~/domain/request-kinds";
import { type WorkCalendar, deadlineAfter, isWeekend } from "~/domain/working-days";
import { type Actor, canAdminister } from "~/domain/permissions";
import { appendAudit } from "~/features/audit/queries.server";
import { actorId, fail } from "~/features/errors";

type Db = Kysely<Database>;

interface Rules {
  calendar: WorkCalendar;
  deadlines: Map<Level, LevelDeadline>;
  readAt: number;
}

// Kept for a minute; every change made through this process drops it at once.
let cached: Rules | null = null;
const TTL_MS = 60_000;

export function forgetRules() {
  cached = null;
}

export async function loadRules(db: Db): Promise<Rules> {
  if (cached && Date.now() - cached.readAt < TTL_MS) return cached;
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

function requireAdmin(actor: Actor) {
  if (!canAdminister(actor)) fail(403, "error.forbidden");
}

/** Replaces a street's whole list; each department must belong to that street. */
export async function setResponsibilities(db: Db, actor: Actor, streetId: number, rows: { subcategory: string; level: OfficeLevel; departmentId: number | null }[], at: Date) {
  requireAdmin(actor);
  const street = await db.selectFrom("places").select(["id", "kind"]).where("id", "=", streetId).executeTakeFirst();
  if (!street || street.kind !== "street") fail(404, "error.notFound");
  const deps = new Set((await db.selectFrom("departments").select("id").where("place_id", "=", streetId).execute()).map((d) => d.id));
  const checked = rows.map((r) => {
    if (!isSubcategory(r.subcategory) || !OFFICE_LEVELS.includes(r.level)) fail(400, "error.form");
    if (r.departmentId !== null && !deps.has(r.departmentId)) fail(400, "rules.departmentElsewhere", undefined, `dep-${r.subcategory}`);
    return { ...r, subcategory: r.subcategory };
  });
  const when = at.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("responsibilities").where("street_id", "=", streetId).execute();
    if (checked.length) await trx.insertInto("responsibilities").values(checked.map((r) => ({ street_id: streetId, subcategory: r.subcategory, level: r.level, department_id: r.departmentId, updated_at: when }))).execute();
    await appendAudit(trx, { actorId: actorId(actor), action: "responsibilities.set", entityType: "place", entityId: streetId, placeId: streetId, data: { rows }, at: when });
  });
}

export async function setDeadlines(db: Db, actor: Actor, rows: LevelDeadline[], at: Date) {
  requireAdmin(actor);
  const when = at.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      await trx
        .insertInto("level_deadlines")
        .values({ level: r.level, accept_days: r.acceptDays, complete_days: r.completeDays })
        .onConflict((oc) => oc.column("level").doUpdateSet({ accept_days: r.acceptDays, complete_days: r.completeDays }))
        .execute();
    }
    await appendAudit(trx, { actorId: actorId(actor), action: "deadlines.set", entityType: "rules", entityId: null, data: { rows }, at: when });
  });
  forgetRules();
}

export async function addCalendarDay(db: Db, actor: Actor, day: { date: string; kind: "holiday" | "workday"; note: string }, at: Date) {
  requireAdmin(actor);
  const weekend = isWeekend(day.date);
  // A holiday on a weekend or a make-up working day on a weekday would change nothing: say so.
  if (day.kind === "holiday" && weekend) fail(400, "rules.holidayOnWeekend", undefined, "date");
  if (day.kind === "workday" && !weekend) fail(400, "rules.workdayOnWeekday", undefined, "date");
  const when = at.toISOString();
  await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("work_calendar").select("date").where("date", "=", day.date).executeTakeFirst();
    if (taken) fail(409, "rules.dayExists", { date: day.date }, "date");
    await trx.insertInto("work_calendar").values(day).execute();
    await appendAudit(trx, { actorId: actorId(actor), action: "calendar.add", entityType: "rules", entityId: null, data: day, at: when });
  });
  forgetRules();
}

export async function removeCalendarDay(db: Db, actor: Actor, date: string, at: Date) {
  requireAdmin(actor);
  await db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom("work_calendar").where("date", "=", date).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) fail(404, "error.notFound");
    await appendAudit(trx, { actorId: actorId(actor), action: "calendar.remove", entityType: "rules", entityId: null, data: { date }, at: at.toISOString() });
  });
  forgetRules();
}

export function listCalendar(db: Db) {
  return db.selectFrom("work_calendar").selectAll().orderBy("date").execute();
}
