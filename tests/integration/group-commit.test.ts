// Group commit (db/group-commit.ts) and statements run on the held connection (db/prepared.ts): writes that
// arrive together share one transaction and one COMMIT, a failing one is undone alone, nobody is answered
// before the commit, and synchronous work never lands inside another request's open transaction.
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { openVote } from "~/features/votes/commands.server";
import { castBallot } from "~/features/votes/ballot-commands.server";
import { sqliteOf } from "../../db/connect";
import { groupCommit } from "../../db/group-commit";
import { all, onConnection, one, prepared, run } from "../../db/prepared";
import { actorOf, refusal } from "../support/services";

const db = () => getDb();
const T0 = Date.parse("2026-12-01T01:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const insertNote = prepared((d, action: string) =>
  d
    .insertInto("audit_log")
    .values({ at: "2026-12-01T00:00:00.000Z", actor_id: null, action, entity_type: "test", entity_id: null, place_id: null, reason: null, data: null }),
);
const notes = async (action: string) => (await db().selectFrom("audit_log").select("id").where("action", "=", action).execute()).length;

/** Counts the statements the connection runs whose text is `text`, while `during` runs. */
async function counting<T>(text: string, during: () => Promise<T>): Promise<{ value: T; count: number }> {
  const handle = sqliteOf(db());
  const original = handle.prepare;
  let count = 0;
  handle.prepare = (source: string) => {
    if (source === text) count++;
    return original(source);
  };
  try {
    return { value: await during(), count };
  } finally {
    handle.prepare = original;
  }
}

afterEach(() => {
  expect(sqliteOf(db()).inTransaction).toBe(false);
});

describe("prepared statements", () => {
  it("binds each argument wherever the query uses it, keeps constants, and refuses an argument that is not a value", async () => {
    const twice = prepared((d, a: string) =>
      d
        .selectFrom("audit_log")
        .select((eb) => eb.val(a).as("first"))
        .where("action", "=", a)
        .where("entity_type", "=", "test")
        .limit(1),
    );
    await onConnection(db(), () => run(insertNote, "prep.twice"));
    expect(await onConnection(db(), () => one(twice, "prep.twice"))).toEqual({ first: "prep.twice" });
    expect(await onConnection(db(), () => one(twice, "prep.none"))).toBeUndefined();
    const inText = prepared((d, column: string) => d.selectFrom("audit_log").select(sql.ref<string>(column).as("x")));
    await expect(onConnection(db(), () => all(inText, "action"))).rejects.toThrow(/argument 0 is not a parameter/);
    // A failing statement is thrown into the work, which may catch it.
    const caught = await onConnection(db(), function* () {
      try {
        yield* run(insertNote, null as unknown as string);
        return "not thrown";
      } catch (error) {
        return String(error);
      }
    });
    expect(caught).toMatch(/NOT NULL/);
  });
});

