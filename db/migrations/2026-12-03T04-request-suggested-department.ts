import type { Kysely } from "kysely";

// A department that sends a request back to its street may name the department it belongs to instead
// (issue 12 · 19); the street's dispatch form then offers that one first.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("request_moves").addColumn("suggested_department_id", "integer", (c) => c.references("departments.id")).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("request_moves").dropColumn("suggested_department_id").execute();
}
