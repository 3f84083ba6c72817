import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

type Db = Kysely<Database>;

export function getComment(db: Db, id: number) {
  return db
    .selectFrom("comments as m")
    .innerJoin("proposals as p", "p.id", "m.proposal_id")
    .innerJoin("places as c", "c.id", "p.compound_id")
    .selectAll("m")
    .select(["p.compound_id", "c.path as compound_path", "p.state as proposal_state", "p.locked"])
    .where("m.id", "=", id)
    .executeTakeFirst();
}

/** Top-level comments per page of a thread; their replies come with them. */
export const THREAD_PAGE = 20;

const commentColumns = (db: Db) =>
  db
    .selectFrom("comments as m")
    .innerJoin("users as u", "u.id", "m.author_id")
    .select([
      "m.id",
      "m.parent_id",
      "m.author_id",
      "m.stance",
      "m.body_md",
      "m.body_html",
      "m.official",
      "m.pinned",
      "m.hidden_reason",
      "m.created_at",
      "m.edited_at",
      "u.name as author",
    ]);

/**
 * One page of a thread: pinned comments first, then the rest oldest first, THREAD_PAGE at a time, each with
 * all its replies; and how many top-level comments there are in all.
 */
export async function threadOf(db: Db, proposalId: number, page = 1) {
  const [top, count] = await Promise.all([
    commentColumns(db)
      .where("m.proposal_id", "=", proposalId)
      .where("m.parent_id", "is", null)
      .orderBy("m.pinned", "desc")
      .orderBy("m.id")
      .limit(THREAD_PAGE)
      .offset((page - 1) * THREAD_PAGE)
      .execute(),
    db.selectFrom("comments").select((eb) => eb.fn.countAll<number>().as("n")).where("proposal_id", "=", proposalId).where("parent_id", "is", null).executeTakeFirstOrThrow(),
  ]);
  const replies = top.length
    ? await commentColumns(db)
        .where(
          "m.parent_id",
          "in",
          top.map((c) => c.id),
        )
        .orderBy("m.id")
        .execute()
    : [];
  return { comments: [...top, ...replies], topCount: Number(count.n) };
}

/**
 * How many people hold each stance: each person counts once, by their latest visible comment or reply that
 * carries a stance (a reply without one counts for nothing). Read from the index of visible stanced comments
 * (comments_visible_stance), a person's comments in time order.
 */
export function stanceCounts(db: Db, proposalId: number) {
  const ranked = db
    .selectFrom("comments")
    .select((eb) => [
      "stance",
      eb.fn
        .agg<number>("row_number")
        .over((ob) => ob.partitionBy("author_id").orderBy("created_at", "desc").orderBy("id", "desc"))
        .as("latest"),
    ])
    .where("proposal_id", "=", proposalId)
    .where("hidden_reason", "is", null)
    .where("stance", "is not", null);
  return db
    .selectFrom(ranked.as("r"))
    .select(["r.stance", (eb) => eb.fn.countAll<number>().as("n")])
    .where("r.latest", "=", 1)
    .groupBy("r.stance")
    .execute();
}

export function revisionsOf(db: Db, commentIds: number[]) {
  if (commentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("comment_revisions").selectAll().where("comment_id", "in", commentIds).orderBy("id").execute();
}

export function minutesOf(db: Db, proposalId: number) {
  return db
    .selectFrom("minutes as n")
    .innerJoin("users as u", "u.id", "n.author_id")
    .selectAll("n")
    .select("u.name as author")
    .where("n.proposal_id", "=", proposalId)
    .orderBy("n.id")
    .execute();
}
