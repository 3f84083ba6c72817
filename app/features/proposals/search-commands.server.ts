// The search index kept in step with the tokenizer: when indexText changes (SEARCH_TOKENS_VERSION), every
// indexed document is indexed again from its source text, once, by the first server that starts.
import { getDb, transaction } from "~/db.server";
import { SEARCH_TOKENS_VERSION } from "~/domain/search-text";
import { readSetting, writeSetting } from "~/features/shared-state/queries.server";
import { indexDocument, indexedDocuments } from "./search-queries.server";

const SETTING = "search_tokens";

/** Re-indexes every document when the tokens changed since the index was written; answers how many it redid. */
export async function refreshSearchTokens(): Promise<number> {
  if ((await readSetting(getDb(), SETTING)) === SEARCH_TOKENS_VERSION) return 0;
  let after: { type: string; id: number } | null = null;
  let done = 0;
  for (;;) {
    const page = await indexedDocuments(getDb(), after);
    if (page.length === 0) break;
    await transaction(async (trx) => {
      for (const d of page) {
        if (d.text === null) continue;
        await indexDocument(trx, { type: d.doc_type, id: d.doc_id, compoundId: d.compound_id, proposalId: d.proposal_id, text: d.text });
      }
    });
    done += page.length;
    const last = page[page.length - 1];
    after = { type: last.doc_type, id: last.doc_id };
  }
  await writeSetting(getDb(), SETTING, SEARCH_TOKENS_VERSION);
  return done;
}
