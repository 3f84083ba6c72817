import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { verifyChain } from "~/domain/ballot-chain";
import { loadActor } from "~/models/actor.server";
import { SYSTEM_ACTOR } from "~/services/errors";
import { importRoster } from "~/services/roster.server";
import { castBallot, closeVote, confirmPaperBallot, enterPaperBallot, openVote, runDueJobs } from "~/services/votes.server";
import { placeId, snapshot } from "../support/routes";
import { actorOf, refusal } from "../support/services";

const db = () => getDb();
const T0 = Date.parse("2026-12-01T01:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function parkingProposal() {
  return (await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow());
}

async function ownerVoters(compoundId: number) {
  // Accounts whose phone is a roster owner of a dwelling they are verified owners of.
  return db()
    .selectFrom("dwelling_owners as o")
    .innerJoin("dwellings as d", "d.id", "o.dwelling_id")
    .innerJoin("users as u", "u.phone", "o.phone")
    .innerJoin("residencies as r", (j) => j.onRef("r.user_id", "=", "u.id").onRef("r.dwelling_id", "=", "o.dwelling_id"))
    .select(["u.id", "u.phone", "o.dwelling_id"])
    .where("d.compound_id", "=", compoundId)
    .where("r.status", "=", "verified")
    .where("r.relation", "=", "owner")
    .orderBy("u.id")
    .execute();
}

