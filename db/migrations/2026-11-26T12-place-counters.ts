import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";
import { RECOUNT_PLACES } from "../place-counters";

// Counters a compound's home page shows on every visit — dwellings per building and per compound, verified
// residents per compound — kept on the place by triggers, so they change in the same transaction as the rows
// they count, whoever writes them (the server, the command line, the generator). A compound of 1,000
// dwellings no longer counts 1,000 rows per visit.
// Residents are people, not residencies: someone verified in two dwellings of a compound counts once, so a
// residency adds one only when its person has no other verified residency there, and removes one only when
// none remains.
const others = (who: "new" | "old") =>
  `not exists (select 1 from residencies r where r.user_id = ${who}.user_id and r.compound_id = ${who}.compound_id and r.status = 'verified' and r.id != ${who}.id)`;

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema
    .alterTable("places")
    .addColumn("dwelling_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("places")
    .addColumn("resident_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  for (const statement of RECOUNT_PLACES) await sql.raw(statement).execute(db);
  if (engine === "pg") {
    for (const statement of PG_TRIGGERS) await sql.raw(statement).execute(db);
    return;
  }
  for (const statement of [
    `create trigger dwellings_count_insert after insert on dwellings begin
       update places set dwelling_count = dwelling_count + 1 where id in (new.building_id, new.compound_id);
     end`,
    `create trigger dwellings_count_delete after delete on dwellings begin
       update places set dwelling_count = dwelling_count - 1 where id in (old.building_id, old.compound_id);
     end`,
    `create trigger dwellings_count_move after update of building_id, compound_id on dwellings begin
       update places set dwelling_count = dwelling_count - 1 where id in (old.building_id, old.compound_id);
       update places set dwelling_count = dwelling_count + 1 where id in (new.building_id, new.compound_id);
     end`,
    `create trigger residents_count_insert after insert on residencies when new.status = 'verified' begin
       update places set resident_count = resident_count + 1 where id = new.compound_id and ${others("new")};
     end`,
    `create trigger residents_count_delete after delete on residencies when old.status = 'verified' begin
       update places set resident_count = resident_count - 1 where id = old.compound_id and ${others("old")};
     end`,
    `create trigger residents_count_update after update of status, user_id, compound_id on residencies
       when old.status = 'verified' or new.status = 'verified' begin
       update places set resident_count = resident_count - 1 where old.status = 'verified' and id = old.compound_id and ${others("old")};
       update places set resident_count = resident_count + 1 where new.status = 'verified' and id = new.compound_id and ${others("new")};
     end`,
  ])
    await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === "pg") {
    for (const name of ["dwellings_count", "residents_count_insert", "residents_count_delete", "residents_count_update"])
      await sql.raw(`drop function ${name}() cascade`).execute(db);
    await db.schema.alterTable("places").dropColumn("resident_count").dropColumn("dwelling_count").execute();
    return;
  }
  for (const name of [
    "residents_count_update",
    "residents_count_delete",
    "residents_count_insert",
    "dwellings_count_move",
    "dwellings_count_delete",
    "dwellings_count_insert",
  ]) {
    await sql.raw(`drop trigger ${name}`).execute(db);
  }
  await db.schema.alterTable("places").dropColumn("resident_count").execute();
  await db.schema.alterTable("places").dropColumn("dwelling_count").execute();
}

// PostgreSQL: the same triggers by name. Dwellings count row by row, as on SQLite. Residents cannot: PostgreSQL
// fires after-row triggers at the end of the statement, when every row of it is already written, so "no other
// verified residency" would see the statement's other rows (two residencies of one person verified or ended by
// one UPDATE would count 0 or -2). Its triggers run once per statement instead, over the rows it changed
// (transition tables), and add to each affected compound whether its person is a verified resident there now
// minus whether they were before the statement (summed per compound, as UPDATE … FROM applies one row per
// place): the net change SQLite's row triggers add up to.
const verifiedNow = (pair: string) =>
  `exists (select 1 from residencies r where r.user_id = ${pair}.user_id and r.compound_id = ${pair}.compound_id and r.status = 'verified')`;
/** Verified before the statement: a row it did not write, or a row as it was before it. */
const verifiedBefore = (pair: string, written: string | null, old: string | null) =>
  [
    `exists (select 1 from residencies r where r.user_id = ${pair}.user_id and r.compound_id = ${pair}.compound_id and r.status = 'verified'` +
      (written ? ` and r.id not in (select id from ${written}))` : ")"),
    ...(old ? [`exists (select 1 from ${old} o where o.user_id = ${pair}.user_id and o.compound_id = ${pair}.compound_id and o.status = 'verified')`] : []),
  ].join(" or ");
const residentsFunction = (name: string, pairs: string, written: string | null, old: string | null) =>
  `create function ${name}() returns trigger language plpgsql as $$ begin
     update places set resident_count = resident_count + d.delta
     from (select p.compound_id, sum((case when ${verifiedNow("p")} then 1 else 0 end)
                                     - (case when ${verifiedBefore("p", written, old)} then 1 else 0 end)) as delta
           from (${pairs}) p group by p.compound_id) d
     where places.id = d.compound_id and d.delta <> 0;
     return null;
   end $$`;
const verifiedPairs = (table: string) => `select distinct user_id, compound_id from ${table} where status = 'verified'`;

const PG_TRIGGERS = [
  `create function dwellings_count() returns trigger language plpgsql as $$ begin
     if tg_op in ('DELETE', 'UPDATE') then
       update places set dwelling_count = dwelling_count - 1 where id in (old.building_id, old.compound_id);
     end if;
     if tg_op in ('INSERT', 'UPDATE') then
       update places set dwelling_count = dwelling_count + 1 where id in (new.building_id, new.compound_id);
     end if;
     return null;
   end $$`,
  `create trigger dwellings_count_insert after insert on dwellings for each row execute function dwellings_count()`,
  `create trigger dwellings_count_delete after delete on dwellings for each row execute function dwellings_count()`,
  `create trigger dwellings_count_move after update of building_id, compound_id on dwellings for each row execute function dwellings_count()`,
  residentsFunction("residents_count_insert", verifiedPairs("new_rows"), "new_rows", null),
  residentsFunction("residents_count_delete", verifiedPairs("old_rows"), null, "old_rows"),
  residentsFunction("residents_count_update", `${verifiedPairs("old_rows")} union ${verifiedPairs("new_rows")}`, "new_rows", "old_rows"),
  `create trigger residents_count_insert after insert on residencies referencing new table as new_rows
     for each statement execute function residents_count_insert()`,
  `create trigger residents_count_delete after delete on residencies referencing old table as old_rows
     for each statement execute function residents_count_delete()`,
  // Transition tables cannot go with a column list (update of status, …): it runs on every update and finds
  // nothing to do unless a verified row is involved.
  `create trigger residents_count_update after update on residencies referencing old table as old_rows new table as new_rows
     for each statement execute function residents_count_update()`,
];
