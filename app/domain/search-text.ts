// Chinese full-text search on SQLite FTS5 without a Chinese tokenizer: runs of CJK characters become
// overlapping bigrams ("加装电梯" → "加装 装电 电梯"), other words are lower-cased. A query becomes a phrase of
// the same bigrams, so any run of two or more characters is found wherever it stands.
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
// A run of CJK characters, or of other letters and digits: "3号楼电梯" is "3" then "号楼电梯", so a Latin word or
// a number never swallows the Chinese after it.
const RUN = /[\u3400-\u9fff\uf900-\ufaff]+|(?:(?![\u3400-\u9fff\uf900-\ufaff])[\p{L}\p{N}])+/gu;

/** Bumped whenever indexText changes what it makes of a text: the server then re-indexes every document at start. */
export const SEARCH_TOKENS_VERSION = "2";

function runTokens(run: string): string[] {
  if (!CJK.test(run[0])) return [run.toLowerCase()];
  const chars = [...run];
  if (chars.length === 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i] + chars[i + 1]);
  return grams;
}

/**
 * The text to index, as space-separated tokens. With a scope (a compound's id), every token carries it
 * ("c42x电梯"): a search within one compound then reads only that compound's entries of the index, however
 * large the district around it grows.
 */
export function indexText(text: string, scope?: number): string {
  const out: string[] = [];
  for (const m of text.matchAll(RUN)) out.push(...runTokens(m[0]));
  return scope === undefined ? out.join(" ") : scopeTokens(out.join(" "), scope);
}

/** Indexed tokens ("加装 装电") of one compound ("c42x加装 c42x装电"). */
export function scopeTokens(indexed: string, scope: number): string {
  return indexed
    .split(" ")
    .filter(Boolean)
    .map((t) => `c${scope}x${t}`)
    .join(" ");
}

/**
 * The phrases of what a person typed: each run of characters as its tokens (scoped when a scope is given). Only
 * letters and digits ever reach a token, so no quote, backslash or operator of either query language survives.
 */
function queryPhrases(query: string, scope?: number): string[][] {
  const phrases: string[][] = [];
  for (const m of query.slice(0, 100).matchAll(RUN)) {
    const plain = runTokens(m[0]);
    // A single Chinese character would match too much; a single Latin letter too.
    if (plain.length === 1 && [...plain[0]].length < 2) continue;
    phrases.push(scope === undefined ? plain : plain.map((t) => `c${scope}x${t}`));
  }
  return phrases;
}

/** An FTS5 MATCH expression for what a person typed, or null when there is nothing to look for. */
export function matchQuery(query: string, scope?: number): string | null {
  const phrases = queryPhrases(query, scope).map((tokens) => `"${tokens.join(" ").replace(/"/g, "")}"`);
  return phrases.length ? phrases.join(" AND ") : null;
}

/**
 * The same search as a PostgreSQL tsquery (for `to_tsquery('simple', …)`), or null when there is nothing to look
 * for: the tokens of a phrase follow each other (`<->`), and every phrase must be found (`&`). Each token is quoted
 * as a tsquery lexeme, with quotes and backslashes escaped even though tokens hold only letters and digits.
 */
export function tsQuery(query: string, scope?: number): string | null {
  const lexeme = (t: string) => `'${t.replace(/['\\]/g, (c) => `\\${c}`)}'`;
  const phrases = queryPhrases(query, scope).map((tokens) => {
    const phrase = tokens.map(lexeme).join(" <-> ");
    return tokens.length > 1 ? `(${phrase})` : phrase;
  });
  return phrases.length ? phrases.join(" & ") : null;
}
