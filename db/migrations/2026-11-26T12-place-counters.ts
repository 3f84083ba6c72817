import { type Kysely, sql } from "kysely";
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

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("places")
    .addColumn("dwelling_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("places")
    .addColumn("resident_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  for (const statement of RECOUNT_PLACES) await sql.raw(statement).execute(db);
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

export async function down(db: Kysely<any>): Promise<void> {
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
