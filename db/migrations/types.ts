// Column types that differ by engine, named once so that every migration builds the same schema on both:
// the same tables, columns, nullability, keys, indexes and CHECK lists, with PostgreSQL's better types where it
// has them (docs/adr/0026-two-engines.md). Imports nothing from app/.
import { type ColumnDefinitionBuilder, sql } from "kysely";
import type { Engine } from "../engine";

export function columnTypes(engine: Engine) {
  const pg = engine === "pg";
  return {
    pg,
    /** An identity key's type; use with `identity`: `.addColumn("id", t.id, t.identity)`. */
    id: pg ? "bigint" : "integer",
    identity: (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()),
    /** A column that refers to an identity key. */
    ref: pg ? "bigint" : "integer",
    /** An instant: ISO-8601 text on SQLite, timestamptz on PostgreSQL (read back as the same ISO string). */
    instant: pg ? "timestamptz" : "text",
    /** A calendar day "YYYY-MM-DD": text on SQLite, date on PostgreSQL. */
    day: pg ? "date" : "text",
    /** A yes/no flag: 0/1 integer on SQLite (with a CHECK), boolean on PostgreSQL (read back as 0/1). */
    flag: pg ? "boolean" : "integer",
    /** A flag's default: `.defaultTo(t.flagValue(0))`. */
    flagValue: (v: 0 | 1) => (pg ? sql.lit(v === 1) : v),
  } as const;
}
