// Twenty clients doing the same act at the same moment: exactly one outcome each time (issue 14 · 2,
// docs/adr/0027-concurrency.md). On SQLite the calls interleave on the one connection; on PostgreSQL they run
// on the pool at once, each transaction SERIALIZABLE and retried when the server cannot order it.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { AppError, SYSTEM_ACTOR } from "~/features/errors";
import { cosponsor, createDraft, moveProposal, setCosponsorThreshold } from "~/features/proposals/commands.server";
import { moveRequest } from "~/features/requests/commands.server";
import { postComment } from "~/features/threads/commands.server";
import { castBallot, confirmPaperBallot, enterPaperBallot } from "~/features/votes/ballot-commands.server";
import { grantRole } from "~/features/roles/commands.server";
import { closeVote, openVote, runDueJobs } from "~/features/votes/commands.server";
import { receiptHashOf } from "~/domain/ballot-chain";
import { fixturePhone, setupVoteFixture } from "../../db/tools/vote-fixture";
import { placeId } from "../support/routes";
import { actorOf } from "../support/services";

const db = () => getDb();
const N = 20;
const T0 = Date.parse("2026-12-01T01:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** Runs `act` N times at once; answers the values and the refusals (status and key) it ended with. */
async function together<T>(act: (i: number) => Promise<T>) {
  const settled = await Promise.allSettled(Array.from({ length: N }, (_, i) => act(i)));
  const values: T[] = [];
  const refusals: string[] = [];
  for (const s of settled) {
    if (s.status === "fulfilled") values.push(s.value);
    else if (s.reason instanceof AppError) refusals.push(`${s.reason.status} ${s.reason.msg.key}`);
    else throw s.reason;
  }
  return { values, refusals };
}

// One compound of owners with an open secret vote (closing at 60), built once for the last two cases.
let built: ReturnType<typeof setupVoteFixture> | undefined;
const fixture = () => (built ??= setupVoteFixture(getDb(), 8, at(0), "并发"));

/** The choice counted for the elector of the ballots case, for the paper case that closes the vote. */
let lastChoice: "agree" | "oppose" | "abstain" | undefined;

const auditCount = async (action: string, entityType: string, entityId: number) =>
  (
    await db()
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", action)
      .where("entity_type", "=", entityType)
      .where("entity_id", "=", entityId)
      .execute()
  ).length;

describe("twenty clients doing the same act at once", () => {
  it("one proposal from twenty identical submissions, the rest refused as a double submit", async () => {
    const author = await actorOf("resident");
    const compoundId = await placeId("幸福里小区");
    const input = { compoundId, title: "并发提交的提案", body: "同一个人同时提交二十次。", category: "environment" as const, submit: true };
    const { values, refusals } = await together(() => createDraft(author, input, at(0)));
    expect(values).toHaveLength(1);
    expect(refusals).toEqual(Array(N - 1).fill("409 proposal.doubleSubmit"));
    const rows = await db().selectFrom("proposals").select(["id", "state"]).where("title", "=", input.title).execute();
    expect(rows).toEqual([{ id: values[0], state: "submitted" }]);
  });

  it("one comment from twenty identical posts", async () => {
    const resident = await actorOf("resident");
    const p = await db().selectFrom("proposals").select("id").where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
    const body = "同时发了二十次的评论。";
    const { values, refusals } = await together(() => postComment(resident, { proposalId: p.id, parentId: null, stance: "for", body }, at(0)));
    expect(values).toHaveLength(1);
    expect(refusals).toEqual(Array(N - 1).fill("409 comment.doubleSubmit"));
    expect(await db().selectFrom("comments").select("id").where("proposal_id", "=", p.id).where("body_md", "=", body).execute()).toEqual([{ id: values[0] }]);
  });

  it("twenty co-sponsors from twenty dwellings cross the threshold once: published once, every support counted", async () => {
    const compoundId = await placeId("幸福里小区");
    const p = await db().selectFrom("proposals").select(["id", "author_id"]).where("title", "=", "垃圾分类投放点加装洗手池").executeTakeFirstOrThrow();
    await setCosponsorThreshold(await actorOf("coordinator"), { compoundId, threshold: 10 }, at(0));
    const rows = await db()
      .selectFrom("residencies")
      .select(["user_id", "dwelling_id"])
      .where("compound_id", "=", compoundId)
      .where("status", "=", "verified")
      .where("user_id", "!=", p.author_id)
      .orderBy("id")
      .execute();
    const picked: typeof rows = [];
    for (const r of rows) if (!picked.some((x) => x.user_id === r.user_id || x.dwelling_id === r.dwelling_id)) picked.push(r);
    expect(picked.length).toBeGreaterThanOrEqual(N);
    const actors: Actor[] = [];
    for (const r of picked.slice(0, N)) actors.push(await loadActor(db(), r.user_id));
    const before = await db().selectFrom("proposals").select("cosponsor_count").where("id", "=", p.id).executeTakeFirstOrThrow();

    const { values, refusals } = await together((i) => cosponsor(actors[i], p.id, at(1)));
    expect(refusals).toEqual([]);
    expect(values.filter((v) => v.published)).toHaveLength(1);
    const after = await db().selectFrom("proposals").select(["state", "cosponsor_count"]).where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ state: "published", cosponsor_count: before.cosponsor_count + N });
    expect(await db().selectFrom("cosponsors").select("user_id").where("proposal_id", "=", p.id).execute()).toHaveLength(before.cosponsor_count + N);
    const moves = await db()
      .selectFrom("audit_log")
      .select("data")
      .where("action", "=", "proposal.transition")
      .where("entity_type", "=", "proposal")
      .where("entity_id", "=", p.id)
      .execute();
    expect(moves.filter((m) => JSON.parse(m.data!).move === "auto_publish")).toHaveLength(1);
    expect(await auditCount("proposal.cosponsor", "cosponsor", p.id)).toBe(N);
  });

  it("twenty accepts of one received request by its staff: one accept, the rest refused", async () => {
    const r = await db().selectFrom("requests").select("id").where("state", "=", "received").where("level", "=", "community").executeTakeFirstOrThrow();
    // One staff member (a second one may no longer see the request once another accepted it).
    const staff = await actorOf("communityStaff");
    const { values, refusals } = await together(() => moveRequest(staff, { requestId: r.id, action: "accept" }, at(1)));
    expect(values).toHaveLength(1);
    expect(refusals).toHaveLength(N - 1);
    expect([...new Set(refusals)]).toEqual(["409 request.illegal"]);
    const moves = await db().selectFrom("request_moves").select("action").where("request_id", "=", r.id).where("action", "=", "accept").execute();
    expect(moves).toHaveLength(1);
    expect((await db().selectFrom("requests").select("state").where("id", "=", r.id).executeTakeFirstOrThrow()).state).toBe("accepted");
  });

  it("one elector's twenty ballots at once: one cast row, the last one written counts, the history holds each", async () => {
    const fx = await fixture();
    const owner = await db().selectFrom("users").select(["id", "phone"]).where("phone", "=", fixturePhone(2)).executeTakeFirstOrThrow();
    const actor = await loadActor(db(), owner.id);
    const ballots = () => db().selectFrom("ballot_casts").select(["elector_id", "cast_at"]).where("vote_id", "=", fx.voteId).execute();
    const history = () => db().selectFrom("ballot_history").select(["choice", "receipt_hash"]).where("vote_id", "=", fx.voteId).execute();

    // The same ballot twenty times in one instant: one counts, the rest are a double submit.
    const same = await together(() => castBallot(actor, owner, { voteId: fx.voteId, choice: "agree" }, at(1)));
    expect(same.values).toHaveLength(1);
    expect(same.refusals).toEqual(Array(N - 1).fill("409 vote.doubleSubmit"));
    expect(await ballots()).toHaveLength(1);
    expect(await history()).toHaveLength(1);

    // Twenty ballots sent at once, each at its own second, with three choices: those written after a ballot of
    // the same choice less than three seconds later (in the order they are written) are a double submit, the
    // others are changes of mind. Each one written is kept in the history, and the one written last is the
    // counted one: its choice, its receipt and its time.
    const choices = ["agree", "oppose", "abstain"] as const;
    const when = (i: number) => new Date(at(2).getTime() + i * 1_000);
    const changes = await together(async (i) => ({ i, receipts: await castBallot(actor, owner, { voteId: fx.voteId, choice: choices[i % 3] }, when(i)) }));
    expect(changes.values.length).toBeGreaterThan(0);
    expect(changes.refusals).toEqual(Array(N - changes.values.length).fill("409 vote.doubleSubmit"));
    const casts = await ballots();
    expect(casts).toHaveLength(1);
    const kept = await history();
    expect(kept).toHaveLength(changes.values.length + 1);
    const byReceipt = new Map(changes.values.map((v) => [receiptHashOf(v.receipts[0].code), v.i]));
    expect(kept.filter((h) => byReceipt.has(h.receipt_hash))).toHaveLength(changes.values.length);
    for (const h of kept.filter((k) => byReceipt.has(k.receipt_hash))) expect(h.choice).toBe(choices[byReceipt.get(h.receipt_hash)! % 3]);
    const counted = await db().selectFrom("ballot_choices").select(["choice", "receipt_hash"]).where("vote_id", "=", fx.voteId).execute();
    expect(counted).toHaveLength(1);
    const last = byReceipt.get(counted[0].receipt_hash);
    expect(last).toBeDefined();
    expect(counted[0].choice).toBe(choices[last! % 3]);
    expect(casts[0].cast_at).toBe(when(last!).toISOString());

    lastChoice = choices[last! % 3];
  });

  it("a paper ballot entered twenty times at once waits once, and confirmed twenty times at once counts once", async () => {
    const fx = await fixture();
    const userOf = async (phone: string) =>
      loadActor(db(), (await db().selectFrom("users").select("id").where("phone", "=", phone).executeTakeFirstOrThrow()).id);
    const coordinator = await userOf("13000000001");
    await grantRole(SYSTEM_ACTOR, { phone: fixturePhone(5), role: "coordinator", placeId: fx.compoundId, departmentId: null }, at(0));
    const second = await userOf(fixturePhone(5));
    const elector = await db()
      .selectFrom("vote_voters")
      .select("elector_id")
      .where("vote_id", "=", fx.voteId)
      .where("phone", "=", fixturePhone(3))
      .executeTakeFirstOrThrow();
    const entered = await together(() => enterPaperBallot(coordinator, { voteId: fx.voteId, electorId: elector.elector_id, choice: "oppose" }, at(1)));
    expect(entered.values).toHaveLength(1);
    expect(entered.refusals).toEqual(Array(N - 1).fill("409 vote.paperPending"));
    const paperId = entered.values[0];
    const confirmed = await together(() => confirmPaperBallot(second, { voteId: fx.voteId, paperId }, at(1)));
    expect(confirmed.values).toHaveLength(1);
    expect(confirmed.refusals).toEqual(Array(N - 1).fill("409 vote.paperDone"));
    expect(await auditCount("vote.paper_confirm", "vote", fx.voteId)).toBe(1);
    const casts = await db()
      .selectFrom("ballot_casts")
      .select("channel")
      .where("vote_id", "=", fx.voteId)
      .where("elector_id", "=", elector.elector_id)
      .execute();
    expect(casts).toEqual([{ channel: "paper" }]);
    const receipt = receiptHashOf(confirmed.values[0].code);
    expect(await db().selectFrom("ballot_history").select("choice").where("vote_id", "=", fx.voteId).where("receipt_hash", "=", receipt).execute()).toEqual([
      { choice: "oppose" },
    ]);

    // Closed: the elector of the previous case counts with their last ballot, this one with the paper.
    expect(await closeVote(fx.voteId, at(61))).not.toBeNull();
    const result = JSON.parse((await db().selectFrom("votes").select("result").where("id", "=", fx.voteId).executeTakeFirstOrThrow()).result!);
    expect(result.counts.participating).toBe(2);
    const expected = { agree: 0, oppose: 1, abstain: 0 };
    expected[lastChoice!]++;
    for (const c of ["agree", "oppose", "abstain"] as const) expect(result.counts.byChoice[c].ballots, c).toBe(expected[c]);
  });

  it("closes a due vote once from twenty closers, and numbers resolutions of votes closing together without a gap", async () => {
    const fx = await fixture();
    const coordinator = await loadActor(db(), (await db().selectFrom("users").select("id").where("phone", "=", "13000000001").executeTakeFirstOrThrow()).id);
    const owner = await db().selectFrom("users").select(["id", "phone"]).where("phone", "=", fixturePhone(1)).executeTakeFirstOrThrow();
    const ownerActor = await loadActor(db(), owner.id);
    // Five votes in the compound, each with one ballot that passes it (residents' rule, no quorum).
    const votes: number[] = [];
    for (let k = 0; k < 5; k++) {
      const proposalId = await createDraft(
        ownerActor,
        { compoundId: fx.compoundId, title: `同时结束的表决${k}`, body: `${k}`, category: "housing", submit: true },
        at(0),
      );
      await moveProposal(coordinator, { proposalId, action: "publish", reason: null }, at(0));
      const closesAt = at(k === 0 ? 60 : 120);
      const voteId = await openVote(
        coordinator,
        { proposalId, rule: "residents", per: "person", quorumPercent: 0, secret: true, opensAt: at(0), closesAt },
        at(0),
      );
      await castBallot(ownerActor, owner, { voteId, choice: "agree" }, at(1));
      votes.push(voteId);
    }

    const first = await together(() => closeVote(votes[0], at(61)));
    expect(first.refusals).toEqual([]);
    expect(first.values.filter((v) => v !== null)).toHaveLength(1);
    expect(await auditCount("vote.close", "vote", votes[0])).toBe(1);
    const resolutions = () =>
      db().selectFrom("resolutions").select(["vote_id", "seq", "number"]).where("compound_id", "=", fx.compoundId).orderBy("seq").execute();
    expect((await resolutions()).map((r) => [r.vote_id, r.seq])).toEqual([[votes[0], 1]]);

    const jobs = await together(() => runDueJobs(at(121)));
    expect(jobs.refusals).toEqual([]);
    expect(jobs.values.flat().sort((a, b) => a - b)).toEqual(votes.slice(1));
    for (const id of votes) expect(await auditCount("vote.close", "vote", id)).toBe(1);
    const all = await resolutions();
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(all.map((r) => r.vote_id)).size).toBe(5);
    expect(new Set(all.map((r) => r.number)).size).toBe(5);
  });
});
