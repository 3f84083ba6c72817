// The fast paths' asynchronous runner (db/prepared.ts), the one PostgreSQL takes, forced here on SQLite: the
// same work generators (ballots, paper ballots, the session read) run through Kysely, statement by statement,
// in a transaction of their own for the group commit's work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { signIn, validateSessionToken } from "~/features/accounts/commands.server";
import { castBallot, confirmPaperBallot, enterPaperBallot } from "~/features/votes/ballot-commands.server";
import { electorsOf } from "~/features/votes/ballot-queries.server";
import { openVote } from "~/features/votes/commands.server";
import { sqliteOf } from "../../db/connect";
import { groupCommit } from "../../db/group-commit";
import { all, forceAsyncPath, isSyncPath, onConnection, one, prepared, run } from "../../db/prepared";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/tools/demo-data";
import { actorOf, refusal } from "../support/services";
import { onPg } from "../support/pg";

const db = () => getDb();
const T0 = Date.parse("2026-12-01T01:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const insertNote = prepared((d, action: string) =>
  d
    .insertInto("audit_log")
    .values({ at: "2026-12-01T00:00:00.000Z", actor_id: null, action, entity_type: "test", entity_id: null, place_id: null, reason: null, data: null }),
);
const notesOf = prepared((d, action: string) => d.selectFrom("audit_log").select(["action", "entity_type"]).where("action", "=", action).orderBy("id"));
const count = async (action: string) => (await db().selectFrom("audit_log").select("id").where("action", "=", action).execute()).length;

beforeAll(() => forceAsyncPath(db(), true));
afterAll(() => forceAsyncPath(db(), false));

describe("the asynchronous runner", () => {
  it("runs prepared get, all and run, throws a failing statement into the work, and undoes a failed group write", async () => {
    expect(isSyncPath(db())).toBe(false);
    expect(await onConnection(db(), () => run(insertNote, "async.a"))).toEqual({ changes: 1 });
    const read = await onConnection(db(), function* () {
      yield* run(insertNote, "async.a");
      return { first: yield* one(notesOf, "async.a"), rows: yield* all(notesOf, "async.a"), none: yield* one(notesOf, "async.none") };
    });
    expect(read).toEqual({ first: { action: "async.a", entity_type: "test" }, rows: [read.first, read.first], none: undefined });

    const caught = await onConnection(db(), function* () {
      try {
        yield* run(insertNote, null as unknown as string); // action is not null
        return "not thrown";
      } catch (error) {
        return String(error);
      }
    });
    expect(caught).toMatch(/NOT NULL|not-null/i);

    const writes = await Promise.allSettled([
      groupCommit(db(), () => run(insertNote, "async.kept")),
      groupCommit(db(), function* () {
        yield* run(insertNote, "async.undone");
        throw new Error("refused after writing");
      }),
    ]);
    expect(writes.map((w) => w.status)).toEqual(["fulfilled", "rejected"]);
    expect([await count("async.kept"), await count("async.undone")]).toEqual([1, 0]);
    if (!onPg) expect(sqliteOf(db()).inTransaction).toBe(false);
  });

  it("reads and renews a session with its person's roles", async () => {
    const t0 = new Date("2026-11-26T08:00:00Z");
    const { token, userId } = await signIn({ phone: DEMO_ACCOUNTS.coordinator.phone, password: DEMO_PASSWORD, userAgent: "test" }, t0);
    const session = await validateSessionToken(token, new Date(t0.getTime() + 6 * 60_000));
    expect(session?.actor).toEqual(await loadActor(db(), userId));
    expect(await validateSessionToken(token, new Date(t0.getTime() + 400 * 24 * 3600_000))).toBeNull();
  });

  it("casts ballots, refuses a double submit and a stranger, and takes a paper ballot through confirmation", async () => {
    const p = await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
    const coordinator = await actorOf("coordinator");
    const voteId = await openVote(
      coordinator,
      { proposalId: p.id, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret: true, opensAt: at(0), closesAt: at(60) },
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
    const mine = await electorsOf(db(), voteId, voter);
    expect(mine.length).toBeGreaterThan(0);
    const receipts = await castBallot(actor, voter, { voteId, choice: "agree" }, at(5));
    expect(receipts.map((r) => r.label)).toEqual(mine.map((e) => e.label));
    expect(await refusal(castBallot(actor, voter, { voteId, choice: "agree" }, at(5)))).toMatchObject({ status: 409, key: "vote.doubleSubmit" });
    const stranger = await actorOf("communityStaff");
    expect(
      (await refusal(castBallot(stranger, { id: stranger.userId, phone: "13000000000" }, { voteId, choice: "oppose" }, at(5)))).status,
    ).toBeGreaterThanOrEqual(403);

    const cast = new Set((await db().selectFrom("ballot_casts").select("elector_id").where("vote_id", "=", voteId).execute()).map((c) => c.elector_id));
    const electors = await db().selectFrom("vote_electors").select(["id", "label", "owner_key"]).where("vote_id", "=", voteId).execute();
    const paperElector = electors.find(
      (e) => !cast.has(e.id) && e.label.startsWith("1号楼") && electors.filter((x) => x.owner_key === e.owner_key).length === 1,
    )!;
    const paperId = await enterPaperBallot(coordinator, { voteId, electorId: paperElector.id, choice: "oppose" }, at(6));
    expect(await refusal(enterPaperBallot(coordinator, { voteId, electorId: paperElector.id, choice: "oppose" }, at(6)))).toMatchObject({
      key: "vote.paperPending",
    });
    expect(await refusal(confirmPaperBallot(coordinator, { voteId, paperId }, at(7)))).toMatchObject({ status: 409, key: "vote.sameConfirmer" });
    const confirmed = await confirmPaperBallot(await actorOf("buildingLead"), { voteId, paperId }, at(7));
    expect(confirmed.label).toBe(paperElector.label);
    const paper = await db().selectFrom("paper_ballots").select(["choice", "status"]).where("id", "=", paperId).executeTakeFirstOrThrow();
    expect(paper).toEqual({ choice: null, status: "confirmed" });
    const history = await db().selectFrom("ballot_history").select("choice").where("vote_id", "=", voteId).execute();
    expect(history.length).toBe(receipts.length + 1);
  });
});
