import type { Stance } from "../../../db/schema";
import type { DB } from "~/db.server";

type Db = DB;

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
    db
      .selectFrom("comments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("proposal_id", "=", proposalId)
      .where("parent_id", "is", null)
      .executeTakeFirstOrThrow(),
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

/** The end of a person's mute in a compound, if one is in force at `now` (ISO). */
export async function mutedUntil(db: Db, userId: number, compoundId: number, now: string): Promise<string | null> {
  const row = await db
    .selectFrom("mutes")
    .select("until")
    .where("user_id", "=", userId)
    .where("compound_id", "=", compoundId)
    .where("until", ">", now)
    .orderBy("until", "desc")
    .executeTakeFirst();
  return row?.until ?? null;
}

/** The same comment sent twice in a short while by the same person (a double click), if there is one. */
export function recentCommentTwin(db: Db, t: { proposalId: number; authorId: number; body: string; since: string }) {
  return db
    .selectFrom("comments")
    .select("id")
    .where("proposal_id", "=", t.proposalId)
    .where("author_id", "=", t.authorId)
    .where("body_md", "=", t.body)
    .where("created_at", ">", t.since)
    .executeTakeFirst();
}

/** Adds a comment and counts it on its proposal. */
export async function insertComment(
  db: Db,
  c: { proposalId: number; authorId: number; parentId: number | null; stance: Stance | null; body: string; html: string; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto("comments")
    .values({ proposal_id: c.proposalId, author_id: c.authorId, parent_id: c.parentId, stance: c.stance, body_md: c.body, body_html: c.html, created_at: c.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("proposals")
    .set((eb) => ({ comment_count: eb("comment_count", "+", 1), last_activity_at: c.at }))
    .where("id", "=", c.proposalId)
    .execute();
  return id;
}

type CommentRow = NonNullable<Awaited<ReturnType<typeof getComment>>>;

/** Rewrites a comment, keeping the version it replaces. */
export async function reviseComment(db: Db, c: CommentRow, next: { stance: Stance | null; body: string; html: string; at: string }) {
  await db
    .insertInto("comment_revisions")
    .values({ comment_id: c.id, stance: c.stance, body_md: c.body_md, body_html: c.body_html, created_at: c.edited_at ?? c.created_at })
    .execute();
  await db.updateTable("comments").set({ stance: next.stance, body_md: next.body, body_html: next.html, edited_at: next.at }).where("id", "=", c.id).execute();
}

export async function insertMinutes(
  db: Db,
  m: {
    proposalId: number;
    kind: "minutes" | "meeting";
    date: string | null;
    place: string | null;
    attendance: number | null;
    body: string;
    html: string;
    authorId: number;
    at: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("minutes")
    .values({
      proposal_id: m.proposalId,
      kind: m.kind,
      meeting_date: m.date,
      meeting_place: m.place,
      attendance: m.attendance,
      body_md: m.body,
      body_html: m.html,
      author_id: m.authorId,
      created_at: m.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.updateTable("proposals").set({ last_activity_at: m.at }).where("id", "=", m.proposalId).execute();
  return id;
}
