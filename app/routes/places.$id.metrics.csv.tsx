import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { translate } from "~/i18n";
import { idParam, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { localeFor } from "~/web/locale.server";
import { parseSearch } from "~/web/forms.server";
import { periodSearch, placeMetricsPage, sourceRows, summaryRows, supplyRows } from "~/features/metrics/page.server";

const csvSearch = () => periodSearch.extend({ table: z.enum(["summary", "supply", "source"]).catch("summary").default("summary") });

/** A metrics table as CSV: UTF-8 with a byte-order mark, so Excel opens the Chinese correctly. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const search = parseSearch(csvSearch, request.url);
  const { place, period, metrics } = await visibleOr404(() => placeMetricsPage(viewer, idParam(params.id), search, now()));
  const locale = localeFor(request, viewer);
  if (period.bad) throw new Response("metrics.badPeriod", { status: 400 });
  const table = search.table;
  const rows: (string | number)[][] =
    table === "source"
      ? sourceRows(metrics, locale)
      : table === "summary"
        ? [[translate(locale, "metrics.measure"), translate(locale, "metrics.value")], ...summaryRows(metrics, locale)]
        : [
            [translate(locale, "metrics.categoryCol"), translate(locale, "metrics.demand"), translate(locale, "metrics.supplied")],
            ...supplyRows(metrics, locale),
          ];
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
