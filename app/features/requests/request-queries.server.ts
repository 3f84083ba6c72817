// One request: its row with the names around it, its moves, photos and ratings; and the writes its commands
// make. No authorisation here: the commands and page functions decide who may read or write.
import type { Insertable, Kysely, Updateable } from "kysely";
import type { Database, RequestLevel } from "../../../db/schema";
import type { Rating } from "~/domain/request-kinds";
import { engineOf } from "../../../db/engine";

type Db = Kysely<Database>;

export async function getRequest(db: Db, id: number) {
  return db
    .selectFrom("requests as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .leftJoin("resolutions as s", "s.id", "r.resolution_id")
    .leftJoin("places as o", "o.id", "r.office_id")
    .leftJoin("departments as d", "d.id", "r.department_id")
    .leftJoin("proposals as p", "p.id", "r.proposal_id")
    .leftJoin("places as b", "b.id", "r.building_id")
    .selectAll("r")
    .select([
      "p.title as proposal_title",
      "c.path as compound_path",
      "c.name as compound",
      "s.number as resolution_number",
      "o.path as office_path",
      "o.name as office",
      "d.name as department",
      "b.name as building",
    ])
    .where("r.id", "=", id)
    .executeTakeFirst();
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof getRequest>>>;

/** Every department a request has ever been dispatched to (their staff may still read it). */
export async function departmentsEver(db: Db, id: number): Promise<number[]> {
  const rows = await db
    .selectFrom("request_moves")
    .select("department_id")
    .distinct()
    .where("request_id", "=", id)
    .where("department_id", "is not", null)
    .execute();
  return rows.map((r) => r.department_id as number);
}

/** The name of the office at a level: the department's, or the place's. */
export async function officeName(db: Db, level: RequestLevel, officeId: number | null, departmentId: number | null): Promise<string> {
  if (level === "department") return (await db.selectFrom("departments").select("name").where("id", "=", departmentId!).executeTakeFirst())?.name ?? "";
  return (await db.selectFrom("places").select("name").where("id", "=", officeId!).executeTakeFirst())?.name ?? "";
}

/** A resolution with its compound, community and street: where a request made from it starts. */
export function resolutionPlaces(db: Db, resolutionId: number) {
  return db
    .selectFrom("resolutions as s")
    .innerJoin("places as c", "c.id", "s.compound_id")
    .innerJoin("places as m", "m.id", "c.parent_id")
    .select(["s.id", "s.proposal_id", "s.compound_id", "c.path", "c.name", "m.id as community_id", "m.parent_id as street_id"])
    .where("s.id", "=", resolutionId)
    .executeTakeFirst();
}

export async function insertRequest(db: Db, row: Insertable<Database["requests"]>): Promise<number> {
  return (await db.insertInto("requests").values(row).returning("id").executeTakeFirstOrThrow()).id;
}

export async function updateRequest(db: Db, id: number, patch: Updateable<Database["requests"]>) {
  await db.updateTable("requests").set(patch).where("id", "=", id).execute();
}

export async function insertMove(db: Db, row: Insertable<Database["request_moves"]>): Promise<number> {
  return (await db.insertInto("request_moves").values(row).returning("id").executeTakeFirstOrThrow()).id;
}

export async function insertEvidence(db: Db, row: Insertable<Database["request_evidence"]>) {
  await db.insertInto("request_evidence").values(row).execute();
}

/** The departments of a street, in name order: where its requests may be dispatched. */
export function streetDepartments(db: Db, streetId: number) {
  return db.selectFrom("departments").select(["id", "name"]).where("place_id", "=", streetId).orderBy("name").orderBy("id").execute();
}

export async function departmentExists(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom("departments").select("id").where("id", "=", id).executeTakeFirst());
}

export async function ratingCounts(db: Db, requestId: number, round: number): Promise<Record<Rating, number>> {
  const rows = await db
    .selectFrom("request_ratings")
    .select(["rating", (eb) => eb.fn.countAll<number>().as("n")])
    .where("request_id", "=", requestId)
    .where("round", "=", round)
    .groupBy("rating")
    .execute();
  const counts: Record<Rating, number> = { satisfied: 0, basic: 0, unsatisfied: 0 };
  for (const x of rows) counts[x.rating] = Number(x.n);
  return counts;
}

export async function myRating(db: Db, requestId: number, round: number, userId: number) {
  return (
    (
      await db
        .selectFrom("request_ratings")
        .select("rating")
        .where("request_id", "=", requestId)
        .where("round", "=", round)
        .where("user_id", "=", userId)
        .executeTakeFirst()
    )?.rating ?? null
  );
}

/** Writes a person's rating of a request's round: a new one, or a change of theirs. */
export async function saveRating(db: Db, r: { requestId: number; round: number; userId: number; rating: Rating; at: string }, existing: boolean) {
  if (existing) {
    await db
      .updateTable("request_ratings")
      .set({ rating: r.rating, updated_at: r.at })
      .where("request_id", "=", r.requestId)
      .where("round", "=", r.round)
      .where("user_id", "=", r.userId)
      .execute();
  } else {
    await db
      .insertInto("request_ratings")
      .values({ request_id: r.requestId, round: r.round, user_id: r.userId, rating: r.rating, created_at: r.at, updated_at: r.at })
      .execute();
  }
}

/** The requests still waiting at a compound or community after their accept deadline. */
/**
 * The clock's claim, inside the transaction that escalates it: the next request nobody accepted by its deadline
 * at the compound or the community (not one of `passed`). On PostgreSQL the row is locked and one another process
 * holds is skipped (FOR UPDATE SKIP LOCKED); SQLite's write transaction (BEGIN IMMEDIATE) shuts the others out.
 */
export async function claimOverdueRequest(db: Db, at: string, passed: readonly number[]): Promise<number | null> {
  const row = await db
    .selectFrom("requests")
    .select("id")
    .where("state", "=", "received")
    .where("accept_due", "<", at)
    .where("level", "in", ["compound", "community"])
    .$if(passed.length > 0, (q) => q.where("id", "not in", passed))
    .orderBy("accept_due")
    .orderBy("id")
    .limit(1)
    .$if(engineOf(db) === "pg", (q) => q.forUpdate().skipLocked())
    .executeTakeFirst();
  return row ? row.id : null;
}

/** What the clock checks again inside its transaction before it escalates. */
export function requestClock(db: Db, id: number) {
  return db.selectFrom("requests").select(["state", "accept_due", "level"]).where("id", "=", id).executeTakeFirst();
}

export function timeline(db: Db, requestId: number) {
  return db
    .selectFrom("request_moves as m")
    .leftJoin("users as u", "u.id", "m.actor_id")
    .leftJoin("departments as sd", "sd.id", "m.suggested_department_id")
    .select([
      "m.id",
      "m.action",
      "m.from_level",
      "m.to_level",
      "m.to_state",
      "m.office_name",
      "m.actor_role",
      "m.reason",
      "m.result",
      "m.on_time",
      "m.at",
      "u.name as actor_name",
      "m.suggested_department_id",
      "sd.name as suggested_department",
    ])
    .where("m.request_id", "=", requestId)
    .orderBy("m.id")
    .execute();
}

/** The photos of the latest completion (a reopened request's earlier photos stay on its timeline's record). */
export function evidenceOf(db: Db, requestId: number) {
  return db
    .selectFrom("request_evidence")
    .select(["id", "move_id", "mime", "bytes"])
    .where("request_id", "=", requestId)
    .where("move_id", "=", (eb) =>
      eb
        .selectFrom("request_moves")
        .select((m) => m.fn.max("id").as("id"))
        .where("request_id", "=", requestId)
        .where("action", "=", "complete"),
    )
    .orderBy("id")
    .execute();
}

/** One evidence photo's record: the request it belongs to and the file on disk. */
export function evidenceFile(db: Db, id: number) {
  return db.selectFrom("request_evidence").select(["request_id", "file", "mime", "bytes"]).where("id", "=", id).executeTakeFirst();
}
