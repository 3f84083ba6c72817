// The result of a closed vote: each condition with the numbers behind it, and a bar chart drawn as SVG
// on the server (no script, prints well, readable on a phone).
import type { Tally } from "~/domain/tally";
import { formatArea } from "~/domain/places";
import { useT } from "~/i18n";

const CHOICE_COLORS = { agree: "#1d5b2c", oppose: "#8c1d18", abstain: "#5f6b7a" } as const;

function fractionText(c: Tally["conditions"][number]) {
  const [a, b] = c.fraction;
  return b === 100 ? `${a}%` : `${a}/${b}`;
}

function isArea(id: string) {
  return id.endsWith("_area");
}

type T = ReturnType<typeof useT>;

/** A condition in words, with its threshold: "同意的面积 > 参与面积的 1/2". */
export function conditionText(t: T, c: Tally["conditions"][number]) {
  return t(`vote.cond.${c.id}`, { op: c.op === ">=" ? "≥" : ">", fraction: fractionText(c) });
}

/** Nobody took part: a share of the participants (approval, majority) has nothing to be a share of. */
function nobodyTookPart(tally: Tally, c: Tally["conditions"][number]) {
  return tally.counts.participating === 0 && c.denominator === 0;
}

/** The line under a failed result: each unmet condition with its threshold, or that nobody took part. */
export function FailedConditions({ tally }: { tally: Tally }) {
  const t = useT();
  if (tally.passed) return null;
  if (tally.counts.participating === 0) return <p>{t("vote.failedBecause", { conditions: t("vote.nobody") })}</p>;
  const failed = tally.conditions.filter((c) => !c.met);
  return <p>{t("vote.failedBecause", { conditions: failed.map((c) => conditionText(t, c)).join("；") })}</p>;
}

export function ConditionsTable({ tally }: { tally: Tally }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t("vote.result")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("vote.condition")}</th>
            <th scope="col">{t("vote.figures")}</th>
            <th scope="col">{t("vote.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {tally.conditions.map((c) => (
            <tr key={c.id}>
              <td>{conditionText(t, c)}</td>
              <td>
                {nobodyTookPart(tally, c)
                  ? t("vote.nobody")
                  : isArea(c.id)
                    ? t("vote.condValue", { numerator: `${formatArea(c.numerator)} ㎡`, denominator: `${formatArea(c.denominator)} ㎡` })
                    : t("vote.condValue", { numerator: c.numerator, denominator: c.denominator })}
              </td>
              <td>
                <strong className={c.met ? "ok" : "bad"}>{c.met ? t("vote.met") : t("vote.notMet")}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Horizontal bars for each choice: ballots, and for owners' rules also headcount and area. */
export function VoteChart({ tally }: { tally: Tally }) {
  const t = useT();
  const series: { label: string; values: Record<string, number>; format: (n: number) => string }[] = [
    { label: t("vote.ballots"), values: Object.fromEntries(Object.entries(tally.counts.byChoice).map(([k, v]) => [k, v.ballots])), format: String },
  ];
  if (tally.rule !== "residents") {
    series.push({
      label: t("vote.headcount"),
      values: Object.fromEntries(Object.entries(tally.counts.byChoice).map(([k, v]) => [k, v.headcount])),
      format: String,
    });
    series.push({
      label: t("vote.area"),
      values: Object.fromEntries(Object.entries(tally.counts.byChoice).map(([k, v]) => [k, v.areaCenti])),
      format: formatArea,
    });
  }
  const rowH = 22;
  const groupH = rowH * 3 + 26;
  const width = 320;
  const labelW = 56;
  const barW = width - labelW - 80;
  const height = series.length * groupH + 4;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby="chart-title">
        <title id="chart-title">{t("vote.chart")}</title>
        {series.map((s, g) => {
          const max = Math.max(1, ...Object.values(s.values));
          const y0 = g * groupH;
          return (
            <g key={s.label} transform={`translate(0 ${y0})`}>
              <text x={0} y={16} fontSize={15} fontWeight={700} fill="#1b1f24">
                {s.label}
              </text>
              {(["agree", "oppose", "abstain"] as const).map((c, i) => {
                const v = s.values[c] ?? 0;
                const w = Math.round((v / max) * barW);
                const y = 24 + i * rowH;
                return (
                  <g key={c}>
                    <text x={0} y={y + 14} fontSize={14} fill="#1b1f24">
                      {t(`vote.choice.${c}`)}
                    </text>
                    <rect x={labelW} y={y + 2} width={Math.max(w, 1)} height={rowH - 6} fill={CHOICE_COLORS[c]} />
                    <text x={labelW + Math.max(w, 1) + 6} y={y + 14} fontSize={14} fill="#1b1f24">
                      {s.format(v)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
