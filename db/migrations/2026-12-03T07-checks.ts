import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";

// CHECK constraints on every enum-like text column and every 0/1 flag (issue 13 · 4), so that a value outside
// its list cannot reach the database whatever code writes it (a service, the generator, a hand-run statement).
//
// The value lists are literals: a migration imports nothing from app/ (issue 13 · 3) and must mean the same
// thing in a year as today. tests/unit/migration-checks.test.ts compares each list with the app's constant (or
// its TypeScript union), so the two cannot drift apart.
//
// SQLite cannot add a CHECK to an existing table, so each affected table is rebuilt the documented way:
// foreign keys off, a new table from the old CREATE statement with the CHECK clauses added, rows copied,
// old table dropped, new one renamed, its indexes put back from their stored text, autoincrement counters
// kept, foreign keys checked. The triggers (place counters, the audit log's guards) are dropped first and put
// back last from their stored text: a trigger on one table may name another that is being rebuilt.
// Before any of that, the existing rows are checked: a row outside a list stops the migration, naming it.
//
// PostgreSQL adds each constraint in place (`alter table … add constraint`), after the same check of the rows.
// Its flags are boolean columns, which hold nothing but true and false: they need no CHECK.
//
// Not covered: audit_log.action / entity_type (open-ended, "request.accept" and so on), search_index.doc_type
// (an FTS5 table takes no constraints), sign_in_failures.source (holds an address) and Kysely's own tables.

export type Allowed = readonly string[] | "flag";

export const CHECKS: Record<string, Record<string, Allowed>> = {
  places: {
    kind: ["city", "district", "street", "community", "compound", "building"],
  },
  users: {
    locale: ["zh-CN", "en"],
  },
  role_grants: {
    role: ["admin", "coordinator", "building_lead", "community_staff", "street_staff", "department_staff"],
  },
  residencies: {
    relation: ["owner", "tenant", "family"],
    status: ["pending", "verified", "rejected", "ended"],
    method: ["claim", "code", "roster"],
  },
  proposals: {
    category: ["employment", "housing", "safety", "environment", "social", "selfgov"],
    state: ["draft", "submitted", "published", "voting", "adopted", "rejected", "declined", "withdrawn", "merged", "archived"],
    locked: "flag",
  },
  comments: {
    stance: ["for", "against", "neutral"],
    official: "flag",
    pinned: "flag",
  },
  comment_revisions: {
    stance: ["for", "against", "neutral"],
  },
  minutes: {
    kind: ["minutes", "meeting"],
  },
  reports: {
    reason: ["spam", "abuse", "offtopic", "personal"],
    status: ["open", "resolved", "dismissed"],
  },
  notifications: {
    kind: ["comment", "reply", "state", "moderated", "cosponsor", "request"],
  },
  votes: {
    rule: ["residents", "owners_ordinary", "owners_major"],
    per: ["person", "dwelling"],
    secret: "flag",
    status: ["open", "closed"],
    passed: "flag",
  },
  ballot_casts: {
    channel: ["online", "paper"],
  },
  ballot_choices: {
    choice: ["agree", "oppose", "abstain"],
  },
  ballot_history: {
    choice: ["agree", "oppose", "abstain"],
  },
  paper_ballots: {
    choice: ["agree", "oppose", "abstain"],
    status: ["pending", "confirmed", "expired"],
  },
  published_ballots: {
    choice: ["agree", "oppose", "abstain"],
  },
  work_calendar: {
    kind: ["holiday", "workday"],
  },
  level_deadlines: {
    level: ["compound", "community", "street", "department"],
  },
  responsibilities: {
    subcategory: ["elevator", "repair", "parking", "security", "garbage", "greening", "elderly", "jobs", "other"],
    level: ["compound", "community", "street"],
  },
  requests: {
    category: ["employment", "housing", "safety", "environment", "social", "selfgov"],
    subcategory: ["elevator", "repair", "parking", "security", "garbage", "greening", "elderly", "jobs", "other"],
    funding: ["maintenance_fund", "micro_fund", "street_budget", "other"],
    level: ["compound", "community", "street", "department"],
    state: ["received", "accepted", "in_progress", "completed"],
    completed_level: ["compound", "community", "street", "department"],
    reopened: "flag",
  },
  request_moves: {
    action: ["create", "accept", "start", "complete", "escalate", "return", "dispatch", "send_back", "reopen", "auto_escalate"],
    from_level: ["compound", "community", "street", "department"],
    to_level: ["compound", "community", "street", "department"],
    from_state: ["received", "accepted", "in_progress", "completed"],
    to_state: ["received", "accepted", "in_progress", "completed"],
    actor_role: ["admin", "coordinator", "building_lead", "community_staff", "street_staff", "department_staff", "system"],
    on_time: "flag",
  },
  request_ratings: {
    rating: ["satisfied", "basic", "unsatisfied"],
  },
};

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;
const valuesOf = (allowed: Allowed) => (allowed === "flag" ? "0, 1" : allowed.map(literal).join(", "));