describe("group commit", () => {
  it("commits writes that arrive together once, and undoes a failing one alone", async () => {
    const { value, count } = await counting("COMMIT", () =>
      Promise.allSettled([
        groupCommit(db(), function* () {
          return (yield* run(insertNote, "gc.a")).changes;
        }),
        groupCommit(db(), function* () {
          yield* run(insertNote, "gc.failed");
          throw new Error("refused after writing");
        }),
        groupCommit(db(), function* () {
          return (yield* run(insertNote, "gc.b")).changes;
        }),
      ]),
    );
    expect(value.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((value[1] as PromiseRejectedResult).reason.message).toBe("refused after writing");
    expect(count).toBe(1);
    expect([await notes("gc.a"), await notes("gc.failed"), await notes("gc.b")]).toEqual([1, 0, 1]);
  });

  it("answers nobody before the commit, and fails every write of a batch whose commit fails", async () => {
    const handle = sqliteOf(db());
    const original = handle.prepare;
    handle.prepare = (source: string) => {
      if (source === "COMMIT") throw new Error("disk I/O error");
      return original(source);
    };
    let answered = 0;
    const batch = [1, 2].map(() => groupCommit(db(), () => run(insertNote, "gc.lost")).then(() => answered++));
    try {
      expect((await Promise.allSettled(batch)).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    } finally {
      handle.prepare = original;
    }
    expect(answered).toBe(0);
    expect(await notes("gc.lost")).toBe(0);
  });

  it("waits for a transaction in progress instead of writing inside it", async () => {
    let write: Promise<unknown> | null = null;
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto("audit_log")
          .values({
            at: "2026-12-01T00:00:00.000Z",
            actor_id: null,
            action: "gc.outer",
            entity_type: "test",
            entity_id: null,
            place_id: null,
            reason: null,
            data: null,
          })
          .execute();
        write = groupCommit(db(), () => run(insertNote, "gc.inner"));
        const read = onConnection(db(), () => run(insertNote, "gc.read-waited"));
        await new Promise((r) => setTimeout(r, 20));
        // Neither has run inside this transaction, which is about to be undone.
        expect(await trx.selectFrom("audit_log").select("id").where("action", "in", ["gc.inner", "gc.read-waited"]).execute()).toEqual([]);
        void read;
        throw new Error("roll back the outer transaction");
      })
      .catch((e: Error) => expect(e.message).toBe("roll back the outer transaction"));
    await write;
    expect([await notes("gc.outer"), await notes("gc.inner")]).toEqual([0, 1]);
    await new Promise((r) => setTimeout(r, 5));
    expect(await notes("gc.read-waited")).toBe(1);
  });

  it("counts ballots cast together, refuses a double submit within the same batch, and writes no stranger's ballot", async () => {
    const p = await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
    const voteId = await openVote(
      await actorOf("coordinator"),
      { proposalId: p.id, rule: "residents", per: "person", quorumPercent: 0, secret: true, opensAt: at(0), closesAt: at(60) },
      at(0),
    );
    const voters = await db()
      .selectFrom("vote_voters")
      .select("user_id")
      .where("vote_id", "=", voteId)
      .where("user_id", "is not", null)
      .orderBy("user_id")
      .execute();
    expect(voters.length).toBeGreaterThanOrEqual(3);
    const people = await Promise.all(
      voters.slice(0, 3).map(async (v) => ({
        actor: await loadActor(db(), v.user_id!),
        user: await db().selectFrom("users").select(["id", "phone"]).where("id", "=", v.user_id!).executeTakeFirstOrThrow(),
      })),
    );
    const stranger = await actorOf("communityStaff");
    const cast = (who: (typeof people)[number]) => castBallot(who.actor, who.user, { voteId, choice: "agree" }, at(5));
    const { value, count } = await counting("COMMIT", () =>
      Promise.allSettled([
        cast(people[0]),
        cast(people[1]),
        cast(people[0]),
        castBallot(stranger, { id: stranger.userId, phone: "13000000000" }, { voteId, choice: "oppose" }, at(5)),
        cast(people[2]),
      ]),
    );
    expect(count).toBe(1);
    expect(value.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected", "fulfilled"]);
    expect(await refusal(Promise.reject((value[2] as PromiseRejectedResult).reason))).toMatchObject({ status: 409, key: "vote.doubleSubmit" });
    expect((await refusal(Promise.reject((value[3] as PromiseRejectedResult).reason))).status).toBeGreaterThanOrEqual(403);
    const casts = await db().selectFrom("ballot_casts").select("elector_id").where("vote_id", "=", voteId).execute();
    const history = await db().selectFrom("ballot_history").select("id").where("vote_id", "=", voteId).execute();
    expect([casts.length, history.length]).toEqual([3, 3]);
  });
  it("issue 12 · 17: a different choice sent at once is a change of mind, only the same ballot again a double submit", async () => {
    const p = await db().selectFrom("proposals").select("id").where("title", "=", "1号楼加装电梯，请大家一起商量").executeTakeFirstOrThrow();
    const voteId = await openVote(
      await actorOf("coordinator"),
      { proposalId: p.id, rule: "residents", per: "person", quorumPercent: 0, secret: true, opensAt: at(0), closesAt: at(60) },
      at(0),
    );
    const voter = await db()
      .selectFrom("vote_voters as w")
      .innerJoin("users as u", "u.id", "w.user_id")
      .select(["u.id", "u.phone"])
      .where("w.vote_id", "=", voteId)
      .orderBy("u.id")
      .executeTakeFirstOrThrow();
    const actor = await loadActor(db(), voter.id);
    const cast = (choice: "agree" | "oppose", seconds: number) => castBallot(actor, voter, { voteId, choice }, new Date(at(5).getTime() + seconds * 1000));
    // In one batch (one transaction): agree, then oppose a moment later, then oppose again.
    const { value } = await counting("COMMIT", () => Promise.allSettled([cast("agree", 0), cast("oppose", 1), cast("oppose", 2)]));
    expect(value.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(await refusal(Promise.reject((value[2] as PromiseRejectedResult).reason))).toMatchObject({ status: 409, key: "vote.doubleSubmit" });
    // Outside the window the same choice again is accepted (a deliberate re-vote).
    await cast("oppose", 6);
    const choices = await db().selectFrom("ballot_choices").select("choice").where("vote_id", "=", voteId).execute();
    const history = await db().selectFrom("ballot_history").select("choice").where("vote_id", "=", voteId).execute();
    expect([choices.map((c) => c.choice), history.length]).toEqual([["oppose"], 3]);
  });
});
