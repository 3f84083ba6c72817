import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";

// Every indexed token carries its compound ("c42x电梯"): a compound's search reads only its own entries of the
// full-text index instead of every match in the district. Existing entries are rewritten in batches.
// The token form as it was written here (a migration never imports app code: it must run the same later).
function scopeTokens(indexed: string, scope: number): string {
  return indexed
    .split(" ")
    .filter(Boolean)
    .map((t) => `c${scope}x${t}`)
    .join(" ");
}

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === "pg") {
    // No rowid on PostgreSQL: rows are keyed by document. A PostgreSQL database starts from an empty index here.
    const { rows } = await sql<{ doc_type: string; doc_id: number; text: string; compound_id: number }>`
      select doc_type, doc_id, text, compound_id from search_index`.execute(db);
    for (const r of rows)
      await sql`update search_index set text = ${scopeTokens(r.text, r.compound_id)}
                where doc_type = ${r.doc_type} and doc_id = ${r.doc_id}`.execute(db);
    return;
  }
  let after = -1;
  for (;;) {
    const { rows } = await sql<{ rowid: number; text: string; compound_id: number }>`
      select rowid, text, compound_id from search_index where rowid > ${after} order by rowid limit 2000`.execute(db);
    if (rows.length === 0) break;
    for (const r of rows) {
      await sql`update search_index set text = ${scopeTokens(r.text, r.compound_id)} where rowid = ${r.rowid}`.execute(db);
    }
    after = rows[rows.length - 1].rowid;
  }
}