interface Column {
  name: string;
  notnull: number;
  pk: number;
}

async function columnsOf(db: Kysely<any>, table: string, engine: Engine = "sqlite"): Promise<Column[]> {
  if (engine === "pg")
    return (
      await sql<Column>`
        select c.column_name as name, case when c.is_nullable = 'NO' then 1 else 0 end as "notnull", coalesce(k.ordinal_position, 0) as pk
        from information_schema.columns c
        left join information_schema.table_constraints t
          on t.table_schema = c.table_schema and t.table_name = c.table_name and t.constraint_type = 'PRIMARY KEY'
        left join information_schema.key_column_usage k
          on k.constraint_schema = t.constraint_schema and k.constraint_name = t.constraint_name and k.column_name = c.column_name
        where c.table_schema = current_schema() and c.table_name = ${table}`.execute(db)
    ).rows;
  return (await sql<Column>`select name, "notnull", pk from pragma_table_info(${table})`.execute(db)).rows;
}

/** The CHECK lists of a table on an engine: on PostgreSQL, flags are boolean and need none. */
function checksOf(table: string, engine: Engine): [string, Allowed][] {
  return Object.entries(CHECKS[table]).filter(([, allowed]) => engine === "sqlite" || allowed !== "flag");
}

/** `"c" in (…)`, or `"c" is null or "c" in (…)` for a nullable column: the test each constraint makes. */
function checkTest(column: string, allowed: Allowed, columns: Column[], table: string): string {
  const col = columns.find((c) => c.name === column);
  if (!col) throw new Error(`checks: ${table}.${column} does not exist`);
  const test = `${quote(column)} in (${valuesOf(allowed)})`;
  return col.notnull ? test : `${quote(column)} is null or ${test}`;
}

/** The clauses this migration appends to a table's CREATE statement: `, constraint "t_c_check" check (…)` each. */
function clauses(table: string, columns: Column[]): string {
  return checksOf(table, "sqlite")
    .map(([column, allowed]) => `, constraint ${quote(`${table}_${column}_check`)} check (${checkTest(column, allowed, columns, table)})`)
    .join("");
}

/** Stops the migration at the first stored value outside its list, naming the table, column, row and value. */
async function checkRows(db: Kysely<any>, table: string, columns: Column[], engine: Engine = "sqlite") {
  const pk = columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const key = pk.length ? pk : [engine === "pg" ? "ctid" : "rowid"];
  for (const [column, allowed] of checksOf(table, engine)) {
    const bad = await sql
      .raw<Record<string, unknown>>(
        `select ${key.map(quote).join(", ")}, ${quote(column)} as "value" from ${quote(table)} ` +
          `where ${quote(column)} is not null and ${quote(column)} not in (${valuesOf(allowed)}) limit 1`,
      )
      .execute(db);
    const row = bad.rows[0];
    if (row) {
      const id = key.map((k) => `${k} = ${JSON.stringify(row[k])}`).join(", ");
      throw new Error(
        `checks: ${table}.${column} of the row with ${id} is ${JSON.stringify(row.value)}, not one of ${allowed === "flag" ? "0, 1" : allowed.join(", ")}; correct or remove that row, then migrate again`,
      );
    }
  }
}

