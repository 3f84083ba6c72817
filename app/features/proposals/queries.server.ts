import type { Category, ProposalState } from "../../../db/schema";
import type { DB } from "~/db.server";

type Db = DB;

/** A proposal with the path of its compound (for the permission module) and its author's name. */
export function getProposal(db: Db, id: number) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("places as c", "c.id", "p.compound_id")
    .innerJoin("users as u", "u.id", "p.author_id")
    .selectAll("p")
    .select(["c.path as compound_path", "c.name as compound", "u.name as author"])
    .where("p.id", "=", id)
    .executeTakeFirst();
}

export type ProposalRow = NonNullable<Awaited<ReturnType<typeof getProposal>>>;

export interface ListFilter {
  compoundId: number;
  state?: ProposalState;
  category?: Category;
  /** Keyset: continue after this (last_activity_at, id). */
  after?: { at: string; id: number };
  limit: number;
}

/** A compound's public proposals, newest activity first. Drafts never appear here. */
export function listProposals(db: Db, f: ListFilter) {
  let q = db
    .selectFrom("proposals as p")
    .innerJoin("users as u", "u.id", "p.author_id")
    .select(["p.id", "p.title", "p.category", "p.state", "p.cosponsor_count", "p.comment_count", "p.last_activity_at", "p.hidden_reason", "u.name as author"])
    .where("p.compound_id", "=", f.compoundId)
    .where("p.state", "!=", "draft")
    .orderBy("p.last_activity_at", "desc")
    .orderBy("p.id", "desc")
    .limit(f.limit);
  if (f.state) q = q.where("p.state", "=", f.state);
  if (f.category) q = q.where("p.category", "=", f.category);
  if (f.after) {
    const { at, id } = f.after;
    q = q.where((eb) => eb.or([eb("p.last_activity_at", "<", at), eb.and([eb("p.last_activity_at", "=", at), eb("p.id", "<", id)])]));
  }
  return q.execute();
}

export function proposalsOfAuthor(db: Db, authorId: number) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("places as c", "c.id", "p.compound_id")
    .select(["p.id", "p.title", "p.state", "p.state_reason", "p.category", "p.updated_at", "p.cosponsor_count", "p.comment_count", "c.name as compound"])
    .where("p.author_id", "=", authorId)
    .orderBy("p.updated_at", "desc")
    .limit(200)
    .execute();
}

export function submittedProposals(db: Db, compoundId: number) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("users as u", "u.id", "p.author_id")
    .select(["p.id", "p.title", "p.category", "p.cosponsor_count", "p.updated_at", "u.name as author"])
    .where("p.compound_id", "=", compoundId)
    .where("p.state", "=", "submitted")
    .orderBy("p.updated_at")
    .limit(200)
    .execute();
}

/** Other proposals of the same compound that a proposal may be merged into. */
export function mergeTargets(db: Db, compoundId: number, exceptId: number) {
  return db
    .selectFrom("proposals")
    .select(["id", "title"])
    .where("compound_id", "=", compoundId)
    .where("id", "!=", exceptId)
    .where("state", "in", ["submitted", "published", "voting"])
    .orderBy("id", "desc")
    .limit(100)
    .execute();
}

