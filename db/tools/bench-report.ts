// The benchmark's tables: each measure against its baseline (the same server, the same run); with two engines,
// SQLite and PostgreSQL side by side with PostgreSQL's share of SQLite's requests per second (issue 14's goal:
// ≥ 80 %); with N servers, one server against N on each engine (goal on PostgreSQL: ≥ 1.6× with two).
import type { Measured } from "./bench-support";

export type Baseline = "page" | "action" | "cast";
export interface Row extends Measured {
  name: string;
  baseline: Baseline;
  goal: number | null;
  /** Percent of the baseline's requests per second. */
  ratio: number;
}
export interface EngineResult {
  label: string;
  rows: Row[];
  /** With N servers: each measure through a proxy to the first server alone, by name. */
  single: Map<string, Measured>;
  rssMb: number | null;
}

const pct = (a: number, b: number) => Math.round((a / b) * 1000) / 10;
const rps = (m: Measured) => `${m.rps}${m.errors || m.bad ? ` (${m.errors} errors, ${m.bad} 4xx/5xx)` : ""}`;
const against = (r: Row) => `${r.ratio} % of trivial ${r.baseline === "page" ? "page" : "action"}`;
/** Goals of the two-server ratio (issue 14), on PostgreSQL. */
const TWO_SERVER_GOAL = new Set(["compound home", "cast a ballot"]);

/** Ratios to the baselines: the trivial page, the trivial action, and for casting the trivial action run beside it. */
export function withRatios(results: (Measured & { name: string; baseline: Baseline; goal: number | null })[]): Row[] {
  const base = {
    page: results.find((r) => r.baseline === "page")!.rps,
    action: results.find((r) => r.baseline === "action")!.rps,
    cast: results.find((r) => r.baseline === "cast")?.rps ?? 1,
  };
  return results.map((r) => ({ ...r, ratio: pct(r.rps, base[r.baseline]) }));
}

export function tables(engines: EngineResult[], servers: number): string[] {
  const lines: string[] = [];
  if (engines.length === 1) {
    lines.push("| measure | requests/s | p50 ms | p99 ms | vs baseline | goal |", "| --- | --- | --- | --- | --- | --- |");
    for (const r of engines[0].rows) lines.push(`| ${r.name} | ${rps(r)} | ${r.p50} | ${r.p99} | ${against(r)} | ${r.goal ? `≥ ${r.goal} %` : ""} |`);
  } else {
    const [a, b] = engines;
    lines.push(
      `| measure | ${a.label} requests/s | ${b.label} requests/s | ${b.label} / ${a.label} (goal ≥ 80 %) | ${a.label} vs baseline | ${b.label} vs baseline | p50 / p99 ms ${a.label} | p50 / p99 ms ${b.label} | goal vs baseline |`,
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const r of a.rows) {
      const s = b.rows.find((x) => x.name === r.name);
      if (!s) continue;
      lines.push(
        `| ${r.name} | ${rps(r)} | ${rps(s)} | ${pct(s.rps, r.rps)} % | ${against(r)} | ${against(s)} | ${r.p50} / ${r.p99} | ${s.p50} / ${s.p99} | ${r.goal ? `≥ ${r.goal} %` : ""} |`,
      );
    }
  }
  if (servers > 1)
    for (const e of engines) {
      lines.push(
        "",
        `${e.label}, one server against ${servers} behind the proxy (both through a proxy, interleaved):`,
        `| measure | 1 server, requests/s | ${servers} servers, requests/s | ratio | goal |`,
        "| --- | --- | --- | --- | --- |",
      );
      for (const r of e.rows) {
        const one = e.single.get(r.name);
        if (!one) continue;
        const goal = e.label === "PostgreSQL" && servers === 2 && TWO_SERVER_GOAL.has(r.name) ? "≥ 1.6×" : "";
        lines.push(`| ${r.name} | ${rps(one)} | ${rps(r)} | ${Math.round((r.rps / one.rps) * 100) / 100}× | ${goal} |`);
      }
    }
  return lines;
}
