// Notifications and the audit log: one notice per follower when a vote closes, and both lists in time order
// (rows are not always written in time order: a job closing a vote records the closing instant).
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { appendAudit, listAudit } from "~/features/audit/queries.server";
import { listNotifications } from "~/features/notifications/queries.server";
import { setFollow } from "~/features/proposals/commands.server";
import { closeVote, openVote } from "~/features/votes/commands.server";
import { placeId } from "../support/routes";
import { actorOf } from "../support/services";

const db = () => getDb();
const T0 = Date.parse("2026-12-02T01:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe("notifications when a vote closes", () => {
  it("issue 12 · 15: each follower gets exactly one 状态变为 notice when a vote closes", async () => {
    const p = await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
    const residents = await db()
      .selectFrom("residencies")
      .select("user_id")
      .distinct()
      .where("compound_id", "=", await placeId("幸福里小区"))
      .where("status", "=", "verified")
      .orderBy("user_id")
      .limit(4)
      .execute();
    for (const r of residents) await setFollow(await loadActor(db(), r.user_id), p.id, true, at(0));
    const voteId = await openVote(
      await actorOf("coordinator"),
      { proposalId: p.id, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret: true, opensAt: at(1), closesAt: at(60) },
      at(1),
    );
    const since = at(30).toISOString();
    await closeVote(voteId, at(61));
    const followers = (await db().selectFrom("follows").select("user_id").where("proposal_id", "=", p.id).execute()).map((f) => f.user_id);
    expect(followers.length).toBeGreaterThanOrEqual(residents.length);
    const notes = await db()
      .selectFrom("notifications")
      .select(["user_id", "data"])
      .where("proposal_id", "=", p.id)
      .where("kind", "=", "state")
      .where("created_at", ">", since)
      .execute();
    const closing = notes.filter((n) => ["adopted", "rejected"].includes(JSON.parse(n.data ?? "{}").to));
    expect(closing.map((n) => n.user_id).sort((a, b) => a - b)).toEqual([...followers].sort((a, b) => a - b));
  });

  it("issue 12 · 15: the demo holds no duplicated notice", async () => {
    const dupes = await db()
      .selectFrom("notifications")
      .select(["user_id", "kind", "proposal_id", "comment_id", "data", "created_at", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["user_id", "kind", "proposal_id", "comment_id", "data", "created_at"])
      .having((eb) => eb.fn.countAll(), ">", 1)
      .execute();
    expect(dupes).toEqual([]);
  });
});

describe("lists in time order", () => {
  it("issue 12 · 15: a person's notifications list by time, then id, not by id alone", async () => {
    const user = (await actorOf("resident")).userId;
    const p = await db().selectFrom("proposals").select("id").where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
    const latest = await db()
      .selectFrom("notifications")
      .select((eb) => eb.fn.max("created_at").as("t"))
      .executeTakeFirst();
    const base = Math.max(T0, Date.parse(latest?.t ?? "2026-01-01T00:00:00Z")) + 86_400_000;
    const iso = (days: number) => new Date(base + days * 86_400_000).toISOString();
    // Written in this order (ids ascending), but not in time order; two share an instant.
    const rows = [
      { name: "third", created_at: iso(3) },
      { name: "first", created_at: iso(1) },
      { name: "second-b", created_at: iso(2) },
      { name: "second-a", created_at: iso(2) },
    ];
    for (const r of rows) {
      await db()
        .insertInto("notifications")
        .values({
          user_id: user,
          kind: "state",
          proposal_id: p.id,
          comment_id: null,
          actor_id: null,
          data: JSON.stringify({ name: r.name }),
          created_at: r.created_at,
        })
        .execute();
    }
    const listed = (await listNotifications(db(), user, 4)).map((n) => JSON.parse(n.data ?? "{}").name);
    expect(listed).toEqual(["third", "second-a", "second-b", "first"]);
  });

  it("issue 12 · 15: the audit log lists by time, then id, and its older pages follow on", async () => {
    const latest = await db()
      .selectFrom("audit_log")
      .select((eb) => eb.fn.max("at").as("t"))
      .executeTakeFirst();
    const base = Math.max(T0, Date.parse(latest?.t ?? "2026-01-01T00:00:00Z")) + 86_400_000;
    const iso = (days: number) => new Date(base + days * 86_400_000).toISOString();
    const written = [
      { reason: "third", at: iso(3) },
      { reason: "first", at: iso(1) },
      { reason: "second-b", at: iso(2) },
      { reason: "second-a", at: iso(2) },
    ];
    for (const w of written) await appendAudit(db(), { actorId: null, action: "test.order", entityType: "test", entityId: null, reason: w.reason, at: w.at });
    const first = await listAudit(db(), { limit: 2 });
    expect(first.map((e) => e.reason)).toEqual(["third", "second-a"]);
    const next = await listAudit(db(), { limit: 2, beforeId: first[1].id });
    expect(next.map((e) => e.reason)).toEqual(["second-b", "first"]);
    const rest = await listAudit(db(), { limit: 1000, beforeId: next[1].id });
    expect(rest.every((e) => e.at <= iso(1))).toBe(true);
    const order = [...first, ...next, ...rest].map((e) => [e.at, e.id] as const);
    expect(order).toEqual([...order].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1)));
  });
});
