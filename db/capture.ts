// The query-plan test (tests/integration/query-plans.test.ts) collects the text of every statement the app runs
// while it goes through its pages, with the parameters it first ran with. SQLite records a statement when it is
// prepared (its parameters are not known there: an empty list); PostgreSQL through Kysely's log, with them.
let capturing: Map<string, readonly unknown[]> | null = null;

/** Starts collecting statements into `into` (SQL text → parameters of its first run), or stops with null. */
export function captureStatements(into: Map<string, readonly unknown[]> | null) {
  capturing = into;
}

export function captured(source: string, parameters: readonly unknown[]) {
  if (capturing && !capturing.has(source)) capturing.set(source, parameters);
}
