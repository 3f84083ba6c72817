// Chinese full-text search on SQLite FTS5 without a Chinese tokenizer: runs of CJK characters become
// overlapping bigrams ("加装电梯" → "加装 装电 电梯"), other words are lower-cased. A query becomes a phrase of
// the same bigrams, so any run of two or more characters is found wherever it stands.
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const RUN = /[\u3400-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+/gu;

function runTokens(run: string): string[] {
  if (!CJK.test(run[0])) return [run.toLowerCase()];
  const chars = [...run];
  if (chars.length === 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i] + chars[i + 1]);
  return grams;
}

/** The text to index, as space-separated tokens. */
export function indexText(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(RUN)) out.push(...runTokens(m[0]));
  return out.join(" ");
}

/** An FTS5 MATCH expression for what a person typed, or null when there is nothing to look for. */
export function matchQuery(query: string): string | null {
  const phrases: string[] = [];
  for (const m of query.slice(0, 100).matchAll(RUN)) {
    const tokens = runTokens(m[0]);
    // A single Chinese character would match too much; a single Latin letter too.
    if (tokens.length === 1 && [...tokens[0]].length < 2) continue;
    phrases.push(`"${tokens.join(" ").replace(/"/g, "")}"`);
  }
  return phrases.length ? phrases.join(" AND ") : null;
}
