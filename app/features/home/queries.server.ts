// What waits for one person on their home page: each query scoped to the compounds they live in (verified)
// or to their own proposals.
import type { DB as Db } from "~/db.server";

/** Votes open right now in these compounds. */
export function openVotesIn(db: Db, compoundIds: readonly number[], at: string) {
  if (compoundIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("votes as vo")
    .innerJoin("proposals as p", "p.id", "vo.proposal_id")
    .innerJoin("places as c", "c.id", "vo.compound_id")
    .select(["vo.id", "vo.proposal_id", "vo.rule", "vo.closes_at", "p.title", "c.name as compound"])
    .where("vo.compound_id", "in", [...compoundIds])
    .where("vo.status", "=", "open")
    .where("vo.opens_at", "<=", at)
    .where("vo.closes_at", ">", at)
    .orderBy("vo.closes_at")
    .limit(20)
    .execute();
}

/** Completed requests of these compounds, still within the rating window, that this person has not rated. */
export function requestsToRate(db: Db, userId: number, compoundIds: readonly number[], completedSince: string) {
  if (compoundIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("requests as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .leftJoin("request_ratings as g", (j) => j.onRef("g.request_id", "=", "r.id").onRef("g.round", "=", "r.round").on("g.user_id", "=", userId))
    .select(["r.id", "r.title", "r.level", "r.state", "r.completed_at", "c.name as compound"])
    .where("r.compound_id", "in", [...compoundIds])
    .where("r.state", "=", "completed")
    .where("r.completed_at", ">=", completedSince)
    .where("g.user_id", "is", null)
    .orderBy("r.completed_at", "desc")
    .limit(10)
    .execute();
}

/** The person's own proposals that moved lately (a state change, a comment, a co-sponsor), newest first. */
export function proposalNews(db: Db, userId: number, since: string) {
  return db
    .selectFrom("proposals as p")
    .select([
      "p.id",
      "p.title",
      "p.state",
      "p.comment_count",
      "p.last_activity_at",
      (eb) =>
        eb
          .selectFrom("notifications as n")
          .select(eb.fn.countAll<number>().as("n"))
          .where("n.user_id", "=", userId)
          .where("n.read_at", "is", null)
          .whereRef("n.proposal_id", "=", "p.id")
          .as("unread"),
    ])
    .where("p.author_id", "=", userId)
    .where("p.state", "!=", "draft")
    .where("p.last_activity_at", ">=", since)
    .orderBy("p.last_activity_at", "desc")
    .limit(5)
    .execute();
}

/** The names of places and of departments by id (the offices whose inboxes the home page counts). */
export async function officeNames(db: Db, placeIds: number[], departmentIds: number[]) {
  const [places, departments] = await Promise.all([
    placeIds.length ? db.selectFrom("places").select(["id", "name"]).where("id", "in", placeIds).execute() : [],
    departmentIds.length ? db.selectFrom("departments").select(["id", "name"]).where("id", "in", departmentIds).execute() : [],
  ]);
  return { places, departments };
}
