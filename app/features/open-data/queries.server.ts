// The open-data API's reads: newest first by id (a keyset page costs the same as the first), one vote's or
// one request's public record. The page functions (page.server) shape and mask what leaves.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/schema";

type Db = Kysely<Database>;

/** A page of resolutions older than `before` (or the newest), one row more than `per`. */
export function resolutionRows(db: Db, before: number | null, per: number) {
  let q = db
    .selectFrom("resolutions as s")
    .innerJoin("places as c", "c.id", "s.compound_id")
    .innerJoin("votes as v", "v.id", "s.vote_id")
    .select([
      "s.id",
      "s.number",
      "s.title",
      "s.proposal_id",
      "s.vote_id",
      "c.name as compound",
      "s.notice_starts",
      "s.notice_ends",
      "s.created_at",
      "s.tally",
      "v.closed_at",
    ])
    .orderBy("s.id", "desc")
    .limit(per + 1);
  if (before !== null) q = q.where("s.id", "<", before);
  return q.execute();
}

export function voteRow(db: Db, id: number) {
  return db
    .selectFrom("votes as vt")
    .innerJoin("places as c", "c.id", "vt.compound_id")
    .innerJoin("proposals as p", "p.id", "vt.proposal_id")
    .select([
      "vt.id",
      "vt.rule",
      "vt.per",
      "vt.secret",
      "vt.opens_at",
      "vt.closes_at",
      "vt.closed_at",
      "vt.status",
      "vt.result",
      "vt.chain_head",
      "p.title",
      "c.name as compound",
    ])
    .where("vt.id", "=", id)
    .executeTakeFirst();
}

export function resolutionOfVote(db: Db, voteId: number) {
  return db.selectFrom("resolutions").select(["id", "number"]).where("vote_id", "=", voteId).executeTakeFirst();
}

const requestSummary = [
  "r.id",
  "r.title",
  "r.resolution_id",
  "r.category",
  "r.subcategory",
  "r.budget_fen",
  "r.funding",
  "r.level",
  "r.state",
  "r.created_at",
  "r.completed_at",
  "c.name as compound",
] as const;

/** A page of requests older than `before` (or the newest), one row more than `per`. */
export function requestSummaries(db: Db, before: number | null, per: number) {
  let q = db
    .selectFrom("requests as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .select(requestSummary)
    .orderBy("r.id", "desc")
    .limit(per + 1);
  if (before !== null) q = q.where("r.id", "<", before);
  return q.execute();
}

export function requestRecord(db: Db, id: number) {
  return db
    .selectFrom("requests as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .select([...requestSummary, "r.result", "r.due_at"])
    .where("r.id", "=", id)
    .executeTakeFirst();
}

/** A request's moves by role (no names), in order. */
export function publicMoves(db: Db, requestId: number) {
  return db
    .selectFrom("request_moves")
    .select(["action", "from_level", "to_level", "to_state", "office_name", "actor_role", "reason", "on_time", "at"])
    .where("request_id", "=", requestId)
    .orderBy("id")
    .execute();
}

/** Every round's ratings of a request, counted. */
export function ratingTotals(db: Db, requestId: number) {
  return db
    .selectFrom("request_ratings as g")
    .select(["g.rating", sql<number>`count(*)`.as("n")])
    .where("g.request_id", "=", requestId)
    .groupBy("g.rating")
    .execute();
}
