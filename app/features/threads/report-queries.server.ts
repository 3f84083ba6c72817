import type { ReportReason } from "../../../db/schema";
import type { DB } from "~/db.server";

type Db = DB;

/** Open reports of a compound, with what they point at. */
export function openReports(db: Db, compoundId: number) {
  return db
    .selectFrom("reports as r")
    .innerJoin("users as u", "u.id", "r.reporter_id")
    .innerJoin("proposals as p", "p.id", "r.proposal_id")
    .leftJoin("comments as m", "m.id", "r.comment_id")
    .select([
      "r.id",
      "r.reason",
      "r.note",
      "r.created_at",
      "r.proposal_id",
      "r.comment_id",
      "u.name as reporter",
      "p.title",
      "m.body_html as comment_html",
      "p.hidden_reason as proposal_hidden",
      "m.hidden_reason as comment_hidden",
    ])
    .where("r.compound_id", "=", compoundId)
    .where("r.status", "=", "open")
    .orderBy("r.id")
    .limit(200)
    .execute();
}

/** A report with the path of its compound. */
export function getReport(db: Db, reportId: number) {
  return db
    .selectFrom("reports as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .select(["r.id", "r.status", "r.compound_id", "c.path"])
    .where("r.id", "=", reportId)
    .executeTakeFirst();
}

/** Whether this person already has an open report on this proposal (commentId null) or on this comment. */
export async function hasOpenReport(db: Db, reporterId: number, proposalId: number, commentId: number | null): Promise<boolean> {
  let open = db.selectFrom("reports").select("id").where("reporter_id", "=", reporterId).where("proposal_id", "=", proposalId).where("status", "=", "open");
  open = commentId === null ? open.where("comment_id", "is", null) : open.where("comment_id", "=", commentId);
  return !!(await open.executeTakeFirst());
}

export async function insertReport(
  db: Db,
  r: { compoundId: number; proposalId: number; commentId: number | null; reporterId: number; reason: ReportReason; note: string | null; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto("reports")
    .values({
      compound_id: r.compoundId,
      proposal_id: r.proposalId,
      comment_id: r.commentId,
      reporter_id: r.reporterId,
      reason: r.reason,
      note: r.note,
      status: "open",
      created_at: r.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Resolves the open reports on a proposal (commentId null) or on one of its comments. */
export async function resolveReports(db: Db, by: number | null, proposalId: number, commentId: number | null, at: string) {
  let q = db
    .updateTable("reports")
    .set({ status: "resolved", resolved_by: by, resolved_at: at })
    .where("proposal_id", "=", proposalId)
    .where("status", "=", "open");
  q = commentId === null ? q.where("comment_id", "is", null) : q.where("comment_id", "=", commentId);
  await q.execute();
}

export async function dismiss(db: Db, reportId: number, by: number | null, at: string) {
  await db.updateTable("reports").set({ status: "dismissed", resolved_by: by, resolved_at: at }).where("id", "=", reportId).execute();
}
