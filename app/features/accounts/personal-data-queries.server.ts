// A person's own data, read for its download, and erased when they close their account (see commands).
import type { DB } from "~/db.server";

/** Everything kept about a person, as rows (secret choices are in none of them). */
export async function personalDataOf(db: DB, userId: number) {
  const user = await db.selectFrom("users").select(["phone", "name", "locale", "large_text", "created_at"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const voterOf = (q: ReturnType<typeof db.selectFrom<"vote_voters as w">>) =>
    q.where((eb) => eb.or([eb("w.user_id", "=", userId), eb("w.phone", "=", user.phone)]));
  const [residencies, roles, sessions, proposals, comments, cosponsored, follows, reports, notifications, votes, activity, contacts] = await Promise.all([
    db
      .selectFrom("residencies as r")
      .innerJoin("dwellings as d", "d.id", "r.dwelling_id")
      .innerJoin("places as b", "b.id", "d.building_id")
      .innerJoin("places as c", "c.id", "r.compound_id")
      .select([
        "c.name as compound",
        "b.name as building",
        "d.unit",
        "d.room",
        "r.relation",
        "r.status",
        "r.method",
        "r.created_at",
        "r.decided_at",
        "r.ended_at",
        "r.end_reason",
      ])
      .where("r.user_id", "=", userId)
      .orderBy("r.id")
      .execute(),
    db
      .selectFrom("role_grants as g")
      .leftJoin("places as p", "p.id", "g.place_id")
      .leftJoin("departments as dep", "dep.id", "g.department_id")
      .select(["g.role", "p.name as place", "dep.name as department", "g.granted_at", "g.revoked_at"])
      .where("g.user_id", "=", userId)
      .orderBy("g.id")
      .execute(),
    db.selectFrom("sessions").select(["user_agent", "created_at", "last_seen_at", "expires_at"]).where("user_id", "=", userId).execute(),
    db
      .selectFrom("proposals")
      .select(["id", "title", "body_md", "category", "state", "created_at", "updated_at"])
      .where("author_id", "=", userId)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("comments")
      .select(["id", "proposal_id", "parent_id", "stance", "body_md", "hidden_reason", "created_at", "edited_at"])
      .where("author_id", "=", userId)
      .orderBy("id")
      .execute(),
    db.selectFrom("cosponsors").select(["proposal_id", "created_at"]).where("user_id", "=", userId).execute(),
    db.selectFrom("follows").select(["proposal_id", "created_at"]).where("user_id", "=", userId).execute(),
    db.selectFrom("reports").select(["proposal_id", "comment_id", "reason", "note", "status", "created_at"]).where("reporter_id", "=", userId).execute(),
    db.selectFrom("notifications").select(["kind", "proposal_id", "comment_id", "read_at", "created_at"]).where("user_id", "=", userId).orderBy("id").execute(),
    voterOf(db.selectFrom("vote_voters as w"))
      .innerJoin("ballot_casts as c", (j) => j.onRef("c.vote_id", "=", "w.vote_id").onRef("c.elector_id", "=", "w.elector_id"))
      .innerJoin("vote_electors as e", (j) => j.onRef("e.vote_id", "=", "w.vote_id").onRef("e.id", "=", "w.elector_id"))
      .innerJoin("votes as v", "v.id", "w.vote_id")
      .innerJoin("proposals as p", "p.id", "v.proposal_id")
      .select(["v.id as vote_id", "p.title", "e.label as for", "c.channel", "c.cast_at"])
      .execute(),
    db.selectFrom("audit_log").select(["at", "action", "entity_type", "entity_id"]).where("actor_id", "=", userId).orderBy("id").execute(),
    db.selectFrom("contacts").select(["channel", "address", "verified_at", "created_at"]).where("user_id", "=", userId).orderBy("id").execute(),
  ]);
  return { user, residencies, roles, sessions, proposals, comments, cosponsored, follows, reports, notifications, votes, activity, contacts };
}

/**
 * Erases a closed account: name and number, residencies (ended or refused), roles, sessions, follows,
 * notifications, known devices; the number leaves the electorates it was frozen into. Posts and ballots stay.
 */
export async function eraseAccount(db: DB, user: { id: number; phone: string }, at: string, names: { name: string; reason: string }) {
  await db
    .updateTable("users")
    .set({ name: names.name, phone: `closed-${user.id}`, password_hash: "closed", locale: null, large_text: null })
    .where("id", "=", user.id)
    .execute();
  await db.updateTable("vote_voters").set({ phone: null }).where("phone", "=", user.phone).execute();
  await db.deleteFrom("sign_in_failures").where("phone", "=", user.phone).execute();
  const reason = names.reason;
  await db
    .updateTable("residencies")
    .set({ status: "ended", ended_at: at, end_reason: reason })
    .where("user_id", "=", user.id)
    .where("status", "=", "verified")
    .execute();
  await db
    .updateTable("residencies")
    .set({ status: "rejected", decided_at: at, decision_reason: reason })
    .where("user_id", "=", user.id)
    .where("status", "=", "pending")
    .execute();
  await db.updateTable("role_grants").set({ revoked_at: at }).where("user_id", "=", user.id).where("revoked_at", "is", null).execute();
  for (const table of [
    "sessions",
    "follows",
    "outbox",
    "notifications",
    "known_devices",
    "contacts",
    "push_subscriptions",
    "notice_prefs",
    "notice_settings",
  ] as const)
    await db.deleteFrom(table).where("user_id", "=", user.id).execute();
}
