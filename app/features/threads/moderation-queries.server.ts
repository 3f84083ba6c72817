// What moderation writes: hidden reasons, locks, pins, official answers and mutes.
import type { DB } from "~/db.server";

export async function setCommentHidden(db: DB, commentId: number, reason: string | null) {
  await db.updateTable("comments").set({ hidden_reason: reason }).where("id", "=", commentId).execute();
}

export async function setProposalHidden(db: DB, proposalId: number, reason: string | null) {
  await db.updateTable("proposals").set({ hidden_reason: reason }).where("id", "=", proposalId).execute();
}

export async function setLocked(db: DB, proposalId: number, locked: boolean) {
  await db
    .updateTable("proposals")
    .set({ locked: locked ? 1 : 0 })
    .where("id", "=", proposalId)
    .execute();
}

export async function setPinned(db: DB, commentId: number, pinned: boolean) {
  await db
    .updateTable("comments")
    .set({ pinned: pinned ? 1 : 0 })
    .where("id", "=", commentId)
    .execute();
}

export async function setOfficial(db: DB, commentId: number, official: boolean) {
  await db
    .updateTable("comments")
    .set({ official: official ? 1 : 0 })
    .where("id", "=", commentId)
    .execute();
}

/** A person's live role grants, with the path of each place (to ask the permission module about them). */
export async function grantsOf(db: DB, userId: number) {
  const rows = await db
    .selectFrom("role_grants as g")
    .innerJoin("places as pl", "pl.id", "g.place_id")
    .select(["g.role", "pl.path"])
    .where("g.user_id", "=", userId)
    .where("g.revoked_at", "is", null)
    .execute();
  return rows.map((g) => ({ role: g.role, placePath: g.path }));
}

/** Whether this person wrote in this proposal's thread. */
export async function commentedIn(db: DB, proposalId: number, userId: number): Promise<boolean> {
  return !!(await db.selectFrom("comments").select("author_id").where("proposal_id", "=", proposalId).where("author_id", "=", userId).executeTakeFirst());
}

export async function userName(db: DB, userId: number): Promise<string> {
  return (await db.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirstOrThrow()).name;
}

export async function insertMute(db: DB, m: { compoundId: number; userId: number; until: string; reason: string; by: number | null; at: string }) {
  await db
    .insertInto("mutes")
    .values({ compound_id: m.compoundId, user_id: m.userId, until: m.until, reason: m.reason, muted_by: m.by, created_at: m.at })
    .execute();
}
