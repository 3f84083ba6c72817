// The public pages' reads: always scoped by the compound of the address, never a name, a phone or a ballot.
// What may leave is the open-data API's choice (docs/adr/0004-open-data.md): titles, states, levels, offices,
// roles, times, tallies. The page functions (page.server) mask phones in free text.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

type Db = Kysely<Database>;

export function compoundRow(db: Db, id: number) {
  return db
    .selectFrom("places as c")
    .leftJoin("places as m", "m.id", "c.parent_id")
    .select(["c.id", "c.name", "c.path", "c.created_at", "m.name as community"])
    .where("c.id", "=", id)
    .where("c.kind", "=", "compound")
    .executeTakeFirst();
}

/**
 * The compounds of the newest resolutions (newest first, repeated when a compound has several), for the front
 * door: a bounded read in id order, not a scan of every resolution.
 */
export function compoundsOfLatestResolutions(db: Db, limit: number) {
  return db
    .selectFrom("resolutions as s")
    .innerJoin("places as c", "c.id", "s.compound_id")
    .select(["c.id", "c.name"])
    .orderBy("s.id", "desc")
    .limit(limit)
    .execute();
}

/** One page of a compound's resolutions, newest first; one row more than `limit` tells whether there is more. */
export function resolutionsOf(db: Db, compoundId: number, offset: number, limit: number) {
  return db
    .selectFrom("resolutions as s")
    .innerJoin("votes as vt", "vt.id", "s.vote_id")
    .select(["s.id", "s.number", "s.title", "s.created_at", "vt.closed_at"])
    .where("s.compound_id", "=", compoundId)
    .orderBy("s.id", "desc")
    .offset(offset)
    .limit(limit + 1)
    .execute();
}

/** One page of a compound's service requests, newest first; one row more than `limit`. */
export function requestsOf(db: Db, compoundId: number, offset: number, limit: number) {
  return (
    db
      .selectFrom("requests as r")
      .select(["r.id", "r.title", "r.level", "r.state", "r.created_at", "r.completed_at"])
      .where("r.compound_id", "=", compoundId)
      // The compound's index (compound_id, created_at) gives this order; the id breaks ties.
      .orderBy("r.created_at", "desc")
      .orderBy("r.id", "desc")
      .offset(offset)
      .limit(limit + 1)
      .execute()
  );
}

/** A resolution of this compound (none when it belongs to another), with its vote's rule and public tally. */
export function resolutionIn(db: Db, compoundId: number, id: number) {
  return db
    .selectFrom("resolutions as s")
    .innerJoin("votes as vt", "vt.id", "s.vote_id")
    .select(["s.id", "s.number", "s.title", "s.tally", "s.notice_starts", "s.notice_ends", "s.created_at", "vt.closed_at", "vt.rule"])
    .where("s.compound_id", "=", compoundId)
    .where("s.id", "=", id)
    .executeTakeFirst();
}

/** The requests made from one resolution. */
export function requestsOfResolution(db: Db, resolutionId: number) {
  return db.selectFrom("requests").select(["id", "title", "level", "state"]).where("resolution_id", "=", resolutionId).orderBy("id").execute();
}

/** A request of this compound (none when it belongs to another), with where it is: office or department by name. */
export function requestIn(db: Db, compoundId: number, id: number) {
  return (
    db
      .selectFrom("requests as r")
      // A left join: a request need not come from a resolution (a direct report, issue 17 · 4, may not).
      .leftJoin("resolutions as s", "s.id", "r.resolution_id")
      .leftJoin("places as o", "o.id", "r.office_id")
      .leftJoin("departments as d", "d.id", "r.department_id")
      .select([
        "r.id",
        "r.title",
        "r.body_html",
        "r.category",
        "r.subcategory",
        "r.budget_fen",
        "r.funding",
        "r.level",
        "r.state",
        "r.due_at",
        "r.result_html",
        "r.round",
        "r.created_at",
        "r.completed_at",
        "r.resolution_id",
        "s.number as resolution_number",
        "o.name as office",
        "d.name as department",
      ])
      .where("r.compound_id", "=", compoundId)
      .where("r.id", "=", id)
      .executeTakeFirst()
  );
}

/** A request's moves by role (no names, no person's id), in order. */
export function movesOf(db: Db, requestId: number) {
  return db
    .selectFrom("request_moves")
    .select(["id", "action", "from_level", "to_level", "to_state", "office_name", "actor_role", "reason", "on_time", "at"])
    .where("request_id", "=", requestId)
    .orderBy("id")
    .execute();
}

/** The newest resolutions of a compound, for its feed. */
export function feedResolutions(db: Db, compoundId: number, limit: number) {
  return db
    .selectFrom("resolutions as s")
    .innerJoin("votes as vt", "vt.id", "s.vote_id")
    .select(["s.id", "s.number", "s.title", "s.created_at", "vt.closed_at"])
    .where("s.compound_id", "=", compoundId)
    .orderBy("s.id", "desc")
    .limit(limit)
    .execute();
}

/** The newest steps of a compound's requests, for its feed: what happened, where, by which role. */
export function feedMoves(db: Db, compoundId: number, limit: number) {
  return db
    .selectFrom("request_moves as m")
    .innerJoin("requests as r", "r.id", "m.request_id")
    .select(["m.id", "m.action", "m.to_level", "m.to_state", "m.office_name", "m.actor_role", "m.at", "r.id as request_id", "r.title"])
    .where("r.compound_id", "=", compoundId)
    .orderBy("m.at", "desc")
    .orderBy("m.id", "desc")
    .limit(limit)
    .execute();
}
