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
  /** Pages: percent of the bare Remix page's requests per second (issue 18), and its goal. */
  bareRatio: number | null;
  bareGoal?: number;
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
const bareOf = (r: Row) => (r.bareRatio === null ? "" : `${r.bareRatio} %${r.bareGoal ? ` (goal ≥ ${r.bareGoal} %)` : ""}`);
const cpuOf = (m: Measured) => (typeof m.cpuMs === "number" ? String(m.cpuMs) : "?");
/** The share of the bare page's CPU time per request: what the ratio of requests per second is on an idle machine. */
const bareCpuOf = (r: Row, bare: Measured | null) => (r.bareRatio === null || !bare?.cpuMs || !r.cpuMs ? "" : `${pct(bare.cpuMs, r.cpuMs)} %`);
/** Goals of the two-server ratio (issue 14), on PostgreSQL. */
const TWO_SERVER_GOAL = new Set(["compound home", "cast a ballot"]);

/** Ratios to the baselines: the trivial page, the trivial action, and for casting the trivial action run beside it. */
export function withRatios(results: (Measured & { name: string; baseline: Baseline; goal: number | null; bareGoal?: number })[], bare: Measured | null): Row[] {
  const base = {
    page: results.find((r) => r.baseline === "page")!.rps,
    action: results.find((r) => r.baseline === "action")!.rps,
    cast: results.find((r) => r.baseline === "cast")?.rps ?? 1,
  };
  return results.map((r) => ({ ...r, ratio: pct(r.rps, base[r.baseline]), bareRatio: bare && r.baseline === "page" ? pct(r.rps, bare.rps) : null }));
}

export function tables(engines: EngineResult[], servers: number, bare: Measured | null): string[] {
  const lines: string[] = [];
  if (bare)
    lines.push(
      `bare Remix page (remix-serve, same run): ${rps(bare)} requests/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms, ${cpuOf(bare)} CPU ms per request`,
      "",
    );
  if (engines.length === 1) {
    lines.push(
      "| measure | requests/s | p50 ms | p99 ms | CPU ms per request | vs baseline | goal | vs bare Remix page | bare page's CPU per request, as a share |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const r of engines[0].rows)
      lines.push(
        `| ${r.name} | ${rps(r)} | ${r.p50} | ${r.p99} | ${cpuOf(r)} | ${against(r)} | ${r.goal ? `≥ ${r.goal} %` : ""} | ${bareOf(r)} | ${bareCpuOf(r, bare)} |`,
      );
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
