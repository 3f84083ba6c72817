// Reads of votes: the vote, its turnout, casts, paper ballots waiting, the published list, resolutions.
import type { DB } from "~/db.server";

/** A vote with its compound and proposal title (one statement, also prepared for the group commit). */
export const voteQuery = (db: DB, id: number) =>
  db
    .selectFrom("votes as v")
    .innerJoin("places as c", "c.id", "v.compound_id")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .selectAll("v")
    .select(["c.path as compound_path", "c.name as compound", "p.title"])
    .where("v.id", "=", id);

export function getVote(db: DB, id: number) {
  return voteQuery(db, id).executeTakeFirst();
}

export type VoteRow = NonNullable<Awaited<ReturnType<typeof getVote>>>;

/** The voter statement: whether this account is in the vote's frozen electorate. */
export const voterQuery = (db: DB, voteId: number, userId: number) =>
  db.selectFrom("vote_voters").select("elector_id").where("vote_id", "=", voteId).where("user_id", "=", userId);

export async function isVoterOf(db: DB, voteId: number, userId: number) {
  return (await voterQuery(db, voteId, userId).executeTakeFirst()) !== undefined;
}

export function voteOfProposal(db: DB, proposalId: number) {
  return db.selectFrom("votes").select(["id", "status", "passed"]).where("proposal_id", "=", proposalId).executeTakeFirst();
}

/** Who has voted, never how: electors and casts, by count and by area. */
export async function turnout(db: DB, voteId: number) {
  const row = await db
    .selectFrom("vote_electors as e")
    .leftJoin("ballot_casts as c", (j) => j.onRef("c.elector_id", "=", "e.id").onRef("c.vote_id", "=", "e.vote_id"))
    .select((eb) => [
      eb.fn.countAll<number>().as("electors"),
      eb.fn.count<number>("c.elector_id").as("cast"),
      eb.fn.sum<number>("e.area_centi").as("area"),
      eb.fn.sum<number>(eb.case().when("c.elector_id", "is not", null).then(eb.ref("e.area_centi")).else(0).end()).as("castArea"),
    ])
    .where("e.vote_id", "=", voteId)
    .executeTakeFirstOrThrow();
  return { electors: Number(row.electors), cast: Number(row.cast), areaCenti: Number(row.area ?? 0), castAreaCenti: Number(row.castArea ?? 0) };
}

export async function turnoutByBuilding(db: DB, voteId: number) {
  const rows = await db
    .selectFrom("vote_electors as e")
    .leftJoin("places as b", "b.id", "e.building_id")
    .leftJoin("ballot_casts as c", (j) => j.onRef("c.elector_id", "=", "e.id").onRef("c.vote_id", "=", "e.vote_id"))
    .select((eb) => [
      "e.building_id",
      "b.name",
      "b.path",
      eb.fn.countAll<number>().as("electors"),
      eb.fn.count<number>("c.elector_id").as("cast"),
      eb.fn.sum<number>("e.area_centi").as("area"),
      eb.fn.sum<number>(eb.case().when("c.elector_id", "is not", null).then(eb.ref("e.area_centi")).else(0).end()).as("castArea"),
    ])
    .where("e.vote_id", "=", voteId)
    .groupBy(["e.building_id", "b.name", "b.path"])
    .orderBy("b.name")
    .execute();
  return rows.map((r) => ({
    buildingId: r.building_id,
    name: r.name ?? "",
    path: r.path ?? "",
    electors: Number(r.electors),
    cast: Number(r.cast),
    areaCenti: Number(r.area ?? 0),
    castAreaCenti: Number(r.castArea ?? 0),
  }));
}

