import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

type Db = Kysely<Database>;

/** Open reports of a compound, with what they point at. */
export function openReports(db: Db, compoundId: number) {
  return db
    .selectFrom("reports as r")
    .innerJoin("users as u", "u.id", "r.reporter_id")
    .innerJoin("proposals as p", "p.id", "r.proposal_id")
    .leftJoin("comments as m", "m.id", "r.comment_id")
    .select(["r.id", "r.reason", "r.note", "r.created_at", "r.proposal_id", "r.comment_id", "u.name as reporter", "p.title", "m.body_html as comment_html", "p.hidden_reason as proposal_hidden", "m.hidden_reason as comment_hidden"])
    .where("r.compound_id", "=", compoundId)
    .where("r.status", "=", "open")
    .orderBy("r.id")
    .limit(200)
    .execute();
}
