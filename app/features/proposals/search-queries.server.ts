import { sql } from "kysely";
import type { DB } from "~/db.server";
import { indexText, matchQuery } from "~/domain/search-text";

type Db = DB;

// One row per document: proposals at rowid 2·id, comments at 2·id + 1.
const rowidOf = (type: "proposal" | "comment", id: number) => (type === "proposal" ? id * 2 : id * 2 + 1);

export async function indexDocument(db: Db, d: { type: "proposal" | "comment"; id: number; compoundId: number; proposalId: number; text: string }) {
  const rowid = rowidOf(d.type, d.id);
  await sql`delete from search_index where rowid = ${rowid}`.execute(db);
  await sql`insert into search_index (rowid, text, scope, doc_type, doc_id, compound_id, proposal_id)
            values (${rowid}, ${indexText(d.text, d.compoundId)}, ${`c${d.compoundId}`}, ${d.type}, ${d.id}, ${d.compoundId}, ${d.proposalId})`.execute(db);
}

export async function unindexDocument(db: Db, type: "proposal" | "comment", id: number) {
  await sql`delete from search_index where rowid = ${rowidOf(type, id)}`.execute(db);
}

/** Proposals of one compound whose text or comments match, best first. Hidden content is never indexed. */
export async function searchCompound(db: Db, compoundId: number, query: string, limit = 30) {
  const match = matchQuery(query, compoundId);
  if (!match) return [];
  const { rows } = await sql<{ proposal_id: number; doc_type: string; doc_id: number; rank: number }>`
    select proposal_id, doc_type, doc_id, rank from search_index
    where search_index match ${`text : (${match})`}
    order by rank limit 200`.execute(db);
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
