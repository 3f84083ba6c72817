// The metrics of a place over a period, shared by the metrics page and its CSV export; the tables are
// built here once, in the reader's language, so the page and the file say the same thing.
import { z } from "zod";
import type { Viewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/permissions";
import type { Rate } from "~/domain/request-metrics";
import { beijingDate, isCalendarDate } from "~/domain/working-days";
import { type Locale, type MessageKey, translate } from "~/i18n/index";
import { fail } from "~/features/errors";
import { getPlace } from "~/features/places/queries.server";
import { type PlaceMetrics, placeMetrics } from "~/features/requests/metrics-queries.server";

const DAY_MS = 86_400_000;
const startOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();

/** The period's dates as written in the address (readPeriod checks them, and says when they are malformed). */
export const periodSearch = z.object({
  from: z.string().max(20).nullable().catch(null).default(null),
  to: z.string().max(20).nullable().catch(null).default(null),
});

/** The period asked for (Beijing dates, both included), or this year so far with a complaint when malformed. */
export function readPeriod(asked: { from: string | null; to: string | null }, today: string) {
  const from = asked.from ?? `${today.slice(0, 4)}-01-01`;
  const to = asked.to ?? today;
  const ok = isCalendarDate(from) && isCalendarDate(to) && from <= to && Date.parse(to) - Date.parse(from) <= 3 * 366 * DAY_MS;
  const f = ok ? from : `${today.slice(0, 4)}-01-01`;
  const t = ok ? to : today;
  return { from: f, to: t, bad: !ok, range: { from: startOf(f), to: new Date(Date.parse(startOf(t)) + DAY_MS).toISOString() } };
}

/** The metrics of a compound, community or street the viewer may see (else a 404), over the period asked for. */
export async function placeMetricsPage(viewer: Viewer, placeId: number, asked: { from: string | null; to: string | null }, at: Date) {
  const place = await getPlace(getDb(), placeId);
  if (!place || !["compound", "community", "street"].includes(place.kind) || !can(viewer.actor, "place.view", place)) fail(404, "error.notFound");
  const period = readPeriod(asked, beijingDate(at));
  const metrics = await placeMetrics(getDb(), place, period.range, at);
  return { place: { id: place.id, name: place.name, kind: place.kind }, period, metrics };
}

function rateText(locale: Locale, r: Rate) {
  return r.percent === null
    ? translate(locale, "metrics.noData")
    : translate(locale, "metrics.rateValue", { percent: r.percent.toFixed(1), numerator: r.numerator, denominator: r.denominator });
}

/** The summary table: [measure, value] rows. */
export function summaryRows(m: PlaceMetrics, locale: Locale): [string, string][] {
  const tr = (k: MessageKey) => translate(locale, k);
  const days = (v: number | null) => (v === null ? tr("metrics.noData") : v.toFixed(1));
  return [
    [tr("metrics.received"), String(m.received)],
    [tr("metrics.responseRate"), rateText(locale, m.responseRate)],
    [tr("metrics.pending"), String(m.pending)],
    [tr("metrics.resolutionRate"), rateText(locale, m.resolutionRate)],
    [tr("metrics.satisfactionRate"), rateText(locale, m.satisfactionRate)],
    [tr("metrics.medianAccept"), days(m.medianDaysToAccept)],
    [tr("metrics.medianComplete"), days(m.medianDaysToComplete)],
    [tr("metrics.escalations"), String(m.escalations)],
    [tr("metrics.returns"), String(m.returns)],
  ];
}

/** 供需 by needs category: [category, demand, supply] rows. */
export function supplyRows(m: PlaceMetrics, locale: Locale): [string, number, number][] {
  return m.supply.map((s) => [translate(locale, `category.${s.category}`), s.demand, s.supply]);
}

/** Reports and resolution-born requests apart and together: a header row, then [measure, resolution, report, all]. */
export function sourceRows(m: PlaceMetrics, locale: Locale): string[][] {
  const tr = (k: MessageKey) => translate(locale, k);
  const days = (v: number | null) => (v === null ? tr("metrics.noData") : v.toFixed(1));
  const s = m.bySource;
  const cols = [s.resolution, s.report, s.all];
  return [
    [tr("metrics.sourceCol"), tr("metrics.source.resolution"), tr("metrics.source.report"), tr("metrics.source.all")],
    [tr("metrics.received"), ...cols.map((x) => String(x.received))],
    [tr("metrics.responseRate"), ...cols.map((x) => rateText(locale, x.responseRate))],
    [tr("metrics.resolutionRate"), ...cols.map((x) => rateText(locale, x.resolutionRate))],
    [tr("metrics.satisfactionRate"), ...cols.map((x) => rateText(locale, x.satisfactionRate))],
    [tr("metrics.medianAccept"), ...cols.map((x) => days(x.medianDaysToAccept))],
    [tr("metrics.medianComplete"), ...cols.map((x) => days(x.medianDaysToComplete))],
  ];
}
