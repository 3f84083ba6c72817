import { type LoaderFunctionArgs, type MetaFunction, data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { FormAlert } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT, pageTitle } from "~/i18n";
import { idParam, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { localeFor } from "~/web/locale.server";
import { parseSearch } from "~/web/forms.server";
import { periodSearch, placeMetricsPage, sourceRows, summaryRows, supplyRows } from "~/features/metrics/page.server";

import { SourceTable } from "~/components/source-table";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, "title.metrics", { name: args.data?.place.name ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const { place, period, metrics: m } = await visibleOr404(() => placeMetricsPage(viewer, idParam(params.id), parseSearch(periodSearch, request.url), now()));
  const locale = localeFor(request, viewer);
  const body = {
    place,
    period: { from: period.from, to: period.to, bad: period.bad },
    summary: summaryRows(m, locale),
    supply: supplyRows(m, locale),
    bySource: sourceRows(m, locale),
    rates: (["responseRate", "resolutionRate", "satisfactionRate"] as const).map((k) => ({ key: k, percent: m[k].percent })),
  };
  return data(body, { status: period.bad ? 400 : 200 });
}

const RATE_COLORS = { responseRate: "#1d5fa8", resolutionRate: "#1f7a3a", satisfactionRate: "#8a5a00" } as const;

export default function Metrics() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const query = `from=${d.period.from}&to=${d.period.to}`;
  return (
    <>
      <p className="crumbs">
        <Link to={`/places/${d.place.id}`}>{d.place.name}</Link>
      </p>
      <h1>{t("metrics.title", { place: d.place.name })}</h1>
      {d.period.bad ? <FormAlert msg={{ key: "metrics.badPeriod" }} /> : null}
      <Form method="get" className="row" aria-label={t("metrics.period")}>
        <div className="field">
          <label htmlFor="from">{t("metrics.from")}</label>
          <input id="from" name="from" type="date" defaultValue={d.period.from} required />
        </div>
        <div className="field">
          <label htmlFor="to">{t("metrics.to")}</label>
          <input id="to" name="to" type="date" defaultValue={d.period.to} required />
        </div>
        <button type="submit" className="secondary">
          {t("metrics.show")}
        </button>
      </Form>

      <section aria-labelledby="h-summary">
        <h2 id="h-summary">{t("metrics.summary")}</h2>
        <BarChart
          id="chart-rates"
          title={t("metrics.chartRates")}
          max={100}
          groups={[
            {
              label: null,
              bars: d.rates.map((r) => ({
                label: t(`metrics.short.${r.key}`),
                value: r.percent ?? 0,
                text: r.percent === null ? t("metrics.noData") : `${r.percent.toFixed(1)}%`,
                color: RATE_COLORS[r.key],
              })),
            },
          ]}
        />
        <TableWrap label={t("metrics.summary")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.measure")}</th>
                <th scope="col">{t("metrics.value")}</th>
              </tr>
            </thead>
            <tbody>
              {d.summary.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p className="muted" id="metrics-help">
          {t("metrics.help")}
        </p>
        <p>
          <a href={`/places/${d.place.id}/metrics/csv?table=summary&${query}`} download>
            {t("metrics.csv")}
          </a>
        </p>
      </section>

      <SourceTable rows={d.bySource} csv={`/places/${d.place.id}/metrics/csv?table=source&${query}`} />

      <section aria-labelledby="h-supply">
        <h2 id="h-supply">{t("metrics.supply")}</h2>
        <BarChart
          id="chart-supply"
          title={t("metrics.chartSupply")}
          groups={d.supply.map(([label, demand, supply]) => ({
            label,
            bars: [
              { label: t("metrics.short.demand"), value: demand, text: String(demand), color: "#8a5a00" },
              { label: t("metrics.short.supply"), value: supply, text: String(supply), color: "#1f7a3a" },
            ],
          }))}
        />
        <TableWrap label={t("metrics.supply")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.categoryCol")}</th>
                <th scope="col">{t("metrics.demand")}</th>
                <th scope="col">{t("metrics.supplied")}</th>
              </tr>
            </thead>
            <tbody>
              {d.supply.map(([label, demand, supply]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{demand}</td>
                  <td>{supply}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p>
          <a href={`/places/${d.place.id}/metrics/csv?table=supply&${query}`} download>
            {t("metrics.csv")}
          </a>
        </p>
      </section>
    </>
  );
}
