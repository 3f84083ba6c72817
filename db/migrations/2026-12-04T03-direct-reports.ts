import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Direct reports (随手拍 / 接诉即办, issue 17 · 4): a verified resident reports a small problem and it becomes a
// service request without a vote. A request now has an origin: a resolution (resolution_id and proposal_id set,
// as before) or a report (both null, a building of the compound or a free-text spot instead). One CHECK says
// exactly one origin is set. A report merged into another closes pointing at it (merged_into). Residents who
// back a report ("+1") or filed it follow it in request_follows: they are told of its steps.
//
// SQLite cannot drop a NOT NULL or add a table CHECK in place: the requests table is rebuilt the documented way
// (as migration 07 does): foreign keys and triggers off, new table from the stored CREATE text, rows copied,
// indexes and the autoincrement counter put back, foreign keys checked.

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

const ORIGIN =
  `("source" = 'resolution' and "resolution_id" is not null and "proposal_id" is not null and "building_id" is null and "spot" is null)` +
  ` or ("source" = 'report' and "resolution_id" is null and "proposal_id" is null and ("building_id" is not null or "spot" is not null))`;
const SOURCE = `"source" in ('resolution', 'report')`;

// Columns go before the table constraints (SQLite's grammar), the new constraints after the last one.
const COLUMNS =
  `, "source" text default 'resolution' not null, "building_id" integer references "places" ("id"), "spot" text,` +
  ` "merged_into" integer references "requests" ("id")`;
const CONSTRAINTS = `, constraint "requests_source_check" check (${SOURCE}), constraint "requests_origin_check" check (${ORIGIN})`;
const FIRST_CONSTRAINT = ", constraint ";

const NOT_NULL_REFS: [string, string][] = [
  [`"resolution_id" integer not null references`, `"resolution_id" integer references`],
  [`"proposal_id" integer not null references`, `"proposal_id" integer references`],
];

function edit(create: string, direction: "up" | "down"): string {
  let out = create;
  for (const [before, after] of NOT_NULL_REFS) {
    const [from, to] = direction === "up" ? [before, after] : [after, before];
    if (!out.includes(from)) throw new Error(`direct-reports: requests has no ${from}`);
    out = out.replace(from, to);
  }
  if (direction === "up") {
    const first = out.indexOf(FIRST_CONSTRAINT);
    const close = out.lastIndexOf(")");
    if (first < 0) throw new Error("direct-reports: requests has no table constraints (migration 07 adds them)");
    return out.slice(0, first) + COLUMNS + out.slice(first, close) + CONSTRAINTS + out.slice(close);
  }
  if (!out.includes(COLUMNS) || !out.includes(CONSTRAINTS)) throw new Error("direct-reports: requests does not carry what this migration added");
  return out.replace(COLUMNS, "").replace(CONSTRAINTS, "");
}

async function columnsOf(db: Kysely<any>, table: string): Promise<string[]> {
  return (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
}

/** Rebuilds `requests` from its stored CREATE text changed by `edit`, keeping rows, indexes, triggers and counter. */
async function rebuildRequests(db: Kysely<any>, direction: "up" | "down") {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      const triggers = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by rowid`.execute(trx);
      for (const t of triggers.rows) await sql.raw(`drop trigger ${quote(t.name)}`).execute(trx);
      const stored = await sql<{
        type: string;
        sql: string;
      }>`select type, sql from sqlite_master where tbl_name = 'requests' and type in ('table', 'index') and sql is not null order by rowid`.execute(trx);
      const create = stored.rows.find((r) => r.type === "table")?.sql;
      const head = `CREATE TABLE "requests"`;
      if (!create?.startsWith(head)) throw new Error("direct-reports: unexpected CREATE statement for requests");
      const old = await columnsOf(trx, "requests");
      const kept = (direction === "up" ? old : old.filter((c) => !["source", "building_id", "spot", "merged_into"].includes(c))).map(quote).join(", ");
      const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'requests'`.execute(trx);
      await sql.raw(`CREATE TABLE "requests_new"${edit(create, direction).slice(head.length)}`).execute(trx);
      await sql.raw(`insert into "requests_new" (${kept}) select ${kept} from "requests"`).execute(trx);
      await sql.raw(`drop table "requests"`).execute(trx);
      await sql.raw(`alter table "requests_new" rename to "requests"`).execute(trx);
      for (const index of stored.rows.filter((r) => r.type === "index")) await sql.raw(index.sql).execute(trx);
      const was = seq.rows[0]?.seq;
      if (was !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${was}) where name = 'requests'`.execute(trx);
      for (const t of triggers.rows) await sql.raw(t.sql).execute(trx);
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length) throw new Error(`direct-reports: foreign key check failed: ${JSON.stringify(broken.rows.slice(0, 3))}`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  if (engine === "pg") {
    await sql`alter table requests alter column resolution_id drop not null`.execute(db);
    await sql`alter table requests alter column proposal_id drop not null`.execute(db);
    await db.schema
      .alterTable("requests")
      .addColumn("source", "text", (c) => c.notNull().defaultTo("resolution"))
      .execute();
    await db.schema
      .alterTable("requests")
      .addColumn("building_id", t.ref, (c) => c.references("places.id"))
      .execute();
    await db.schema.alterTable("requests").addColumn("spot", "text").execute();
    await db.schema
      .alterTable("requests")
      .addColumn("merged_into", t.ref, (c) => c.references("requests.id"))
      .execute();
    await sql.raw(`alter table requests add constraint requests_source_check check (${SOURCE})`).execute(db);
    await sql.raw(`alter table requests add constraint requests_origin_check check (${ORIGIN})`).execute(db);
  } else {
    await rebuildRequests(db, "up");
  }
  // Likely duplicates are looked up by compound, category and building among the open reports.
  await db.schema.createIndex("requests_reports").on("requests").columns(["compound_id", "source", "category", "building_id"]).execute();
  await db.schema
    .createTable("request_follows")
    .addColumn("request_id", t.ref, (c) => c.notNull().references("requests.id"))
    .addColumn("user_id", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("request_follows_pk", ["request_id", "user_id"])
    .execute();
  await db.schema.createIndex("request_follows_user").on("request_follows").columns(["user_id"]).execute();
}

/** Down refuses while reports exist: a request without a resolution has no place in the older schema. */
export async function down(db: Kysely<any>, engine: Engine): Promise<void> {
  const n = await sql<{ n: number }>`select count(*) as n from requests where source = 'report'`.execute(db);
  if (Number(n.rows[0].n) > 0) throw new Error("direct-reports: reports exist; remove them before going down");
  await db.schema.dropTable("request_follows").execute();
  await db.schema.dropIndex("requests_reports").execute();
  if (engine === "pg") {
    await sql`alter table requests drop constraint requests_origin_check`.execute(db);
    await sql`alter table requests drop constraint requests_source_check`.execute(db);
    for (const c of ["merged_into", "spot", "building_id", "source"]) await db.schema.alterTable("requests").dropColumn(c).execute();
    await sql`alter table requests alter column resolution_id set not null`.execute(db);
    await sql`alter table requests alter column proposal_id set not null`.execute(db);
    return;
  }
  await rebuildRequests(db, "down");
}
