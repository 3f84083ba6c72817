import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";

// Search within one compound without reading the whole district's matches: the compound becomes a token of
// its own indexed column (scope "c42"), so the full-text index finds both at once.
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === "pg") {
    // A plain table (2026-11-26T01): the column is added and filled in place.
    await sql`alter table search_index add column scope text`.execute(db);
    await sql`update search_index set scope = 'c' || compound_id`.execute(db);
    await sql`alter table search_index alter column scope set not null`.execute(db);
    return;
  }
  await sql`create virtual table search_index_scoped using fts5(text, scope, doc_type unindexed, doc_id unindexed, compound_id unindexed, proposal_id unindexed, tokenize = 'unicode61')`.execute(
    db,
  );
  await sql`insert into search_index_scoped (rowid, text, scope, doc_type, doc_id, compound_id, proposal_id)
            select rowid, text, 'c' || compound_id, doc_type, doc_id, compound_id, proposal_id from search_index`.execute(db);
  await sql`drop table search_index`.execute(db);
  await sql`alter table search_index_scoped rename to search_index`.execute(db);
}
