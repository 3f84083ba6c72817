import type { Kysely } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Issue 12 · 18–19. A department that sends a request back to its street may name the department it belongs
// to instead; the street's dispatch form then offers that one first. And a department's "sent on" list finds
// what it handled from the moves by department (after a send-back the request itself no longer names it).
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema
    .alterTable("request_moves")
    .addColumn("suggested_department_id", t.ref, (c) => c.references("departments.id"))
    .execute();
  await db.schema.createIndex("request_moves_department").on("request_moves").columns(["department_id", "from_level", "request_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("request_moves_department").execute();
  await db.schema.alterTable("request_moves").dropColumn("suggested_department_id").execute();
}
