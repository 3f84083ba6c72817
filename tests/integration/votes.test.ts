import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { verifyChain } from "~/domain/ballot-chain";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { SYSTEM_ACTOR } from "~/features/errors";
import { importRoster } from "~/features/places/roster-commands.server";
import { closeVote, openVote, runDueJobs } from "~/features/votes/commands.server";
import { castBallot, confirmPaperBallot, enterPaperBallot } from "~/features/votes/ballot-commands.server";
import { electorsOf } from "~/features/votes/ballot-queries.server";
import { createAccount } from "~/features/accounts/commands.server";
import { addPlace } from "~/features/places/commands.server";
import { createDraft, moveProposal } from "~/features/proposals/commands.server";
import { claimDwelling, reviewClaim } from "~/features/residency/commands.server";
import { grantRole } from "~/features/roles/commands.server";
import { action as rosterAction } from "~/routes/places.$id.roster";
import { loader as voteLoader } from "~/routes/votes.$id._index";
import type { Tally } from "~/domain/tally";
import { callAction, callLoader, cookieFor, cookieForPhone, placeId, snapshot } from "../support/routes";
import { actorOf, refusal } from "../support/services";

const db = () => getDb();
const T0 = Date.parse("2026-12-01T01:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function parkingProposal() {
  return await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
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
    const voteId = await openVote(
      coordinator,
      { proposalId: p.id, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret: true, opensAt: at(0), closesAt: at(60) },
      at(0),
    );
    const electors = await db().selectFrom("vote_electors").selectAll().where("vote_id", "=", voteId).execute();
    expect(electors.length).toBe(48);
    const state = await db().selectFrom("proposals").select("state").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(state.state).toBe("voting");

    // A roster import after opening does not change the frozen electorate.
    const csv = "building,unit,room,area_m2,owner_name,owner_phone\n9号楼,1,101,99,新业主,13612340000\n";
    expect((await importRoster(SYSTEM_ACTOR, { compoundId: p.compound_id, csv }, at(1))).ok).toBe(true);
    expect((await db().selectFrom("vote_electors").select("id").where("vote_id", "=", voteId).execute()).length).toBe(48);

    const voters = await ownerVoters(p.compound_id);
    const distinctUsers = [...new Map(voters.map((v) => [v.id, v])).values()];
    expect(distinctUsers.length).toBeGreaterThanOrEqual(25);
    for (const [i, v] of distinctUsers.entries()) {
      const actor = await loadActor(db(), v.id);
      await castBallot(actor, v, { voteId, choice: i % 5 === 4 ? "oppose" : "agree" }, at(2 + i));
    }
    // One changes their mind: the last one counts, and both are kept.
    const changer = distinctUsers[0];
    await castBallot(await loadActor(db(), changer.id), changer, { voteId, choice: "abstain" }, at(50));
    // A double submit at the same instant is refused.
    expect(
      await refusal(castBallot(await loadActor(db(), changer.id), changer, { voteId, choice: "abstain" }, new Date(at(50).getTime() + 500))),
    ).toMatchObject({ status: 409 });
    // Nobody outside the electorate.
    const tenant = await actorOf("tenant");
    expect(await refusal(castBallot(tenant, { id: tenant.userId, phone: "13900000002" }, { voteId, choice: "agree" }, at(51)))).toMatchObject({
      status: 403,
      key: "vote.notElector",
    });

    // A number on the roster is not proof of ownership: someone who registers with an owner's number and is
    // verified as a tenant elsewhere may not cast that owner's ballot.
    const unclaimed = await db()
      .selectFrom("vote_voters as w")
      .leftJoin("users as u", "u.phone", "w.phone")
      .select("w.phone")
      .where("w.vote_id", "=", voteId)
      .where("u.id", "is", null)
      .executeTakeFirstOrThrow();
    const { createAccount } = await import("~/features/accounts/commands.server");
    const { claimDwelling, reviewClaim } = await import("~/features/residency/commands.server");
    const impostorId = await createAccount({ phone: unclaimed.phone!, name: "冒名者", passwordHash: "x", locale: null }, at(3));
    const rid = await claimDwelling(
      impostorId,
      { compoundId: p.compound_id, building: "3号楼", unit: "2", room: "402", relation: "tenant", note: null },
      at(3),
    );
    await reviewClaim(coordinator, { residencyId: rid, decision: "approve", reason: null }, at(3));
    expect(
      await refusal(castBallot(await loadActor(db(), impostorId), { id: impostorId, phone: unclaimed.phone! }, { voteId, choice: "agree" }, at(4))),
    ).toMatchObject({
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
    // Each verified owner's online ballot covered every dwelling listed under their phone (issue 12 · 9).
    const listed = await db().selectFrom("vote_voters").select(["elector_id", "phone"]).where("vote_id", "=", voteId).execute();
    const castPhones = new Set(distinctUsers.map((u) => u.phone));
    const covered = new Set(listed.filter((w) => castPhones.has(w.phone!)).map((w) => w.elector_id));
    expect(covered.size).toBeGreaterThanOrEqual(voters.length);
    const paperElector = electors.find(
      (e) => !covered.has(e.id) && e.label.startsWith("1号楼") && electors.filter((x) => x.owner_key === e.owner_key).length === 1,
    )!;
    const paperId = await enterPaperBallot(coordinator, { voteId, electorId: paperElector.id, choice: "agree" }, at(52));
    expect(await refusal(confirmPaperBallot(coordinator, { voteId, paperId }, at(53)))).toMatchObject({ status: 409, key: "vote.sameConfirmer" });
    expect(await refusal(confirmPaperBallot(await actorOf("resident"), { voteId, paperId }, at(53)))).toMatchObject({ status: 403 });
    const confirmed = await confirmPaperBallot(await actorOf("buildingLead"), { voteId, paperId }, at(54));
    expect(confirmed.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const paperRow = await db().selectFrom("paper_ballots").select(["choice", "status"]).where("id", "=", paperId).executeTakeFirstOrThrow();
    expect(paperRow).toEqual({ choice: null, status: "confirmed" });

    expect(await runDueJobs(at(59))).toEqual([]);
    expect(await runDueJobs(at(60))).toEqual([voteId]);
    const v = await db().selectFrom("votes").selectAll().where("id", "=", voteId).executeTakeFirstOrThrow();
    expect(v.status).toBe("closed");
    expect(v.slot_salt).toBeNull();
    const result = JSON.parse(v.result!);
    expect(result.counts.electors).toBe(48);
    expect(result.counts.participating).toBe(covered.size + 1);
    const published = await db().selectFrom("published_ballots").selectAll().where("vote_id", "=", voteId).orderBy("position").execute();
    expect(published.length).toBe(covered.size + 1);
    expect(
      verifyChain(
        voteId,
        published.map((b) => ({ receiptHash: b.receipt_hash, choice: b.choice, chainHash: b.chain_hash })),
      ),
    ).toBeNull();
    const counts = { agree: 0, oppose: 0, abstain: 0 };
    for (const b of published) counts[b.choice]++;
    expect(counts).toEqual({
      agree: result.counts.byChoice.agree.ballots,
      oppose: result.counts.byChoice.oppose.ballots,
      abstain: result.counts.byChoice.abstain.ballots,
    });
    const proposal = await db().selectFrom("proposals").select("state").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(proposal.state).toBe(v.passed ? "adopted" : "rejected");
    if (v.passed) {
      const r = await db().selectFrom("resolutions").selectAll().where("vote_id", "=", voteId).executeTakeFirstOrThrow();
      // Numbered within the compound and the year it closed (December 2026): after the demo's own resolution
      // when the demo was seeded in 2026 too (the suite's clock may be any day).
      const demo = await db().selectFrom("resolutions").select("number").where("compound_id", "=", p.compound_id).where("id", "!=", r.id).execute();
      const earlier = demo.filter((d) => d.number.startsWith("2026-")).length;
      expect(r.number).toBe(`2026-幸福里-${String(earlier + 1).padStart(3, "0")}`);
    }

    // A closed vote cannot change.
    const before = await snapshot();
    expect(await refusal(castBallot(await loadActor(db(), changer.id), changer, { voteId, choice: "agree" }, at(61)))).toMatchObject({
      status: 409,
      key: "vote.closed",
    });
    expect(await closeVote(voteId, at(70))).toBeNull();
    expect(await snapshot()).toBe(before);
  });

  it("refuses a vote on an unpublished proposal, a window that ends before it starts, and anyone but a coordinator", async () => {
    const coordinator = await actorOf("coordinator");
    const submitted = await db().selectFrom("proposals").select("id").where("title", "=", "垃圾分类投放点加装洗手池").executeTakeFirstOrThrow();
    const elevator = await db().selectFrom("proposals").select("id").where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
    const before = await snapshot();
    const base = { rule: "owners_major" as const, per: "dwelling" as const, quorumPercent: 0, secret: false };
    expect(await refusal(openVote(coordinator, { ...base, proposalId: submitted.id, opensAt: at(0), closesAt: at(10) }, at(0)))).toMatchObject({
      status: 409,
      key: "vote.notPublished",
    });
    expect(await refusal(openVote(coordinator, { ...base, proposalId: elevator.id, opensAt: at(10), closesAt: at(5) }, at(0)))).toMatchObject({
      status: 400,
      key: "vote.badWindow",
    });
    expect(await refusal(openVote(await actorOf("resident"), { ...base, proposalId: elevator.id, opensAt: at(0), closesAt: at(10) }, at(0)))).toMatchObject({
      status: 403,
    });
    expect(
      await refusal(openVote(await actorOf("communityCoordinator"), { ...base, proposalId: elevator.id, opensAt: at(0), closesAt: at(10) }, at(0))),
    ).toMatchObject({ status: 404 });
    expect(await snapshot()).toBe(before);
  });
});

