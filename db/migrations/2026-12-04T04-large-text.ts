import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Elderly mode (issue 17 · 5): a person's choice of large text, remembered on their account. Null: never
// chosen (the browser's cookie decides); 1 large; 0 the usual size. A flag like the others: boolean on
// PostgreSQL, 0/1 with a CHECK on SQLite (which, unlike a table's, an added column may carry).
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema
    .alterTable("users")
    .addColumn("large_text", t.flag, (c) => (t.pg ? c : c.check(sql`large_text in (0, 1)`)))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("large_text").execute();
}