export function notVoted(db: DB, voteId: number, buildingIds: number[]) {
  if (buildingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("vote_electors as e")
    .leftJoin("ballot_casts as c", (j) => j.onRef("c.elector_id", "=", "e.id").onRef("c.vote_id", "=", "e.vote_id"))
    .select(["e.id", "e.label", "e.building_id"])
    .where("e.vote_id", "=", voteId)
    .where("e.building_id", "in", buildingIds)
    .where("c.elector_id", "is", null)
    .orderBy("e.label")
    .execute();
}

/** Totals by choice, for an open vote that is not secret. */
export async function liveTotals(db: DB, voteId: number) {
  const rows = await db
    .selectFrom("ballot_choices")
    .select(["choice", (eb) => eb.fn.countAll<number>().as("n")])
    .where("vote_id", "=", voteId)
    .groupBy("choice")
    .execute();
  const out = { agree: 0, oppose: 0, abstain: 0 };
  for (const r of rows) out[r.choice] = Number(r.n);
  return out;
}

export function castsOf(db: DB, voteId: number, electorIds: number[]) {
  if (electorIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("ballot_casts")
    .select(["elector_id", "cast_at", "channel"])
    .where("vote_id", "=", voteId)
    .where("elector_id", "in", electorIds)
    .execute();
}

export function pendingPaperBallots(db: DB, voteId: number) {
  return db
    .selectFrom("paper_ballots as p")
    .innerJoin("vote_electors as e", "e.id", "p.elector_id")
    .innerJoin("users as u", "u.id", "p.entered_by")
    .leftJoin("places as b", "b.id", "e.building_id")
    .select(["p.id", "p.choice", "p.entered_at", "p.entered_by", "e.label", "u.name as enteredBy", "b.path as building_path"])
    .where("p.vote_id", "=", voteId)
    .where("p.status", "=", "pending")
    .orderBy("p.id")
    .execute();
}

export function electorList(db: DB, voteId: number) {
  return db.selectFrom("vote_electors").select(["id", "label"]).where("vote_id", "=", voteId).orderBy("label").limit(20_000).execute();
}

/**
 * The electors a paper ballot may still be entered for: nobody has voted for them (nor for another dwelling
 * of the same owner) and no paper ballot of theirs waits for confirmation.
 */
export async function paperElectors(db: DB, voteId: number) {
  const [electors, voted, pending] = await Promise.all([
    db.selectFrom("vote_electors").select(["id", "label", "owner_key"]).where("vote_id", "=", voteId).orderBy("label").limit(20_000).execute(),
    db.selectFrom("ballot_casts as c").innerJoin("vote_electors as e", "e.id", "c.elector_id").select("e.owner_key").where("c.vote_id", "=", voteId).execute(),
    db
      .selectFrom("paper_ballots as p")
      .innerJoin("vote_electors as e", "e.id", "p.elector_id")
      .select("e.owner_key")
      .where("p.vote_id", "=", voteId)
      .where("p.status", "=", "pending")
      .execute(),
  ]);
  // One owner, one choice (issue 12 · 8): an owner who voted, or whose paper ballot waits, is done for every
  // dwelling of theirs.
  const done = new Set([...voted, ...pending].map((v) => v.owner_key));
  return electors.filter((e) => !done.has(e.owner_key)).map((e) => ({ id: e.id, label: e.label }));
}

export function publishedBallots(db: DB, voteId: number, from: number, limit: number) {
  return db.selectFrom("published_ballots").selectAll().where("vote_id", "=", voteId).where("position", ">", from).orderBy("position").limit(limit).execute();
}

export function findPublishedReceipt(db: DB, voteId: number, receiptHash: string) {
  return db
    .selectFrom("published_ballots")
    .select(["position", "choice"])
    .where("vote_id", "=", voteId)
    .where("receipt_hash", "=", receiptHash)
    .executeTakeFirst();
}

export function getResolution(db: DB, id: number) {
  return db
    .selectFrom("resolutions as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .innerJoin("votes as vo", "vo.id", "r.vote_id")
    .selectAll("r")
    .select(["c.name as compound", "c.path as compound_path", "vo.rule", "vo.closed_at", "vo.secret"])
    .where("r.id", "=", id)
    .executeTakeFirst();
}

export function resolutionOfVote(db: DB, voteId: number) {
  return db.selectFrom("resolutions").select(["id", "number"]).where("vote_id", "=", voteId).executeTakeFirst();
}