/** Rebuilds a table from its stored CREATE statement changed by `edit`, keeping its rows, indexes and counter. */
async function rebuild(trx: Kysely<any>, table: string, edit: (create: string) => string) {
  const stored = await sql<{
    type: string;
    sql: string;
  }>`select type, sql from sqlite_master where tbl_name = ${table} and type in ('table', 'index') and sql is not null order by rowid`.execute(trx);
  const create = stored.rows.find((r) => r.type === "table")?.sql;
  if (!create) throw new Error(`checks: no table ${table}`);
  const head = `CREATE TABLE ${quote(table)}`;
  if (!create.startsWith(head)) throw new Error(`checks: unexpected CREATE statement for ${table}: ${create.slice(0, 60)}`);
  const columns = (await columnsOf(trx, table)).map((c) => quote(c.name)).join(", ");
  const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(trx);
  await sql.raw(`CREATE TABLE ${quote(`${table}_new`)}${edit(create).slice(head.length)}`).execute(trx);
  await sql.raw(`insert into ${quote(`${table}_new`)} (${columns}) select ${columns} from ${quote(table)}`).execute(trx);
  await sql.raw(`drop table ${quote(table)}`).execute(trx);
  await sql.raw(`alter table ${quote(`${table}_new`)} rename to ${quote(table)}`).execute(trx);
  for (const index of stored.rows.filter((r) => r.type === "index")) await sql.raw(index.sql).execute(trx);
  const was = seq.rows[0]?.seq;
  if (was !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${was}) where name = ${table}`.execute(trx);
}

/** Runs the rebuilds with foreign keys off and every trigger set aside, then checks the foreign keys. */
async function rebuildAll(db: Kysely<any>, each: (trx: Kysely<any>, table: string) => Promise<void>, before?: (trx: Kysely<any>) => Promise<void>) {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      if (before) await before(trx);
      const triggers = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by rowid`.execute(trx);
      for (const t of triggers.rows) await sql.raw(`drop trigger ${quote(t.name)}`).execute(trx);
      for (const table of Object.keys(CHECKS)) await each(trx, table);
      for (const t of triggers.rows) await sql.raw(t.sql).execute(trx);
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length) throw new Error(`checks: foreign key check failed: ${JSON.stringify(broken.rows.slice(0, 3))}`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === "pg") {
    const tables = Object.keys(CHECKS);
    const columns = new Map<string, Column[]>();
    for (const table of tables) columns.set(table, await columnsOf(db, table, engine));
    for (const table of tables) await checkRows(db, table, columns.get(table)!, engine);
    for (const table of tables)
      for (const [column, allowed] of checksOf(table, engine))
        await sql
          .raw(
            `alter table ${quote(table)} add constraint ${quote(`${table}_${column}_check`)} check (${checkTest(column, allowed, columns.get(table)!, table)})`,
          )
          .execute(db);
    return;
  }
  await rebuildAll(
    db,
    async (trx, table) => {
      const columns = await columnsOf(trx, table);
      await rebuild(trx, table, (create) => {
        const close = create.lastIndexOf(")");
        return create.slice(0, close) + clauses(table, columns) + create.slice(close);
      });
    },
    async (trx) => {
      for (const table of Object.keys(CHECKS)) await checkRows(trx, table, await columnsOf(trx, table));
    },
  );
}

// Down takes the same clauses out again, leaving each CREATE statement exactly as it was before.
export async function down(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === "pg") {
    for (const table of Object.keys(CHECKS))
      for (const [column] of checksOf(table, engine))
        await sql.raw(`alter table ${quote(table)} drop constraint ${quote(`${table}_${column}_check`)}`).execute(db);
    return;
  }
  await rebuildAll(db, async (trx, table) => {
    const added = clauses(table, await columnsOf(trx, table));
    await rebuild(trx, table, (create) => {
      if (!create.includes(added)) throw new Error(`checks: ${table} does not carry the constraints this migration added`);
      return create.replace(added, "");
    });
  });
}
