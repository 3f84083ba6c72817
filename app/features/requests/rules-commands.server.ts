// An administrator changes the rules requests move by: a street's responsibility list, each level's
// deadlines, the working calendar. Each change is one transaction with its audit entry and the bump of
// the rules' generation, so every app server drops its cached rules.
import { transaction } from "~/db.server";
import { type Actor, canAdminister } from "~/domain/permissions";
import { type LevelDeadline, OFFICE_LEVELS, type OfficeLevel, isSubcategory } from "~/domain/request-kinds";
import { isWeekend } from "~/domain/working-days";
import { appendAudit } from "~/features/audit/queries.server";
import { actorId, fail } from "~/features/errors";
import {
  calendarDayExists,
  deleteCalendarDay,
  departmentIdsOf,
  insertCalendarDay,
  placeKind,
  replaceResponsibilities,
  rulesChanged,
  saveDeadline,
} from "~/features/requests/rules-queries.server";

function requireAdmin(actor: Actor) {
  if (!canAdminister(actor)) fail(403, "error.forbidden");
}

export interface ResponsibilityInput {
  streetId: number;
  rows: { subcategory: string; level: OfficeLevel; departmentId: number | null }[];
}

/** Replaces a street's whole list; each department must belong to that street. */
export async function setResponsibilities(actor: Actor, input: ResponsibilityInput, at: Date) {
  requireAdmin(actor);
  const { streetId, rows } = input;
  const when = at.toISOString();
  await transaction(async (trx) => {
    const street = await placeKind(trx, streetId);
    if (!street || street.kind !== "street") fail(404, "error.notFound");
    const deps = await departmentIdsOf(trx, streetId);
    const checked = rows.map((r) => {
      if (!isSubcategory(r.subcategory) || !OFFICE_LEVELS.includes(r.level)) fail(400, "error.form");
      if (r.departmentId !== null && !deps.has(r.departmentId)) fail(400, "rules.departmentElsewhere", undefined, `dep-${r.subcategory}`);
      return { ...r, subcategory: r.subcategory };
    });
    await replaceResponsibilities(trx, streetId, checked, when);
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "responsibilities.set",
      entityType: "place",
      entityId: streetId,
      placeId: streetId,
      data: { rows },
      at: when,
    });
  });
}

export async function setDeadlines(actor: Actor, rows: LevelDeadline[], at: Date) {
  requireAdmin(actor);
  const when = at.toISOString();
  await transaction(async (trx) => {
    for (const r of rows) await saveDeadline(trx, r);
    await appendAudit(trx, { actorId: actorId(actor), action: "deadlines.set", entityType: "rules", entityId: null, data: { rows }, at: when });
    await rulesChanged(trx);
  });
}

export async function addCalendarDay(actor: Actor, day: { date: string; kind: "holiday" | "workday"; note: string }, at: Date) {
  requireAdmin(actor);
  const weekend = isWeekend(day.date);
  // A holiday on a weekend or a make-up working day on a weekday would change nothing: say so.
  if (day.kind === "holiday" && weekend) fail(400, "rules.holidayOnWeekend", undefined, "date");
  if (day.kind === "workday" && !weekend) fail(400, "rules.workdayOnWeekday", undefined, "date");
  const when = at.toISOString();
  await transaction(async (trx) => {
    if (await calendarDayExists(trx, day.date)) fail(409, "rules.dayExists", { date: day.date }, "date");
    await insertCalendarDay(trx, day);
    await appendAudit(trx, { actorId: actorId(actor), action: "calendar.add", entityType: "rules", entityId: null, data: day, at: when });
    await rulesChanged(trx);
  });
}

export async function removeCalendarDay(actor: Actor, date: string, at: Date) {
  requireAdmin(actor);
  await transaction(async (trx) => {
    if (!(await deleteCalendarDay(trx, date))) fail(404, "error.notFound");
    await appendAudit(trx, { actorId: actorId(actor), action: "calendar.remove", entityType: "rules", entityId: null, data: { date }, at: at.toISOString() });
    await rulesChanged(trx);
  });
}
