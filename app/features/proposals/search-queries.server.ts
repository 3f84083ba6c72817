import { sql } from "kysely";
import type { DB } from "~/db.server";
import { engineOf } from "../../../db/engine";
import { indexText, matchQuery, tsQuery } from "~/domain/search-text";

type Db = DB;

// The full-text index: on SQLite an FTS5 table, one row per document at rowid 2·id for a proposal and 2·id + 1
// for a comment; on PostgreSQL a table keyed by (doc_type, doc_id) whose generated tsvector of the same scoped
// bigram tokens sits under a GIN index (docs/adr: search on PostgreSQL). Only these statements differ.
const rowidOf = (type: "proposal" | "comment", id: number) => (type === "proposal" ? id * 2 : id * 2 + 1);

export async function indexDocument(db: Db, d: { type: "proposal" | "comment"; id: number; compoundId: number; proposalId: number; text: string }) {
  const text = indexText(d.text, d.compoundId);
  if (engineOf(db) === "pg") {
    await sql`insert into search_index (doc_type, doc_id, compound_id, proposal_id, scope, text)
              values (${d.type}, ${d.id}, ${d.compoundId}, ${d.proposalId}, ${`c${d.compoundId}`}, ${text})
              on conflict (doc_type, doc_id) do update set compound_id = excluded.compound_id,
                proposal_id = excluded.proposal_id, scope = excluded.scope, text = excluded.text`.execute(db);
    return;
  }
  const rowid = rowidOf(d.type, d.id);
  await sql`delete from search_index where rowid = ${rowid}`.execute(db);
  await sql`insert into search_index (rowid, text, scope, doc_type, doc_id, compound_id, proposal_id)
            values (${rowid}, ${text}, ${`c${d.compoundId}`}, ${d.type}, ${d.id}, ${d.compoundId}, ${d.proposalId})`.execute(db);
}

export async function unindexDocument(db: Db, type: "proposal" | "comment", id: number) {
  if (engineOf(db) === "pg") await sql`delete from search_index where doc_type = ${type} and doc_id = ${id}`.execute(db);
  else await sql`delete from search_index where rowid = ${rowidOf(type, id)}`.execute(db);
}

type Hit = { proposal_id: number; doc_type: string; doc_id: number };

/**
 * The documents of one compound that match, best first (at most 200). On PostgreSQL the GIN index finds them by
 * their scoped tokens and `compound_id` checks the scope again; ties go in the FTS5 rowid order (id, proposal first).
 */
export async function searchDocuments(db: Db, compoundId: number, query: string): Promise<Hit[]> {
  if (engineOf(db) === "pg") {
    const q = tsQuery(query, compoundId);
    if (!q) return [];
    const { rows } = await sql<Hit>`
      select proposal_id, doc_type, doc_id from search_index, to_tsquery('simple', ${q}) as q
      where tsv @@ q and compound_id = ${compoundId}
      order by ts_rank(tsv, q) desc, doc_id * 2 + case when doc_type = 'comment' then 1 else 0 end
      limit 200`.execute(db);
    return rows;
  }
  const match = matchQuery(query, compoundId);
  if (!match) return [];
  const { rows } = await sql<Hit>`
    select proposal_id, doc_type, doc_id, rank from search_index
    where search_index match ${`text : (${match})`}
    order by rank limit 200`.execute(db);
  return rows;
}

/** Proposals of one compound whose text or comments match, best first. Hidden content is never indexed. */
export async function searchCompound(db: Db, compoundId: number, query: string, limit = 30) {
  const rows = await searchDocuments(db, compoundId, query);
  const best = new Map<number, { hits: number; commentIds: number[] }>();
  for (const r of rows) {
    const entry = best.get(r.proposal_id) ?? { hits: 0, commentIds: [] };
    entry.hits++;
    if (r.doc_type === "comment") entry.commentIds.push(r.doc_id);
    best.set(r.proposal_id, entry);
  }
  const ids = [...best.keys()].slice(0, limit);
  if (ids.length === 0) return [];
  const proposals = await db
    .selectFrom("proposals")
    .select(["id", "title", "state", "category", "last_activity_at"])
    .where("id", "in", ids)
    .where("compound_id", "=", compoundId)
    .where("hidden_reason", "is", null)
    .where("state", "!=", "draft")
    .execute();
  return ids
    .map((id) => {
      const p = proposals.find((x) => x.id === id);
      return p ? { ...p, commentHits: best.get(id)!.commentIds.length } : null;
    })
    .filter((p): p is NonNullable<typeof p> => p !== null);
}

/** Every indexed document with its source text, to index again when the tokens change (a page at a time). */
export async function indexedDocuments(db: Db, after: { type: string; id: number } | null, limit = 500) {
  const rows = await sql<{ doc_type: "proposal" | "comment"; doc_id: number; compound_id: number; proposal_id: number; text: string | null }>`
    select s.doc_type, s.doc_id, s.compound_id, s.proposal_id,
      case when s.doc_type = 'proposal' then p.title || ${"\n"} || p.body_md else c.body_md end as text
    from search_index s
    left join proposals p on s.doc_type = 'proposal' and p.id = s.doc_id
    left join comments c on s.doc_type = 'comment' and c.id = s.doc_id
    where ${after === null ? sql`1 = 1` : sql`(s.doc_type, s.doc_id) > (${after.type}, ${after.id})`}
    order by s.doc_type, s.doc_id
    limit ${limit}`.execute(db);
  return rows.rows;
}