export function cosponsorsOf(db: Db, proposalId: number) {
  return db
    .selectFrom("cosponsors as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .innerJoin("dwellings as d", "d.id", "s.dwelling_id")
    .innerJoin("places as b", "b.id", "d.building_id")
    .select(["s.user_id", "u.name", "b.name as building", "s.created_at"])
    .where("s.proposal_id", "=", proposalId)
    .orderBy("s.created_at")
    .execute();
}

/** Distinct dwellings behind a proposal: the author's (where verified in the compound) and each co-sponsor's. */
export async function supportingDwellings(db: Db, p: { id: number; author_id: number; compound_id: number }): Promise<number> {
  const [author, cosponsors] = await Promise.all([
    db
      .selectFrom("residencies")
      .select("dwelling_id")
      .where("user_id", "=", p.author_id)
      .where("compound_id", "=", p.compound_id)
      .where("status", "=", "verified")
      .execute(),
    db.selectFrom("cosponsors").select("dwelling_id").where("proposal_id", "=", p.id).execute(),
  ]);
  return new Set([...author, ...cosponsors].map((r) => r.dwelling_id)).size;
}

export async function cosponsorThreshold(db: Db, compoundId: number): Promise<number> {
  const row = await db.selectFrom("compound_settings").select("cosponsor_threshold").where("compound_id", "=", compoundId).executeTakeFirst();
  return row?.cosponsor_threshold ?? 5;
}

export function followersOf(db: Db, proposalId: number) {
  return db
    .selectFrom("follows")
    .select("user_id")
    .where("proposal_id", "=", proposalId)
    .execute()
    .then((rows) => rows.map((r) => r.user_id));
}

export async function follow(db: Db, userId: number, proposalId: number, at: string) {
  await db
    .insertInto("follows")
    .values({ user_id: userId, proposal_id: proposalId, created_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function isFollowing(db: Db, userId: number, proposalId: number) {
  return !!(await db.selectFrom("follows").select("user_id").where("user_id", "=", userId).where("proposal_id", "=", proposalId).executeTakeFirst());
}

/** The state changes and moderation acts of a proposal, from the audit log, oldest first. */
export function proposalLog(db: Db, proposalId: number) {
  return db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .select(["a.id", "a.at", "a.action", "a.reason", "a.data", "u.name as actor"])
    .where("a.entity_type", "=", "proposal")
    .where("a.entity_id", "=", proposalId)
    .orderBy("a.id")
    .execute();
}

/** The same proposal sent twice in a short while by the same author (a double click), if there is one. */
export function recentTwin(db: Db, t: { authorId: number; title: string; body: string; since: string }) {
  return db
    .selectFrom("proposals")
    .select("id")
    .where("author_id", "=", t.authorId)
    .where("title", "=", t.title)
    .where("body_md", "=", t.body)
    .where("created_at", ">", t.since)
    .executeTakeFirst();
}

export async function insertDraft(
  db: Db,
  d: { compoundId: number; authorId: number; title: string; body: string; html: string; category: Category; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto("proposals")
    .values({
      compound_id: d.compoundId,
      author_id: d.authorId,
      title: d.title,
      body_md: d.body,
      body_html: d.html,
      category: d.category,
      state: "draft",
      created_at: d.at,
      updated_at: d.at,
      last_activity_at: d.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Rewrites a draft (only while it is one). */
export async function updateDraftText(db: Db, id: number, d: { title: string; body: string; html: string; category: Category; at: string }) {
  await db
    .updateTable("proposals")
    .set({ title: d.title, body_md: d.body, body_html: d.html, category: d.category, updated_at: d.at })
    .where("id", "=", id)
    .where("state", "=", "draft")
    .execute();
}

/** Moves a proposal from the state it was read in; false when another move came first. */
export async function setState(
  db: Db,
  id: number,
  m: { from: ProposalState; to: ProposalState; reason: string | null; mergedInto: number | null; at: string },
): Promise<boolean> {
  const moved = await db
    .updateTable("proposals")
    .set({ state: m.to, state_reason: m.reason, merged_into_id: m.mergedInto, updated_at: m.at, last_activity_at: m.at })
    .where("id", "=", id)
    .where("state", "=", m.from)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

/** Records a co-sponsor and counts it on the proposal; false when this person already co-sponsors it. */
export async function addCosponsor(db: Db, c: { proposalId: number; userId: number; dwellingId: number; at: string }): Promise<boolean> {
  const inserted = await db
    .insertInto("cosponsors")
    .values({ proposal_id: c.proposalId, user_id: c.userId, dwelling_id: c.dwellingId, created_at: c.at })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  await db
    .updateTable("proposals")
    .set((eb) => ({ cosponsor_count: eb("cosponsor_count", "+", 1), last_activity_at: c.at }))
    .where("id", "=", c.proposalId)
    .execute();
  return true;
}

export async function unfollow(db: Db, userId: number, proposalId: number) {
  await db.deleteFrom("follows").where("user_id", "=", userId).where("proposal_id", "=", proposalId).execute();
}

export async function saveCosponsorThreshold(db: Db, compoundId: number, threshold: number) {
  await db
    .insertInto("compound_settings")
    .values({ compound_id: compoundId, cosponsor_threshold: threshold })
    .onConflict((oc) => oc.column("compound_id").doUpdateSet({ cosponsor_threshold: threshold }))
    .execute();
}

/** The proposals merged into this one, and the one it was merged into. */
export async function mergesOf(db: Db, p: { id: number; merged_into_id: number | null }) {
  const [from, into] = await Promise.all([
    db.selectFrom("proposals").select(["id", "title"]).where("merged_into_id", "=", p.id).execute(),
    p.merged_into_id ? db.selectFrom("proposals").select(["id", "title"]).where("id", "=", p.merged_into_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  return { from, into: into ?? null };
}
