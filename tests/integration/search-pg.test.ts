// Chinese search on PostgreSQL (issue 14 point 4): the app's scoped bigram tokens in a generated tsvector under a
// GIN index. Within one compound it finds exactly what a LIKE finds, nothing of another compound, the same
// documents as FTS5 on SQLite, and the plan reads the GIN index. The tables are made here, as the migration makes
// them, so the test needs only an empty database.
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, SqliteDialect, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "~/db.server";
import { indexDocument, searchCompound, searchDocuments, unindexDocument } from "~/features/proposals/search-queries.server";
import { captureStatements } from "../../db/connect";
import { openPostgres } from "../../db/postgres";
import { createPgDatabase, dropPgDatabase, onPg, pgServerUrl, uniqueDbName } from "../support/pg";
import { pgScans } from "../support/plans";

type Doc = { type: "proposal" | "comment"; id: number; compoundId: number; proposalId: number; text: string };

// Compounds 4 and 42: "c4x…" must never find "c42x…".
const DOCS: Doc[] = [
  { type: "proposal", id: 1, compoundId: 4, proposalId: 1, text: "加装电梯的提议\n三单元想加装电梯" },
  { type: "proposal", id: 2, compoundId: 4, proposalId: 2, text: "停车位不够，晚上停车难" },
  { type: "proposal", id: 3, compoundId: 4, proposalId: 3, text: "电动车充电桩" },
  { type: "proposal", id: 4, compoundId: 4, proposalId: 4, text: "楼梯电灯坏了，电 梯子" },
  { type: "proposal", id: 5, compoundId: 4, proposalId: 5, text: "Elevator 电梯 WiFi" },
  { type: "proposal", id: 6, compoundId: 4, proposalId: 6, text: "装电梯还是修楼梯" },
  { type: "proposal", id: 7, compoundId: 4, proposalId: 7, text: "加装 电梯 分开写" },
  { type: "comment", id: 1, compoundId: 4, proposalId: 1, text: "支持加装电梯" },
  { type: "comment", id: 2, compoundId: 4, proposalId: 2, text: "电梯和停车都要管" },
  { type: "comment", id: 3, compoundId: 4, proposalId: 3, text: "停车棚旁边充电" },
  { type: "proposal", id: 8, compoundId: 42, proposalId: 8, text: "加装电梯" },
  { type: "proposal", id: 9, compoundId: 42, proposalId: 9, text: "地下停车场" },
  { type: "comment", id: 4, compoundId: 42, proposalId: 8, text: "电梯维修" },
];

const key = (r: { doc_type: string; doc_id: number }) => `${r.doc_type}:${r.doc_id}`;
const sorted = (rows: { doc_type: string; doc_id: number }[]) => rows.map(key).sort();