describe("a residents' vote, one per person", () => {
  it("counts people, shows open totals, and closes by the quorum", async () => {
    const coordinator = await actorOf("coordinator");
    const elevator = await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
    const voteId = await openVote(
      coordinator,
      { proposalId: elevator.id, rule: "residents", per: "person", quorumPercent: 10, secret: false, opensAt: at(100), closesAt: at(200) },
      at(99),
    );
    const resident = await actorOf("resident");
    expect(await refusal(castBallot(resident, { id: resident.userId, phone: "13900000001" }, { voteId, choice: "agree" }, at(99)))).toMatchObject({
      status: 409,
      key: "vote.notYet",
    });
    await castBallot(resident, { id: resident.userId, phone: "13900000001" }, { voteId, choice: "agree" }, at(101));
    const electorCount = (await db().selectFrom("vote_electors").select("id").where("vote_id", "=", voteId).execute()).length;
    expect(electorCount).toBeGreaterThan(30);
    await closeVote(voteId, at(200));
    const v = await db().selectFrom("votes").select(["passed", "result"]).where("id", "=", voteId).executeTakeFirstOrThrow();
    expect(v.passed).toBe(0);
    expect(JSON.parse(v.result!).failed).toEqual(["turnout"]);
  });
});

/**
 * A compound of its own with a roster (building, unit, room, m², owner, phone), accounts verified as owners of
 * the given dwellings, two coordinators (one enters paper ballots, the other confirms them) and published
 * proposals on demand.
 */
