import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { translate } from "~/i18n";
import { loadPlaceMetrics, summaryRows, supplyRows } from "~/features/metrics/page.server";

/** A metrics table as CSV: UTF-8 with a byte-order mark, so Excel opens the Chinese correctly. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { place, period, metrics, locale } = await loadPlaceMetrics(request, params.id);
  if (period.bad) throw new Response("metrics.badPeriod", { status: 400 });
  const table = new URL(request.url).searchParams.get("table") === "supply" ? "supply" : "summary";
  const rows: (string | number)[][] =
    table === "summary"
      ? [[translate(locale, "metrics.measure"), translate(locale, "metrics.value")], ...summaryRows(metrics, locale)]
      : [[translate(locale, "metrics.categoryCol"), translate(locale, "metrics.demand"), translate(locale, "metrics.supplied")], ...supplyRows(metrics, locale)];
  const csv = `\uFEFF${stringify(rows, { record_delimiter: "\r\n" })}`;
  const name = `metrics-${place.id}-${table}-${period.from}-${period.to}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