describe.runIf(onPg)("search on PostgreSQL", () => {
  const server = onPg ? pgServerUrl() : "";
  const name = uniqueDbName("search");
  let url: string;
  let db: DB;

  beforeAll(async () => {
    url = await createPgDatabase(server, name);
    db = openPostgres(url, { poolMax: 2 });
    await sql`create table search_index (doc_type text not null, doc_id bigint not null, compound_id bigint not null,
      proposal_id bigint not null, scope text not null, text text not null,
      tsv tsvector generated always as (to_tsvector('simple', text)) stored, primary key (doc_type, doc_id))`.execute(db);
    await sql`create index search_index_tsv on search_index using gin (tsv)`.execute(db);
    await sql`create table proposals (id bigint primary key, compound_id bigint not null, title text not null,
      state text not null, category text not null, last_activity_at text not null, hidden_reason text)`.execute(db);
    await sql`create table docs (doc_type text, doc_id bigint, compound_id bigint, raw text)`.execute(db);
    for (const d of DOCS) {
      await indexDocument(db, d);
      await sql`insert into docs values (${d.type}, ${d.id}, ${d.compoundId}, ${d.text})`.execute(db);
      if (d.type === "proposal")
        await sql`insert into proposals values (${d.id}, ${d.compoundId}, ${d.text.split("\n")[0]}, 'published', 'housing', '2026-11-18T02:00:00.000Z', null)`.execute(
          db,
        );
    }
  });

  afterAll(async () => {
    captureStatements(null);
    await db?.destroy();
    if (onPg) await dropPgDatabase(server, name);
  });

  const like = async (compoundId: number, q: string) =>
    (
      await sql<{ doc_type: string; doc_id: number }>`select doc_type, doc_id from docs
        where compound_id = ${compoundId} and raw like ${`%${q}%`}`.execute(db)
    ).rows;

  it.each([
    ["电梯", 4],
    ["停车", 4],
    ["加装电梯", 4],
    ["电梯", 42],
    ["停车", 42],
    ["加装电梯", 42],
    ["充电", 4],
    ["梯电", 4],
    ["WiFi", 4],
  ])("%s in compound %i finds what LIKE finds there, and nothing elsewhere", async (q, compoundId) => {
    const found = await searchDocuments(db, compoundId, q);
    const expected = await like(compoundId, q);
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(found)).toEqual(sorted(expected));
    // The scope: every document found belongs to the compound searched.
    const compounds = new Map(DOCS.map((d) => [`${d.type}:${d.id}`, d.compoundId]));
    expect(found.every((r) => compounds.get(key(r)) === compoundId)).toBe(true);
  });

  it("reads 加装电梯 as a phrase, not as its bigrams anywhere", async () => {
    expect(sorted(await searchDocuments(db, 4, "加装电梯"))).toEqual(["comment:1", "proposal:1"]);
    // "加装 电梯" written apart, "装电梯", "楼梯电灯": no match.
    expect(sorted(await searchDocuments(db, 4, "加装电梯"))).not.toContain("proposal:7");
  });

  it("ranks, scopes and filters like the FTS5 path: proposals with their comment hits", async () => {
    const found = await searchCompound(db, 4, "停车");
    expect(found.map((p) => p.id).sort()).toEqual([2, 3]);
    expect(found.find((p) => p.id === 2)!.commentHits).toBe(1);
    expect(found.find((p) => p.id === 3)!.commentHits).toBe(1);
    // Proposal 2 names 停车 twice, so it ranks above proposal 3 (only a comment of it does).
    expect(found[0].id).toBe(2);
    expect(await searchCompound(db, 42, "电动车")).toEqual([]);
  });

  it("is safe against any input", async () => {
    for (const q of ["", "电", "'", "\\", "电梯' | '停车", "!电梯", "电梯:*", "(停车 <-> 电梯", "& | ! ( ) : * <->", "a".repeat(500)])
      await expect(searchDocuments(db, 4, q)).resolves.toBeInstanceOf(Array);
    expect(sorted(await searchDocuments(db, 4, "电梯' | '停车"))).toEqual(["comment:2"]);
  });

  it("re-indexes a document in place and removes it", async () => {
    await indexDocument(db, { type: "comment", id: 3, compoundId: 4, proposalId: 3, text: "电梯按钮坏了" });
    expect(sorted(await searchDocuments(db, 4, "停车棚"))).toEqual([]);
    expect(sorted(await searchDocuments(db, 4, "按钮"))).toEqual(["comment:3"]);
    await unindexDocument(db, "comment", 3);
    expect(sorted(await searchDocuments(db, 4, "按钮"))).toEqual([]);
    await indexDocument(
      db,
      DOCS.find((d) => d.type === "comment" && d.id === 3)!,
    );
  });

  it("finds the same documents as FTS5 on SQLite", async () => {
    const lite = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(":memory:") }) }) as unknown as DB;
    await sql`create virtual table search_index using fts5(text, scope, doc_type unindexed, doc_id unindexed,
      compound_id unindexed, proposal_id unindexed, tokenize = 'unicode61')`.execute(lite);
    for (const d of DOCS) await indexDocument(lite, d);
    for (const q of ["电梯", "停车", "加装电梯", "充电 停车", "电梯 WiFi", "梯电"])
      for (const c of [4, 42]) expect([q, c, sorted(await searchDocuments(db, c, q))]).toEqual([q, c, sorted(await searchDocuments(lite, c, q))]);
    await lite.destroy();
  });

  it("uses the GIN index for the search statement", async () => {
    // Enough other compounds' documents that a sequential scan would cost more. VACUUM moves the bulk-loaded
    // entries out of the GIN pending list (fastupdate): until then the planner prices the index above a Seq Scan.
    await sql`insert into search_index (doc_type, doc_id, compound_id, proposal_id, scope, text)
      select 'proposal', 1000 + g, 100 + g % 200, 1000 + g, 'c' || (100 + g % 200),
        'c' || (100 + g % 200) || 'x停车 c' || (100 + g % 200) || 'x电梯 c' || (100 + g % 200) || 'xfiller' || g
      from generate_series(1, 20000) as g`.execute(db);
    await sql`vacuum analyze search_index`.execute(db);
    // The statement as the app runs it, captured as the query-plan test captures it (db/capture.ts).
    const statements = new Map<string, readonly unknown[]>();
    captureStatements(statements);
    await searchDocuments(db, 4, "加装电梯");
    captureStatements(null);
    const [search] = [...statements].filter(([s]) => /tsv @@/.test(s));
    expect(search).toBeDefined();
    const { rows } = await db.executeQuery<{ "QUERY PLAN": unknown }>(CompiledQuery.raw(`explain (format json) ${search[0]}`, [...search[1]]));
    const plan = JSON.stringify(rows[0]["QUERY PLAN"]);
    expect(plan).toContain('"Node Type":"Bitmap Index Scan"');
    expect(plan).toContain('"Index Name":"search_index_tsv"');
    expect(plan).not.toContain('"Node Type":"Seq Scan"');
    // The query-plan test's reading of the same statement finds no scan either.
    expect(await pgScans(url, statements)).toEqual({ scans: [], planned: 1 });
    // … and would see one: a LIKE over the raw tokens has no index to use.
    const like = new Map([["select doc_id from search_index where text like $1", ["%电梯%"]]]);
    expect((await pgScans(url, like)).scans.map((s) => s.table)).toEqual(["search_index"]);
  });
});