async function ownersCompound(name: string, roster: [string, string, string, string, string, string][], verified: Record<string, [string, string, string][]>) {
  const compound = await addPlace(SYSTEM_ACTOR, { parentId: await placeId("西岭社区"), name }, at(-100));
  const csv = ["building,unit,room,area_m2,owner_name,owner_phone", ...roster.map((r) => r.join(","))].join("\n");
  expect((await importRoster(SYSTEM_ACTOR, { compoundId: compound.id, csv }, at(-100))).ok).toBe(true);
  const users: Record<string, { id: number; phone: string }> = {};
  for (const [phone, dwellings] of Object.entries(verified)) {
    const id = await createAccount({ phone, name: roster.find((r) => r[5] === phone)![4], passwordHash: "x", locale: null }, at(-100));
    for (const [building, unit, room] of dwellings) {
      const rid = await claimDwelling(id, { compoundId: compound.id, building, unit, room, relation: "owner", note: null }, at(-99));
      await reviewClaim(SYSTEM_ACTOR, { residencyId: rid, decision: "approve", reason: null }, at(-99));
    }
    users[phone] = { id, phone };
  }
  const coordinators = [];
  for (const phone of [`1770000${String(compound.id).padStart(4, "0")}`, `1771111${String(compound.id).padStart(4, "0")}`]) {
    const id = await createAccount({ phone, name: `协调员${phone.slice(-4)}`, passwordHash: "x", locale: null }, at(-100));
    await grantRole(SYSTEM_ACTOR, { phone, role: "coordinator", placeId: compound.id, departmentId: null }, at(-100));
    coordinators.push(await loadActor(db(), id));
  }
  const [coordinator, checker] = coordinators;
  const author = await loadActor(db(), Object.values(users)[0].id);
  const proposal = async (title: string, when: Date) => {
    const id = await createDraft(author, { compoundId: compound.id, title, body: title, category: "housing", submit: true }, when);
    await moveProposal(coordinator, { proposalId: id, action: "publish", reason: null }, when);
    return id;
  };
  const owners = (voteId: number, choice: "agree" | "oppose" | "abstain", when: Date) => (phone: string) =>
    loadActor(db(), users[phone].id).then((actor) => castBallot(actor, users[phone], { voteId, choice }, when));
  return { compoundId: compound.id, users, coordinator, checker, proposal, cast: owners };
}

