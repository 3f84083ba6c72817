import { type Kysely, sql } from "kysely";
import type { Engine } from "../engine";
import { columnTypes } from "./types";

// Votes with a frozen electorate, ballots kept apart from their choices, paper ballots, the published
// hash-chained ballot list, and resolutions.
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine);
  await db.schema
    .createTable("votes")
    .addColumn("id", t.id, t.identity)
    .addColumn("proposal_id", t.ref, (c) => c.notNull().unique().references("proposals.id"))
    .addColumn("compound_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("rule", "text", (c) => c.notNull())
    .addColumn("per", "text", (c) => c.notNull())
    .addColumn("quorum_percent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("secret", t.flag, (c) => c.notNull())
    .addColumn("opens_at", t.instant, (c) => c.notNull())
    .addColumn("closes_at", t.instant, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    // Links a ballot's choice to its elector while the vote is open; erased at close.
    .addColumn("slot_salt", "text")
    .addColumn("opened_by", t.ref, (c) => c.references("users.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("closed_at", t.instant)
    .addColumn("result", "text")
    .addColumn("passed", t.flag)
    .addColumn("chain_head", "text")
    .execute();
  await db.schema.createIndex("votes_status_closes").on("votes").columns(["status", "closes_at"]).execute();
  await db.schema.createIndex("votes_compound").on("votes").columns(["compound_id", "id"]).execute();

  await db.schema
    .createTable("vote_electors")
    .addColumn("id", t.id, t.identity)
    .addColumn("vote_id", t.ref, (c) => c.notNull().references("votes.id"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("owner_key", "text", (c) => c.notNull())
    .addColumn("area_centi", "integer", (c) => c.notNull())
    .addColumn("dwelling_id", t.ref, (c) => c.references("dwellings.id"))
    .addColumn("building_id", t.ref, (c) => c.references("places.id"))
    .addColumn("label", "text", (c) => c.notNull())
    .addUniqueConstraint("vote_electors_key", ["vote_id", "key"])
    .execute();
  await db.schema.createIndex("vote_electors_building").on("vote_electors").columns(["vote_id", "building_id"]).execute();

  // Who may cast for which elector, frozen at opening: a user (residents' rule) or a roster phone (owners').
  await db.schema
    .createTable("vote_voters")
    .addColumn("vote_id", t.ref, (c) => c.notNull().references("votes.id"))
    .addColumn("elector_id", t.ref, (c) => c.notNull().references("vote_electors.id"))
    .addColumn("user_id", t.ref, (c) => c.references("users.id"))
    .addColumn("phone", "text")
    .execute();
  await db.schema.createIndex("vote_voters_user").on("vote_voters").columns(["vote_id", "user_id"]).execute();
  await db.schema.createIndex("vote_voters_phone").on("vote_voters").columns(["vote_id", "phone"]).execute();

  // That an elector has voted (and how: online or paper), never what they chose. One row per elector.
  await db.schema
    .createTable("ballot_casts")
    .addColumn("vote_id", t.ref, (c) => c.notNull().references("votes.id"))
    .addColumn("elector_id", t.ref, (c) => c.notNull().references("vote_electors.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("cast_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("ballot_casts_pk", ["vote_id", "elector_id"])
    .execute();

  // What was chosen, under a slot that only the open vote's salt ties to an elector. One row per elector.
  // No time, no counter and no rowid: nothing on this side can be lined up with the casts above (WITHOUT
  // ROWID keeps rows in slot order, which is random, not in the order they were written). PostgreSQL has no
  // WITHOUT ROWID: its heap keeps writing order, so closing a vote rewrites its choices in slot order.
  await db.schema
    .createTable("ballot_choices")
    .addColumn("vote_id", t.ref, (c) => c.notNull().references("votes.id"))
    .addColumn("slot", "text", (c) => c.notNull())
    .addColumn("choice", "text", (c) => c.notNull())
    .addColumn("receipt_hash", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ballot_choices_pk", ["vote_id", "slot"])
    .$call((b) => (t.pg ? b : b.modifyEnd(sql`without rowid`)))
    .execute();

  // Every change is kept, as secret as the choices: by slot, under a random id, with no time.
  await db.schema
    .createTable("ballot_history")
    .addColumn("vote_id", t.ref, (c) => c.notNull().references("votes.id"))
    .addColumn("slot", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("choice", "text", (c) => c.notNull())
    .addColumn("receipt_hash", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ballot_history_pk", ["vote_id", "slot", "id"])
    .$call((b) => (t.pg ? b : b.modifyEnd(sql`without rowid`)))
    .execute();

  await db.schema
    .createTable("paper_ballots")
    .addColumn("id", t.id, t.identity)
    .addColumn("vote_id", t.ref, (c) => c.notNull().references("votes.id"))
    .addColumn("elector_id", t.ref, (c) => c.notNull().references("vote_electors.id"))
    // Erased once confirmed in a secret vote.
    .addColumn("choice", "text")
    .addColumn("entered_by", t.ref, (c) => c.notNull().references("users.id"))
    .addColumn("entered_at", t.instant, (c) => c.notNull())
    .addColumn("confirmed_by", t.ref, (c) => c.references("users.id"))
    .addColumn("confirmed_at", t.instant)
    .addColumn("status", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("paper_ballots_vote").on("paper_ballots").columns(["vote_id", "status"]).execute();

  await db.schema
    .createTable("published_ballots")
    .addColumn("vote_id", t.ref, (c) => c.notNull().references("votes.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("receipt_hash", "text", (c) => c.notNull())
    .addColumn("choice", "text", (c) => c.notNull())
    .addColumn("chain_hash", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("published_ballots_pk", ["vote_id", "position"])
    .execute();
  await db.schema.createIndex("published_ballots_receipt").on("published_ballots").columns(["vote_id", "receipt_hash"]).execute();

  await db.schema
    .createTable("resolutions")
    .addColumn("id", t.id, t.identity)
    .addColumn("proposal_id", t.ref, (c) => c.notNull().unique().references("proposals.id"))
    .addColumn("vote_id", t.ref, (c) => c.notNull().references("votes.id"))
    .addColumn("compound_id", t.ref, (c) => c.notNull().references("places.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("tally", "text", (c) => c.notNull())
    .addColumn("notice_starts", t.instant, (c) => c.notNull())
    .addColumn("notice_ends", t.instant, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addUniqueConstraint("resolutions_seq", ["compound_id", "year", "seq"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "resolutions",
    "published_ballots",
    "paper_ballots",
    "ballot_history",
    "ballot_choices",
    "ballot_casts",
    "vote_voters",
    "vote_electors",
    "votes",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
