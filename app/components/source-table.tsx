// Metrics by origin (issue 17 · 4): resolution-born requests and direct reports, apart and together.
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/i18n";

/** rows[0] is the header row; each other row is [measure, resolution, report, together]. */
export function SourceTable({ rows, csv }: { rows: string[][]; csv: string }) {
  const t = useT();
  const [head, ...body] = rows;
  return (
    <section aria-labelledby="h-source">
      <h2 id="h-source">{t("metrics.bySource")}</h2>
      <TableWrap label={t("metrics.bySource")}>
        <table data-testid="metrics-by-source">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {body.map(([k, ...vs]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                {vs.map((v, i) => (
                  <td key={i}>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>
        <a href={csv} download>
          {t("metrics.csv")}
        </a>
      </p>
    </section>
  );
}