const ownersVote = (coordinator: Awaited<ReturnType<typeof actorOf>>, proposalId: number, secret: boolean, from: number) =>
  openVote(
    coordinator,
    { proposalId, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret, opensAt: at(from), closesAt: at(from + 60) },
    at(from),
  );

async function closedResult(voteId: number, when: Date) {
  await closeVote(voteId, when);
  const v = await db().selectFrom("votes").select(["status", "passed", "result"]).where("id", "=", voteId).executeTakeFirstOrThrow();
  expect(v.status).toBe("closed");
  return { passed: v.passed, result: JSON.parse(v.result!) as Tally };
}

const electorByLabel = async (voteId: number, label: string) =>
  db().selectFrom("vote_electors").select(["id", "owner_key"]).where("vote_id", "=", voteId).where("label", "=", label).executeTakeFirstOrThrow();

describe("issue 12 · votes under art. 278", () => {
  const A = "19912340001";
  const B = "19912340002";
  const C = "19912340003";

  it("issue 12 · 8: an owner's paper ballot covers all their dwellings", async () => {
    // a owns 1-101 (40 m²) and 1-102 (60 m²); b owns 1-201 (50 m²), c owns 1-202 (50 m²): 200 m², 3 owners,
    // and a's 100 m² is exactly half the area.
    const c = await ownersCompound(
      "一户一票小区",
      [
        ["1号楼", "1", "101", "40", "业主甲", A],
        ["1号楼", "1", "102", "60", "业主甲", A],
        ["1号楼", "1", "201", "50", "业主乙", B],
        ["1号楼", "1", "202", "50", "业主丙", C],
      ],
      {
        [A]: [
          ["1号楼", "1", "101"],
          ["1号楼", "1", "102"],
        ],
        [B]: [["1号楼", "1", "201"]],
        [C]: [["1号楼", "1", "202"]],
      },
    );
    const voteId = await ownersVote(c.coordinator, await c.proposal("更换小区监控设备", at(-10)), true, 0);
    // a, b and c agree online; a's ballot is cast for both of a's dwellings.
    expect((await c.cast(voteId, "agree", at(1))(A)).map((r) => r.label)).toEqual(["1号楼 1-101", "1号楼 1-102"]);
    await c.cast(voteId, "agree", at(2))(B);
    await c.cast(voteId, "agree", at(3))(C);
    // Then a paper "oppose" comes in for 1-102 alone: it is a's ballot, for 1-101 as well.
    const d1 = await electorByLabel(voteId, "1号楼 1-101");
    const d2 = await electorByLabel(voteId, "1号楼 1-102");
    expect(d1.owner_key).toBe(d2.owner_key);
    const paperId = await enterPaperBallot(c.coordinator, { voteId, electorId: d2.id, choice: "oppose" }, at(10));
    // One owner, one waiting paper ballot: not a second one for a's other dwelling.
    expect(await refusal(enterPaperBallot(c.coordinator, { voteId, electorId: d1.id, choice: "agree" }, at(11)))).toMatchObject({
      status: 409,
      key: "vote.paperPending",
    });
    const confirmed = await confirmPaperBallot(c.checker, { voteId, paperId }, at(12));
    expect(confirmed.label).toBe("1号楼 1-102");
    expect(confirmed.receipts.map((r) => r.label)).toEqual(["1号楼 1-101", "1号楼 1-102"]);
    const casts = await db()
      .selectFrom("ballot_casts")
      .select(["elector_id", "channel"])
      .where("vote_id", "=", voteId)
      .where("elector_id", "in", [d1.id, d2.id])
      .orderBy("elector_id")
      .execute();
    expect(casts).toEqual([
      { elector_id: d1.id, channel: "paper" },
      { elector_id: d2.id, channel: "paper" },
    ]);

    const { passed, result } = await closedResult(voteId, at(60));
    // Agree: b and c, 100 m² of 200 m² participating — exactly 1/2, not more than half: fails.
    // Heads: 2 of 3 agree, more than half: met. (Counting 1-101 with a's online "agree" would have passed at 140 m².)
    expect(passed).toBe(0);
    expect(result.failed).toEqual(["approval_area"]);
    expect(result.counts).toMatchObject({
      electors: 4,
      headcount: 3,
      areaCenti: 20_000,
      participating: 4,
      participatingHeadcount: 3,
      participatingAreaCenti: 20_000,
    });
    expect(result.counts.byChoice).toEqual({
      agree: { ballots: 2, headcount: 2, areaCenti: 10_000 },
      oppose: { ballots: 2, headcount: 1, areaCenti: 10_000 },
      abstain: { ballots: 0, headcount: 0, areaCenti: 0 },
    });
    expect(result.conditions.find((x) => x.id === "approval_area")).toMatchObject({ numerator: 10_000, denominator: 20_000, met: false });
    // The published list says the same: a's two dwellings oppose, b's and c's agree.
    const published = await db().selectFrom("published_ballots").select("choice").where("vote_id", "=", voteId).execute();
    expect(published.map((b) => b.choice).sort()).toEqual(["agree", "agree", "oppose", "oppose"]);
  });

  it("issue 12 · 9: an owner verified at one dwelling votes for every dwelling the roster lists under their phone", async () => {
    // P is listed for 1号楼 1-101 (70 m²), 1号楼 1-102 (80 m²) and 2号楼 1-101 (90 m²), and verified for the first
    // only; Q owns 1号楼 1-201 (100 m²). Total 340 m², 2 owners.
    const P = "19912340011";
    const Q = "19912340012";
    const c = await ownersCompound(
      "名册三户小区",
      [
        ["1号楼", "1", "101", "70", "业主丁", P],
        ["1号楼", "1", "102", "80", "业主丁", P],
        ["2号楼", "1", "101", "90", "业主丁", P],
        ["1号楼", "1", "201", "100", "业主戊", Q],
      ],
      { [P]: [["1号楼", "1", "101"]], [Q]: [["1号楼", "1", "201"]] },
    );
    const voteId = await ownersVote(c.coordinator, await c.proposal("楼道加装照明", at(-10)), false, 0);
    const three = ["1号楼 1-101", "1号楼 1-102", "2号楼 1-101"];
    expect((await electorsOf(db(), voteId, c.users[P])).map((e) => e.label)).toEqual(three);
    // The vote page says which dwellings they vote for.
    const page = await callLoader(voteLoader, `/votes/${voteId}`, { id: String(voteId) }, await cookieForPhone(P));
    expect(page.status).toBe(200);
    expect((page.data as { me: { electors: string[] } }).me.electors).toEqual(three);
    // One ballot, three receipts (one per dwelling), one head.
    expect((await c.cast(voteId, "agree", at(1))(P)).map((r) => r.label)).toEqual(three);
    const { passed, result } = await closedResult(voteId, at(60));
    // Participation: 240 m² of 340 m² (720 ≥ 680: at least 2/3), but 1 owner of 2 (less than 2/3): fails.
    expect(result.counts).toMatchObject({
      electors: 4,
      headcount: 2,
      areaCenti: 34_000,
      participating: 3,
      participatingHeadcount: 1,
      participatingAreaCenti: 24_000,
    });
    expect(result.counts.byChoice.agree).toEqual({ ballots: 3, headcount: 1, areaCenti: 24_000 });
    expect(result.failed).toEqual(["participation_headcount"]);
    expect(passed).toBe(0);
  });

  it("issue 12 · 10: a transfer (过户) ends the old owner's ownership; an open vote keeps its frozen electorate", async () => {
    // P owns 1-101 (60 m²), Q owns 1-102 (40 m²). A vote opens; then the roster gives 1-101 to R.
    const P = "19912340021";
    const Q = "19912340022";
    const R = "19912340023";
    const c = await ownersCompound(
      "过户小区",
      [
        ["1号楼", "1", "101", "60", "原业主", P],
        ["1号楼", "1", "102", "40", "业主己", Q],
      ],
      { [P]: [["1号楼", "1", "101"]], [Q]: [["1号楼", "1", "102"]] },
    );
    const first = await ownersVote(c.coordinator, await c.proposal("更换小区大门", at(-10)), false, 0);
    await c.cast(first, "agree", at(1))(P);
    const frozen = async () => [
      await db().selectFrom("vote_electors").selectAll().where("vote_id", "=", first).orderBy("id").execute(),
      await db().selectFrom("vote_voters").selectAll().where("vote_id", "=", first).orderBy("elector_id").orderBy("phone").execute(),
    ];
    const before = await frozen();

    // The administrator imports the new roster line through the page: the row list says what changed.
    const form = new FormData();
    form.set("file", new Blob(["building,unit,room,area_m2,owner_name,owner_phone\n1号楼,1,101,60,新业主,", R, "\n"], { type: "text/csv" }), "roster.csv");
    const imported = await callAction(rosterAction, `/places/${c.compoundId}/roster`, form, { id: String(c.compoundId) }, await cookieFor("admin"));
    expect(imported.status).toBe(200);
    expect(imported.data).toMatchObject({
      ok: true,
      done: { created: 0, updated: 0, owners: 1 },
      notes: [
        { line: 2, key: "roster.ownerRemoved", vars: { address: "1号楼 1-101", name: "原业主" } },
        { line: 2, key: "roster.ownerNowFamily", vars: { address: "1号楼 1-101", name: "原业主" } },
      ],
    });
    const d1 = await db()
      .selectFrom("dwellings as d")
      .innerJoin("places as b", "b.id", "d.building_id")
      .select("d.id")
      .where("d.compound_id", "=", c.compoundId)
      .where("b.name", "=", "1号楼")
      .where("d.room", "=", "101")
      .executeTakeFirstOrThrow();
    expect(await db().selectFrom("dwelling_owners").select(["name", "phone"]).where("dwelling_id", "=", d1.id).execute()).toEqual([
      { name: "新业主", phone: R },
    ]);
    // P still lives there, now as a family member, and is no longer its owner.
    expect(await db().selectFrom("residencies").select(["relation", "status"]).where("user_id", "=", c.users[P].id).execute()).toEqual([
      { relation: "family", status: "verified" },
    ]);

    // The open vote keeps its electorate: P may still change their ballot; R, not in it, may not vote.
    expect(await frozen()).toEqual(before);
    await c.cast(first, "agree", at(20))(Q);
    expect((await c.cast(first, "oppose", at(21))(P)).map((r) => r.label)).toEqual(["1号楼 1-101"]);
    const rId = await createAccount({ phone: R, name: "新业主", passwordHash: "x", locale: null }, at(22));
    const rClaim = await claimDwelling(rId, { compoundId: c.compoundId, building: "1号楼", unit: "1", room: "101", relation: "owner", note: null }, at(22));
    await reviewClaim(c.coordinator, { residencyId: rClaim, decision: "approve", reason: null }, at(22));
    const rUser = { id: rId, phone: R };
    expect(await refusal(castBallot(await loadActor(db(), rId), rUser, { voteId: first, choice: "agree" }, at(23)))).toMatchObject({
      status: 403,
      key: "vote.notElector",
    });
    const { result } = await closedResult(first, at(60));
    // P's 60 m² oppose, Q's 40 m² agree: the tally of the electorate frozen at opening.
    expect(result.counts).toMatchObject({ electors: 2, headcount: 2, areaCenti: 10_000, participating: 2, participatingAreaCenti: 10_000 });
    expect(result.counts.byChoice.oppose).toEqual({ ballots: 1, headcount: 1, areaCenti: 6_000 });
    expect(result.counts.byChoice.agree).toEqual({ ballots: 1, headcount: 1, areaCenti: 4_000 });

    // A new vote: R owns 1-101; P is no longer an owner and cannot vote.
    const second = await ownersVote(c.coordinator, await c.proposal("更换小区门禁", at(70)), false, 70);
    expect((await db().selectFrom("vote_voters").select("phone").where("vote_id", "=", second).orderBy("phone").execute()).map((w) => w.phone)).toEqual(
      [R, Q].sort(),
    );
    expect(await electorsOf(db(), second, c.users[P])).toEqual([]);
    expect(await refusal(c.cast(second, "agree", at(71))(P))).toMatchObject({ status: 403, key: "vote.notElector" });
    expect((await castBallot(await loadActor(db(), rId), rUser, { voteId: second, choice: "agree" }, at(72))).map((r) => r.label)).toEqual(["1号楼 1-101"]);
  });

  it("issue 12 · 6: a secret vote's paper ballots unconfirmed at closing keep no choice", async () => {
    const P = "19912340031";
    const Q = "19912340032";
    const c = await ownersCompound(
      "纸质票小区",
      [
        ["1号楼", "1", "101", "60", "业主庚", P],
        ["1号楼", "1", "102", "40", "业主辛", Q],
      ],
      { [P]: [["1号楼", "1", "101"]] },
    );
    const voteId = await ownersVote(c.coordinator, await c.proposal("增设电动车充电桩", at(-10)), true, 0);
    await c.cast(voteId, "agree", at(1))(P);
    const d2 = await electorByLabel(voteId, "1号楼 1-102");
    const paperId = await enterPaperBallot(c.coordinator, { voteId, electorId: d2.id, choice: "oppose" }, at(30));
    // Nobody confirms it before the vote closes.
    const { result } = await closedResult(voteId, at(60));
    expect(result.counts.participating).toBe(1);
    expect(await db().selectFrom("paper_ballots").select(["id", "elector_id", "choice", "status"]).where("vote_id", "=", voteId).execute()).toEqual([
      { id: paperId, elector_id: d2.id, choice: null, status: "expired" },
    ]);
    // Nothing else ties that dwelling to a choice: it has no cast, and the only choice left is P's counted one.
    expect(await db().selectFrom("ballot_casts").select("elector_id").where("vote_id", "=", voteId).where("elector_id", "=", d2.id).execute()).toEqual([]);
    expect((await db().selectFrom("published_ballots").select("choice").where("vote_id", "=", voteId).execute()).map((b) => b.choice)).toEqual(["agree"]);
  });
});
