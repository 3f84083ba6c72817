// Chinese two-character search on PostgreSQL, 50k documents in 200 compounds: which index is used?
// A: the app's scoped bigram tokens ("c42x电梯") in a tsvector column (generated) under GIN.
// B: pg_trgm GIN on the raw text, LIKE '%电梯%' (+ compound_id).
// C: scoped tokens as text[] under GIN (@>), exact substring recheck with LIKE.
import { indexText } from "../../main/app/domain/search-text";
import { openPg, sql } from "./db";

const { db } = openPg();
const words = ["加装电梯", "停车位", "小区", "绿化", "垃圾分类", "物业费", "维修资金", "门禁", "路灯", "快递柜", "充电桩", "老年食堂", "噪音", "漏水", "外墙", "健身器材", "楼道", "消防通道", "监控", "业委会"];
const filler = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家";
function doc(rng: () => number) {
  let s = "";
  for (let i = 0; i < 12; i++) {
    if (rng() < 0.06) s += words[Math.floor(rng() * words.length)];
    else for (let k = 0; k < 3; k++) s += filler[Math.floor(rng() * filler.length)];
    if (rng() < 0.2) s += "，";
  }
  return s;
}
let seed = 42;
const rng = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

await sql.raw(`drop table if exists search_docs; create extension if not exists pg_trgm;
create table search_docs (id int primary key, compound_id int not null, proposal_id int not null, doc_type text not null,
  text text not null, tokens text not null,
  tsv tsvector generated always as (to_tsvector('simple', tokens)) stored,
  toks text[] generated always as (string_to_array(tokens, ' ')) stored)`).execute(db);
const t0 = Date.now();
const rows = Array.from({ length: 50_000 }, (_, i) => {
  const compound = 1 + (i % 200), text = doc(rng);
  return { id: i + 1, compound_id: compound, proposal_id: i + 1, doc_type: "proposal", text, tokens: indexText(text, compound) };
});
for (let i = 0; i < rows.length; i += 2000) await db.insertInto("search_docs").values(rows.slice(i, i + 2000)).execute();
const t1 = Date.now();
await sql.raw(`create index search_docs_tsv on search_docs using gin (tsv);
create index search_docs_trgm on search_docs using gin (text gin_trgm_ops);
create index search_docs_toks on search_docs using gin (toks);
analyze search_docs`).execute(db);
console.log(`load 50k: ${t1 - t0} ms, 3 GIN indexes: ${Date.now() - t1} ms`);
const size = await sql<any>`select relname, pg_size_pretty(pg_relation_size(oid)) as size from pg_class where relname like 'search_docs%' order by relname`.execute(db);
console.log(size.rows.map((r: any) => `${r.relname}=${r.size}`).join(" "));

const explain = async (label: string, q: ReturnType<typeof sql>) => {
  const { rows } = await sql<{ "QUERY PLAN": string }>`explain (analyze, costs off, timing on) ${q}`.execute(db);
  console.log(`\n--- ${label}\n` + rows.map((r) => r["QUERY PLAN"]).join("\n"));
};
for (const w of ["电梯", "停车"]) {
  const c = 42;
  const tsq = `c${c}x${w}`;
  await explain(`A tsvector @@ '${tsq}' (compound ${c})`, sql`select id from search_docs where tsv @@ to_tsquery('simple', ${tsq})
    order by ts_rank(tsv, to_tsquery('simple', ${tsq})) desc limit 200`);
  await explain(`B pg_trgm like '%${w}%' and compound_id = ${c}`, sql`select id from search_docs where text like ${"%" + w + "%"} and compound_id = ${c} limit 200`);
  await explain(`C text[] @> {${tsq}}`, sql`select id from search_docs where toks @> array[${tsq}]::text[] limit 200`);
}
const phrase = "c42x加装 <-> c42x装电 <-> c42x电梯";
await explain(`A phrase '${phrase}'`, sql`select id from search_docs where tsv @@ to_tsquery('simple', ${phrase}) limit 200`);
await explain(`B pg_trgm like '%加装电梯%' and compound 42`, sql`select id from search_docs where text like '%加装电梯%' and compound_id = 42 limit 200`);
// same answers?
const a = await sql<{ n: number }>`select count(*) as n from search_docs where tsv @@ to_tsquery('simple', 'c42x电梯')`.execute(db);
const b = await sql<{ n: number }>`select count(*) as n from search_docs where text like '%电梯%' and compound_id = 42`.execute(db);
const a2 = await sql<{ n: number }>`select count(*) as n from search_docs where tsv @@ to_tsquery('simple', ${phrase})`.execute(db);
const b2 = await sql<{ n: number }>`select count(*) as n from search_docs where text like '%加装电梯%' and compound_id = 42`.execute(db);
console.log(`\nsame matches: 电梯 tsvector ${a.rows[0].n} vs like ${b.rows[0].n}; 加装电梯 phrase ${a2.rows[0].n} vs like ${b2.rows[0].n}`);
await db.destroy();