describe("an owners' vote from opening to resolution", () => {
  it("freezes the electorate, keeps choices apart, counts the last ballot, closes, publishes and resolves", async () => {
    const p = await parkingProposal();
    const coordinator = await actorOf("coordinator");
    const voteId = await openVote(db(), coordinator, { proposalId: p.id, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret: true, opensAt: at(0), closesAt: at(60) }, at(0));
    const electors = await db().selectFrom("vote_electors").selectAll().where("vote_id", "=", voteId).execute();
    expect(electors.length).toBe(48);
    const state = await db().selectFrom("proposals").select("state").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(state.state).toBe("voting");

    // A roster import after opening does not change the frozen electorate.
    const csv = "building,unit,room,area_m2,owner_name,owner_phone\n9号楼,1,101,99,新业主,13612340000\n";
    expect((await importRoster(db(), SYSTEM_ACTOR, { compoundId: p.compound_id, csv }, at(1))).ok).toBe(true);
    expect((await db().selectFrom("vote_electors").select("id").where("vote_id", "=", voteId).execute()).length).toBe(48);

    const voters = await ownerVoters(p.compound_id);
    const distinctUsers = [...new Map(voters.map((v) => [v.id, v])).values()];
    expect(distinctUsers.length).toBeGreaterThanOrEqual(25);
    for (const [i, v] of distinctUsers.entries()) {
      const actor = await loadActor(db(), v.id);
      await castBallot(db(), actor, v, { voteId, choice: i % 5 === 4 ? "oppose" : "agree" }, at(2 + i));
    }
    // One changes their mind: the last one counts, and both are kept.
    const changer = distinctUsers[0];
    await castBallot(db(), await loadActor(db(), changer.id), changer, { voteId, choice: "abstain" }, at(50));
    // A double submit at the same instant is refused.
    expect(await refusal(castBallot(db(), await loadActor(db(), changer.id), changer, { voteId, choice: "abstain" }, new Date(at(50).getTime() + 500)))).toMatchObject({ status: 409 });
    // Nobody outside the electorate.
    const tenant = await actorOf("tenant");
    expect(await refusal(castBallot(db(), tenant, { id: tenant.userId, phone: "13900000002" }, { voteId, choice: "agree" }, at(51)))).toMatchObject({ status: 403, key: "vote.notElector" });

    // A number on the roster is not proof of ownership: someone who registers with an owner's number and is
    // verified as a tenant elsewhere may not cast that owner's ballot.
    const unclaimed = await db()
      .selectFrom("vote_voters as w")
      .leftJoin("users as u", "u.phone", "w.phone")
      .select("w.phone")
      .where("w.vote_id", "=", voteId)
      .where("u.id", "is", null)
      .executeTakeFirstOrThrow();
    const { createAccount } = await import("~/services/auth.server");
    const { claimDwelling, reviewClaim } = await import("~/services/residency.server");
    const impostorId = await createAccount(db(), { phone: unclaimed.phone!, name: "冒名者", passwordHash: "x", locale: null }, at(3));
    const rid = await claimDwelling(db(), impostorId, { compoundId: p.compound_id, building: "3号楼", unit: "2", room: "402", relation: "tenant", note: null }, at(3));
    await reviewClaim(db(), coordinator, { residencyId: rid, decision: "approve", reason: null }, at(3));
    expect(await refusal(castBallot(db(), await loadActor(db(), impostorId), { id: impostorId, phone: unclaimed.phone! }, { voteId, choice: "agree" }, at(4)))).toMatchObject({
      status: 403,
      key: "vote.notElector",
    });

    // The identity side of a ballot says nothing of the choice.
    const castColumns = Object.keys((await db().selectFrom("ballot_casts").selectAll().where("vote_id", "=", voteId).executeTakeFirstOrThrow()) as object);
    expect(castColumns).not.toContain("choice");
    const choiceColumns = Object.keys((await db().selectFrom("ballot_choices").selectAll().where("vote_id", "=", voteId).executeTakeFirstOrThrow()) as object);
    expect(choiceColumns.sort()).toEqual(["choice", "receipt_hash", "slot", "vote_id"]);
    // …and the choice side cannot be lined up with the casts: no time, no counter, no rowid.
    await expect(sql`select rowid from ballot_choices`.execute(db())).rejects.toThrow(/rowid/);
    await expect(sql`select rowid from ballot_history`.execute(db())).rejects.toThrow(/rowid/);

    // Paper: entered by the coordinator, refused when the same person confirms, counted when the building lead does.
    const paperElector = electors.find((e) => !voters.some((v) => `d:${v.dwelling_id}` === e.key) && e.label.startsWith("1号楼"))!;
    const paperId = await enterPaperBallot(db(), coordinator, { voteId, electorId: paperElector.id, choice: "agree" }, at(52));
    expect(await refusal(confirmPaperBallot(db(), coordinator, { voteId, paperId }, at(53)))).toMatchObject({ status: 409, key: "vote.sameConfirmer" });
    expect(await refusal(confirmPaperBallot(db(), await actorOf("resident"), { voteId, paperId }, at(53)))).toMatchObject({ status: 403 });
    const confirmed = await confirmPaperBallot(db(), await actorOf("buildingLead"), { voteId, paperId }, at(54));
    expect(confirmed.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const paperRow = await db().selectFrom("paper_ballots").select(["choice", "status"]).where("id", "=", paperId).executeTakeFirstOrThrow();
    expect(paperRow).toEqual({ choice: null, status: "confirmed" });

    expect(await runDueJobs(db(), at(59))).toEqual([]);
    expect(await runDueJobs(db(), at(60))).toEqual([voteId]);
    const v = await db().selectFrom("votes").selectAll().where("id", "=", voteId).executeTakeFirstOrThrow();
    expect(v.status).toBe("closed");
    expect(v.slot_salt).toBeNull();
    const result = JSON.parse(v.result!);
    expect(result.counts.electors).toBe(48);
    expect(result.counts.participating).toBe(voters.length + 1);
    const published = await db().selectFrom("published_ballots").selectAll().where("vote_id", "=", voteId).orderBy("position").execute();
    expect(published.length).toBe(voters.length + 1);
    expect(verifyChain(voteId, published.map((b) => ({ receiptHash: b.receipt_hash, choice: b.choice, chainHash: b.chain_hash })))).toBeNull();
    const counts = { agree: 0, oppose: 0, abstain: 0 };
    for (const b of published) counts[b.choice]++;
    expect(counts).toEqual({ agree: result.counts.byChoice.agree.ballots, oppose: result.counts.byChoice.oppose.ballots, abstain: result.counts.byChoice.abstain.ballots });
    const proposal = await db().selectFrom("proposals").select("state").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(proposal.state).toBe(v.passed ? "adopted" : "rejected");
    if (v.passed) {
      const r = await db().selectFrom("resolutions").selectAll().where("vote_id", "=", voteId).executeTakeFirstOrThrow();
      expect(r.number).toBe("2026-幸福里-002"); // the demo's own resolution is 001
    }

    // A closed vote cannot change.
    const before = await snapshot();
    expect(await refusal(castBallot(db(), await loadActor(db(), changer.id), changer, { voteId, choice: "agree" }, at(61)))).toMatchObject({ status: 409, key: "vote.closed" });
    expect(await closeVote(db(), voteId, at(70))).toBeNull();
    expect(await snapshot()).toBe(before);
  });

  it("refuses a vote on an unpublished proposal, a window that ends before it starts, and anyone but a coordinator", async () => {
    const coordinator = await actorOf("coordinator");
    const submitted = await db().selectFrom("proposals").select("id").where("title", "=", "垃圾分类投放点加装洗手池").executeTakeFirstOrThrow();
    const elevator = await db().selectFrom("proposals").select("id").where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
    const before = await snapshot();
    const base = { rule: "owners_major" as const, per: "dwelling" as const, quorumPercent: 0, secret: false };
    expect(await refusal(openVote(db(), coordinator, { ...base, proposalId: submitted.id, opensAt: at(0), closesAt: at(10) }, at(0)))).toMatchObject({ status: 409, key: "vote.notPublished" });
    expect(await refusal(openVote(db(), coordinator, { ...base, proposalId: elevator.id, opensAt: at(10), closesAt: at(5) }, at(0)))).toMatchObject({ status: 400, key: "vote.badWindow" });
    expect(await refusal(openVote(db(), await actorOf("resident"), { ...base, proposalId: elevator.id, opensAt: at(0), closesAt: at(10) }, at(0)))).toMatchObject({ status: 403 });
    expect(await refusal(openVote(db(), await actorOf("communityCoordinator"), { ...base, proposalId: elevator.id, opensAt: at(0), closesAt: at(10) }, at(0)))).toMatchObject({ status: 404 });
    expect(await snapshot()).toBe(before);
  });
});

describe("a residents' vote, one per person", () => {
  it("counts people, shows open totals, and closes by the quorum", async () => {
    const coordinator = await actorOf("coordinator");
    const elevator = await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
    const voteId = await openVote(db(), coordinator, { proposalId: elevator.id, rule: "residents", per: "person", quorumPercent: 10, secret: false, opensAt: at(100), closesAt: at(200) }, at(99));
    const resident = await actorOf("resident");
    expect(await refusal(castBallot(db(), resident, { id: resident.userId, phone: "13900000001" }, { voteId, choice: "agree" }, at(99)))).toMatchObject({ status: 409, key: "vote.notYet" });
    await castBallot(db(), resident, { id: resident.userId, phone: "13900000001" }, { voteId, choice: "agree" }, at(101));
    const electorCount = (await db().selectFrom("vote_electors").select("id").where("vote_id", "=", voteId).execute()).length;
    expect(electorCount).toBeGreaterThan(30);
    await closeVote(db(), voteId, at(200));
    const v = await db().selectFrom("votes").select(["passed", "result"]).where("id", "=", voteId).executeTakeFirstOrThrow();
    expect(v.passed).toBe(0);
    expect(JSON.parse(v.result!).failed).toEqual(["turnout"]);
  });
});

void placeId;
