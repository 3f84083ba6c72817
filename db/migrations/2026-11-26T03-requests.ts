import type { Kysely } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Service requests (项目) that a resolution spawns, carried between offices: the responsibility list of
// each street, deadlines per level and the working calendar, the timeline of moves, evidence and ratings.
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema
    .createTable("work_calendar")
    .addColumn("date", t.day, (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull()) // holiday | workday
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .createTable("level_deadlines")
    .addColumn("level", "text", (c) => c.primaryKey())
    .addColumn("accept_days", "integer", (c) => c.notNull())
    .addColumn("complete_days", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("responsibilities")
    .addColumn("street_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("subcategory", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("department_id", t.ref, (c) => c.references("departments.id"))
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("responsibilities_pk", ["street_id", "subcategory"])
    .execute();

  await db.schema
    .createTable("requests")
    .addColumn("id", t.id, t.identity)
    .addColumn("resolution_id", t.ref, (c) => c.notNull().references("resolutions.id"))
    .addColumn("proposal_id", t.ref, (c) => c.notNull().references("proposals.id"))
    .addColumn("compound_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("community_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("street_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("subcategory", "text", (c) => c.notNull())
    .addColumn("budget_fen", t.pg ? "bigint" : "integer", (c) => c.notNull())
    .addColumn("funding", "text", (c) => c.notNull())
    // Where it is: the level, the office (compound, community or street place) or department, and its state.
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("office_id", t.ref, (c) => c.references("places.id"))
    .addColumn("department_id", t.ref, (c) => c.references("departments.id"))
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("level_since", t.instant, (c) => c.notNull())
    .addColumn("accept_due", t.instant, (c) => c.notNull())
    .addColumn("accepted_at", t.instant)
    .addColumn("complete_due", t.instant)
    // The deadline of the step it waits on (accept, then complete); null once completed. Inboxes sort by it.
    .addColumn("due_at", t.instant)
    // For the metrics: the first acceptance anywhere and the deadline of the step it was accepted at.
    .addColumn("first_accepted_at", t.instant)
    .addColumn("first_accept_due", t.instant)
    .addColumn("completed_at", t.instant)
    .addColumn("completed_level", "text")
    .addColumn("result", "text")
    .addColumn("result_html", "text")
    .addColumn("reopened", t.flag, (c) => c.notNull().defaultTo(t.flagValue(0)))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("escalations", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("returns", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", t.ref, (c) => c.references("users.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("requests_office").on("requests").columns(["level", "office_id", "due_at"]).execute();
  await db.schema.createIndex("requests_community_office").on("requests").columns(["level", "community_id", "due_at"]).execute();
  await db.schema.createIndex("requests_department").on("requests").columns(["department_id", "level", "due_at"]).execute();
  await db.schema.createIndex("requests_due").on("requests").columns(["state", "accept_due"]).execute();
  await db.schema.createIndex("requests_resolution").on("requests").columns(["resolution_id"]).execute();
  await db.schema.createIndex("requests_compound").on("requests").columns(["compound_id", "created_at"]).execute();
  await db.schema.createIndex("requests_community").on("requests").columns(["community_id", "created_at"]).execute();
  await db.schema.createIndex("requests_street").on("requests").columns(["street_id", "created_at"]).execute();

  await db.schema
    .createTable("request_moves")
    .addColumn("id", t.id, t.identity)
    .addColumn("request_id", t.ref, (c) => c.notNull().references("requests.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_level", "text")
    .addColumn("to_level", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("office_name", "text", (c) => c.notNull())
    .addColumn("department_id", t.ref, (c) => c.references("departments.id"))
    .addColumn("actor_id", t.ref, (c) => c.references("users.id"))
    .addColumn("actor_role", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("result", "text")
    // Frozen at every hand-off: whether the level that let it go was within its deadline.
    .addColumn("on_time", t.flag)
    .addColumn("at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("request_moves_request").on("request_moves").columns(["request_id", "id"]).execute();

  await db.schema
    .createTable("request_evidence")
    .addColumn("id", t.id, t.identity)
    .addColumn("request_id", t.ref, (c) => c.notNull().references("requests.id"))
    .addColumn("move_id", t.ref, (c) => c.notNull().references("request_moves.id"))
    .addColumn("file", "text", (c) => c.notNull().unique())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("uploaded_by", t.ref, (c) => c.references("users.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("request_evidence_request").on("request_evidence").columns(["request_id"]).execute();

  await db.schema
    .createTable("request_ratings")
    .addColumn("request_id", t.ref, (c) => c.notNull().references("requests.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("rating", "text", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("request_ratings_pk", ["request_id", "round", "user_id"])
    .execute();

  for (const [level, a, c] of [
    ["compound", 2, 10],
    ["community", 3, 15],
    ["street", 3, 20],
    ["department", 3, 20],
  ] as const) {
    await db.insertInto("level_deadlines").values({ level, accept_days: a, complete_days: c }).execute();
  }
}
