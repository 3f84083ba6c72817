// Whole-table scans in the plans of captured statements (db/capture.ts), on either engine: SQLite's EXPLAIN QUERY
// PLAN, PostgreSQL's EXPLAIN (FORMAT JSON). The query-plan test and the search test read them.
import SQLite from "better-sqlite3";
import pg from "pg";
import { pgTypes } from "../../db/postgres";

export interface Scan {
  /** The table scanned whole (not an alias). */
  table: string;
  /** The plan's own words for it. */
  detail: string;
  source: string;
}

const planned = (source: string) => /^\s*(select|update|delete|with)/i.test(source);

/** SQLite: every `SCAN t` of a real table (the FTS5 index is searched by its MATCH, not scanned). */
export function sqliteScans(file: string, statements: Map<string, readonly unknown[]>): { scans: Scan[]; planned: number } {
  const sqlite = new SQLite(file, { readonly: true });
  const scans: Scan[] = [];
  let count = 0;
  try {
    for (const source of statements.keys()) {
      if (!planned(source)) continue;
      const params = new Array(source.split("?").length - 1).fill(null);
      const rows = sqlite.prepare(`explain query plan ${source}`).all(...params) as { detail: string }[];
      count++;
      for (const row of rows) {
        const m = /^SCAN (\w+)/.exec(row.detail);
        if (!m || row.detail.includes("VIRTUAL TABLE")) continue;
        // Aliases: find the table the alias stands for.
        const alias = m[1];
        const table = new RegExp(`"?(\\w+)"?\\s+as\\s+"?${alias}"?\\b`, "i").exec(source)?.[1] ?? alias;
        scans.push({ table, detail: row.detail, source });
      }
    }
  } finally {
    sqlite.close();
  }
  return { scans, planned: count };
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/**
 * PostgreSQL: every Seq Scan of a table, planned with the parameters the statement ran with. A small test
 * database is cheaper to read whole than through an index, so `enable_seqscan = off`: a Seq Scan left in the
 * plan is one no index can replace.
 */
export async function pgScans(url: string, statements: Map<string, readonly unknown[]>): Promise<{ scans: Scan[]; planned: number }> {
  const client = new pg.Client({ connectionString: url, types: pgTypes, options: "-c TimeZone=UTC" });
  await client.connect();
  const scans: Scan[] = [];
  let count = 0;
  try {
    await client.query("set enable_seqscan = off");
    for (const [source, parameters] of statements) {
      if (!planned(source)) continue;
      const { rows } = await client.query(`explain (format json) ${source}`, parameters as unknown[]);
      count++;
      const visit = (node: PlanNode) => {
        if (/Seq Scan$/.test(node["Node Type"]) && node["Relation Name"])
          scans.push({ table: node["Relation Name"], detail: `${node["Node Type"]} on ${node["Relation Name"]} ${node.Filter ?? ""}`, source });
        for (const child of node.Plans ?? []) visit(child);
      };
      for (const plan of rows[0]["QUERY PLAN"] as { Plan: PlanNode }[]) visit(plan.Plan);
    }
  } finally {
    await client.end();
  }
  return { scans, planned: count };
}
