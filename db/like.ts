// "Contains this text" in SQL: a LIKE whose own % and _ (and the backslash) are taken literally. The escape
// character is named: without the clause SQLite reads \% as a backslash and a wildcard (PostgreSQL escapes with
// a backslash by default, and accepts the clause too).
import { type RawBuilder, sql } from "kysely";

/** The LIKE pattern that finds the text anywhere, with its %, _ and \ escaped by a backslash. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `lower(column) like lower('%text%') escape '\'`, for a column reference such as "c.name": Latin letters match
 * in any case on both engines (SQLite's LIKE ignores ASCII case by itself, PostgreSQL's does not).
 */
export function contains(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like lower(${containsPattern(text)}) escape '\\'`;
}
