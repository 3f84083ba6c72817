// Votes: opening with a frozen electorate, casting and changing ballots, paper ballots with a second
// person's confirmation, and closing with a frozen tally, a published hash chain and a resolution.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, VoteChoice, VoteRule } from "../../../db/schema";
import { groupCommit } from "../../../db/group-commit";
import { type Held, onConnection, prepared } from "../../../db/prepared";
import { buildChain, receiptHashOf, resolutionNumber } from "~/domain/ballot-chain";
import { type Actor, can, hasRoleWithin } from "~/domain/permissions";
import { type CountedBallot, type Elector, tally } from "~/domain/tally";
import { acceptsVote } from "~/domain/proposal-lifecycle";
import { beijingDate } from "~/domain/working-days";
import { voteWindow } from "~/domain/vote-access";
import { appendAudit, appendAuditNow } from "~/features/audit/queries.server";
import { getProposal } from "~/features/proposals/queries.server";
import { AppError, actorId, authorize, fail } from "~/features/errors";
import { applyMove, loadVisibleProposal } from "~/features/proposals/commands.server";

type Db = Kysely<Database>;

const NOTICE_DAYS = 7;
const DOUBLE_SUBMIT_MS = 3_000;

/** SHA-256 of text as hex, native (the same function as the domain's pure one, many times faster). */
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
const slotOf = (salt: string, electorId: number) => sha256Hex(`${salt}:${electorId}`);

/** A receipt code: 12 characters, shown once to the voter, grouped for reading (ABCD-EFGH-JKLM). */
function newReceipt(): { code: string; hash: string } {
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  const bytes = randomBytes(12);
  let raw = "";
  for (const b of bytes) raw += alphabet[b % alphabet.length];
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  return { code, hash: receiptHashOf(code) };
}

const voteQuery = (db: Db, id: number) =>
  db
    .selectFrom("votes as v")
    .innerJoin("places as c", "c.id", "v.compound_id")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .selectAll("v")
    .select(["c.path as compound_path", "c.name as compound", "p.title"])
    .where("v.id", "=", id);
const voteById = prepared(voteQuery);

export async function getVote(db: Db, id: number) {
  return voteQuery(db, id).executeTakeFirst();
}

export type VoteRow = NonNullable<Awaited<ReturnType<typeof getVote>>>;

const voterOfVote = prepared((db, voteId: number, userId: number) => db.selectFrom("vote_voters").select("elector_id").where("vote_id", "=", voteId).where("user_id", "=", userId));

/**
 * The vote as this actor may see it: within the compounds they see, or where they hold a role in one of
 * its buildings (a building lead who lives elsewhere), or where they are in its frozen electorate (a voter
 * who has moved out since it opened).
 */
function visibleVote(h: Held, actor: Actor, voteId: number): VoteRow {
  const v = voteById.get(h, voteId);
  if (!v) fail(404, "error.notFound");
  const compound = { path: v.compound_path, kind: "compound" as const };
  if (can(actor, "compound.view", compound) || hasRoleWithin(actor, v.compound_path)) return v;
  if (!voterOfVote.get(h, v.id, actor.userId)) fail(404, "error.notFound");
  return v;
}

export function loadVisibleVote(db: Db, actor: Actor, voteId: number): Promise<VoteRow> {
  return onConnection(db, (h) => visibleVote(h, actor, voteId));
}

/** Whether the vote's page opens for this person (a link to it is shown only then). */
export function mayViewVote(db: Db, actor: Actor | null, voteId: number): Promise<boolean> {
  if (!actor) return Promise.resolve(false);
  return onConnection(db, (h) => {
    try {
      visibleVote(h, actor, voteId);
      return true;
    } catch (e) {
      if (e instanceof AppError) return false;
      throw e;
    }
  });
}

export interface OpenVoteInput {
  proposalId: number;
  rule: VoteRule;
  per: "person" | "dwelling";
  quorumPercent: number;
  secret: boolean;
  opensAt: Date;
  closesAt: Date;
}

export async function openVote(db: Db, actor: Actor, input: OpenVoteInput, now: Date) {
  return db.transaction().execute(async (trx) => {
    const p = await loadVisibleProposal(trx, actor, input.proposalId);
    authorize(actor, "vote.open", { path: p.compound_path, kind: "compound" });
    if (!acceptsVote(p.state)) fail(409, "vote.notPublished");
    if (!(input.closesAt.getTime() > input.opensAt.getTime())) fail(400, "vote.badWindow", undefined, "closesAt");
    if (input.closesAt.getTime() <= now.getTime()) fail(400, "vote.badWindow", undefined, "closesAt");
    // A window starts no earlier than a day ago and lasts at most 90 days.
    if (input.opensAt.getTime() < now.getTime() - 86_400_000) fail(400, "vote.badWindow", undefined, "opensAt");
    if (input.closesAt.getTime() - input.opensAt.getTime() > 90 * 86_400_000) fail(400, "vote.windowTooLong", undefined, "closesAt");
    const per = input.rule === "residents" ? input.per : "dwelling";
    const at = now.toISOString();
    const { id: voteId } = await trx
      .insertInto("votes")
      .values({
        proposal_id: p.id,
        compound_id: p.compound_id,
        rule: input.rule,
        per,
        quorum_percent: input.rule === "residents" ? input.quorumPercent : 0,
        secret: input.secret ? 1 : 0,
        opens_at: input.opensAt.toISOString(),
        closes_at: input.closesAt.toISOString(),
        status: "open",
        slot_salt: randomBytes(32).toString("hex"),
        opened_by: actorId(actor),
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const count = await freezeElectorate(trx, voteId, p.compound_id, input.rule, per);
    if (count === 0) fail(409, "vote.noElectorate");
    await applyMove(trx, actor, p, "open_vote", "coordinator", { reason: null }, at);
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "vote.open",
      entityType: "vote",
      entityId: voteId,
      placeId: p.compound_id,
      data: { proposalId: p.id, rule: input.rule, per, secret: input.secret, electors: count },
      at,
    });
    return voteId;
  });
}

/** Copies the electorate as it stands now: later roster or residency changes do not touch it. */
async function freezeElectorate(trx: Db, voteId: number, compoundId: number, rule: VoteRule, per: "person" | "dwelling"): Promise<number> {
  const dwellings = await trx
    .selectFrom("dwellings as d")
    .innerJoin("places as b", "b.id", "d.building_id")
    .select(["d.id", "d.area_centi", "d.building_id", "d.unit", "d.room", "b.name as building"])
    .where("d.compound_id", "=", compoundId)
    .execute();
  const byId = new Map(dwellings.map((d) => [d.id, d]));
  const label = (d: (typeof dwellings)[number]) => `${d.building} ${d.unit}-${d.room}`;
  const electors: { key: string; owner_key: string; area_centi: number; dwelling_id: number | null; building_id: number | null; label: string; voters: { user_id?: number; phone?: string }[] }[] = [];
  if (rule === "residents") {
    const residents = await trx
      .selectFrom("residencies as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["r.user_id", "r.dwelling_id", "u.name"])
      .where("r.compound_id", "=", compoundId)
      .where("r.status", "=", "verified")
      .orderBy("r.id")
      .execute();
    if (per === "person") {
      const seen = new Set<number>();
      for (const r of residents) {
        if (seen.has(r.user_id)) continue;
        seen.add(r.user_id);
        const d = byId.get(r.dwelling_id);
        electors.push({ key: `u:${r.user_id}`, owner_key: `u:${r.user_id}`, area_centi: 0, dwelling_id: null, building_id: d?.building_id ?? null, label: r.name, voters: [{ user_id: r.user_id }] });
      }
    } else {
      for (const d of dwellings) {
        const users = [...new Set(residents.filter((r) => r.dwelling_id === d.id).map((r) => r.user_id))];
        if (users.length === 0) continue;
        electors.push({ key: `d:${d.id}`, owner_key: `d:${d.id}`, area_centi: d.area_centi, dwelling_id: d.id, building_id: d.building_id, label: label(d), voters: users.map((u) => ({ user_id: u })) });
      }
    }
  } else {
    const owners = await trx
      .selectFrom("dwelling_owners as o")
      .innerJoin("dwellings as d", "d.id", "o.dwelling_id")
      .select(["o.dwelling_id", "o.phone"])
      .where("d.compound_id", "=", compoundId)
      .execute();
    // The roster decides ownership: the account of a roster phone verified as the owner of any one dwelling
    // listed under that phone votes for every dwelling listed under it. Frozen with the electorate, so a
    // transfer (过户) during the vote does not take away a ballot the electorate gave.
    const verified = await trx
      .selectFrom("dwelling_owners as o")
      .innerJoin("dwellings as d", "d.id", "o.dwelling_id")
      .innerJoin("users as u", "u.phone", "o.phone")
      .innerJoin("residencies as r", (j) => j.onRef("r.user_id", "=", "u.id").onRef("r.dwelling_id", "=", "o.dwelling_id"))
      .select(["o.phone", "u.id"])
      .distinct()
      .where("d.compound_id", "=", compoundId)
      .where("r.status", "=", "verified")
      .where("r.relation", "=", "owner")
      .execute();
    const userOfPhone = new Map(verified.map((v) => [v.phone, v.id]));
    for (const d of dwellings) {
      const phones = [...new Set(owners.filter((o) => o.dwelling_id === d.id).map((o) => o.phone))].sort();
      if (phones.length === 0) continue;
      // One owner of several dwellings has one key: the same set of owners on the roster.
      electors.push({ key: `d:${d.id}`, owner_key: `o:${phones.join(",")}`, area_centi: d.area_centi, dwelling_id: d.id, building_id: d.building_id, label: label(d), voters: phones.map((phone) => ({ phone, user_id: userOfPhone.get(phone) })) });
    }
  }
  for (const e of electors) {
    const { id } = await trx
      .insertInto("vote_electors")
      .values({ vote_id: voteId, key: e.key, owner_key: e.owner_key, area_centi: e.area_centi, dwelling_id: e.dwelling_id, building_id: e.building_id, label: e.label })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("vote_voters")
      .values(e.voters.map((v) => ({ vote_id: voteId, elector_id: id, user_id: v.user_id ?? null, phone: v.phone ?? null })))
      .execute();
  }
  return electors.length;
}

function assertOpen(v: VoteRow, now: Date) {
  const window = voteWindow({ status: v.status, opensAt: v.opens_at, closesAt: v.closes_at }, now.toISOString());
  if (window === "closed") fail(409, "vote.closed");
  if (window === "notYet") fail(409, "vote.notYet");
}

const electorSelect = (db: Db, voteId: number) =>
  db.selectFrom("vote_voters as w").innerJoin("vote_electors as e", "e.id", "w.elector_id").select(["e.id", "e.label", "e.key", "e.dwelling_id"]).where("w.vote_id", "=", voteId);
// Two indexed lookups (by account, by roster phone) rather than one OR that would scan the electorate.
const electorsByUser = prepared((db, voteId: number, userId: number) => electorSelect(db, voteId).where("w.user_id", "=", userId));
const electorsByPhone = prepared((db, voteId: number, phone: string) => electorSelect(db, voteId).where("w.phone", "=", phone));
const ownedDwellings = prepared((db, userId: number) => db.selectFrom("residencies").select("dwelling_id").where("user_id", "=", userId).where("status", "=", "verified").where("relation", "=", "owner"));

/**
 * The electors a person may cast for in this vote (an owner of several dwellings has several). Residents'
 * votes: the people frozen at opening. Owners' votes: the roster decides ownership — the person whose phone
 * the roster frozen at opening lists votes for every dwelling listed under it, once they are verified as the
 * owner of one of those dwellings (a phone number alone is not proof). Verified at opening: the account is
 * frozen with the electorate; verified since: checked now.
 */
function electorsNow(h: Held, voteId: number, user: { id: number; phone: string }) {
  const byPhone = electorsByPhone.all(h, voteId, user.phone);
  const ownedIds = new Set(byPhone.length > 0 ? ownedDwellings.all(h, user.id).map((o) => o.dwelling_id) : []);
  const verifiedOwner = byPhone.some((e) => e.dwelling_id !== null && ownedIds.has(e.dwelling_id));
  const seen = new Set<number>();
  return [...electorsByUser.all(h, voteId, user.id), ...(verifiedOwner ? byPhone : [])].filter((e) => !seen.has(e.id) && seen.add(e.id)).sort((a, b) => a.id - b.id);
}

export function electorsOf(db: Db, voteId: number, user: { id: number; phone: string }) {
  return onConnection(db, (h) => electorsNow(h, voteId, user));
}

const castOf = prepared((db, voteId: number, electorId: number) => db.selectFrom("ballot_casts").select("cast_at").where("vote_id", "=", voteId).where("elector_id", "=", electorId));
const upsertCast = prepared((db, voteId: number, electorId: number, channel: "online" | "paper", at: string) =>
  db
    .insertInto("ballot_casts")
    .values({ vote_id: voteId, elector_id: electorId, channel, cast_at: at })
    .onConflict((oc) => oc.columns(["vote_id", "elector_id"]).doUpdateSet({ channel, cast_at: at })),
);
const upsertChoice = prepared((db, voteId: number, slot: string, choice: VoteChoice, hash: string) =>
  db
    .insertInto("ballot_choices")
    .values({ vote_id: voteId, slot, choice, receipt_hash: hash })
    .onConflict((oc) => oc.columns(["vote_id", "slot"]).doUpdateSet({ choice, receipt_hash: hash })),
);
const insertHistory = prepared((db, voteId: number, slot: string, id: string, choice: VoteChoice, hash: string) =>
  db.insertInto("ballot_history").values({ vote_id: voteId, slot, id, choice, receipt_hash: hash }),
);

/** Writes (or replaces) the counted ballot of one elector; the history keeps every change. */
function record(h: Held, v: { id: number; slot_salt: string | null }, electorId: number, choice: VoteChoice, channel: "online" | "paper", at: string) {
  if (!v.slot_salt) fail(409, "vote.closed");
  const slot = slotOf(v.slot_salt, electorId);
  const receipt = newReceipt();
  upsertCast.run(h, v.id, electorId, channel, at);
  upsertChoice.run(h, v.id, slot, choice, receipt.hash);
  insertHistory.run(h, v.id, slot, randomBytes(12).toString("hex"), choice, receipt.hash);
  return receipt.code;
}

const choiceOfSlot = prepared((db, voteId: number, slot: string) => db.selectFrom("ballot_choices").select("choice").where("vote_id", "=", voteId).where("slot", "=", slot));

/**
 * The same ballot sent again within a few seconds (a second tap, a resent form): the latest cast of these
 * electors is that recent and holds the same choice. A different choice is a change of mind, and counts.
 */
function isDoubleSubmit(h: Held, v: { id: number; slot_salt: string | null }, electors: readonly { id: number }[], choice: VoteChoice, now: Date) {
  let last: { electorId: number; at: string } | null = null;
  for (const e of electors) {
    const at = castOf.get(h, v.id, e.id)?.cast_at;
    if (at && (!last || at > last.at)) last = { electorId: e.id, at };
  }
  if (!last || !v.slot_salt || now.getTime() - Date.parse(last.at) >= DOUBLE_SUBMIT_MS) return false;
  return choiceOfSlot.get(h, v.id, slotOf(v.slot_salt, last.electorId))?.choice === choice;
}

/**
 * Casts (or changes) the ballot of every elector the person may cast for. Ballots arriving together are
 * written in one shared transaction (db/group-commit.ts): the busiest moment of the product is the evening a
 * vote closes.
 */
export function castBallot(db: Db, actor: Actor, user: { id: number; phone: string }, input: { voteId: number; choice: VoteChoice }, now: Date) {
  return groupCommit(db, (h) => {
    const v = visibleVote(h, actor, input.voteId);
    assertOpen(v, now);
    const electors = electorsNow(h, v.id, user);
    if (electors.length === 0) fail(403, "vote.notElector");
    if (isDoubleSubmit(h, v, electors, input.choice, now)) fail(409, "vote.doubleSubmit");
    const at = now.toISOString();
    return electors.map((e) => ({ label: e.label, code: record(h, v, e.id, input.choice, "online", at) }));
  });
}

const electorOfVote = prepared((db, electorId: number, voteId: number) => db.selectFrom("vote_electors").select(["id", "owner_key"]).where("id", "=", electorId).where("vote_id", "=", voteId));
/** The dwellings of one owner in the frozen electorate (one elector, under residents' rules). */
const electorsOfOwner = prepared((db, voteId: number, ownerKey: string) =>
  db.selectFrom("vote_electors").select(["id", "label"]).where("vote_id", "=", voteId).where("owner_key", "=", ownerKey).orderBy("id"),
);
const pendingPaperOfOwner = prepared((db, voteId: number, ownerKey: string) =>
  db
    .selectFrom("paper_ballots as p")
    .innerJoin("vote_electors as e", "e.id", "p.elector_id")
    .select("p.id")
    .where("p.vote_id", "=", voteId)
    .where("p.status", "=", "pending")
    .where("e.owner_key", "=", ownerKey),
);
const insertPaper = prepared((db, voteId: number, electorId: number, choice: VoteChoice, by: number, at: string) =>
  db.insertInto("paper_ballots").values({ vote_id: voteId, elector_id: electorId, choice, entered_by: by, entered_at: at, status: "pending" }).returning("id"),
);

/**
 * A paper ballot is entered for one dwelling and, like an online one, is its owner's ballot for all their
 * dwellings in the frozen electorate: one owner, one choice. So one owner has at most one waiting paper ballot.
 */
export function enterPaperBallot(db: Db, actor: Actor, input: { voteId: number; electorId: number; choice: VoteChoice }, now: Date) {
  return groupCommit(db, (h) => {
    const v = visibleVote(h, actor, input.voteId);
    authorize(actor, "vote.paper", { path: v.compound_path, kind: "compound" });
    assertOpen(v, now);
    const e = electorOfVote.get(h, input.electorId, v.id);
    if (!e) fail(404, "vote.noSuchElector", undefined, "electorId");
    if (pendingPaperOfOwner.get(h, v.id, e.owner_key)) fail(409, "vote.paperPending");
    const at = now.toISOString();
    const { id } = insertPaper.get(h, v.id, e.id, input.choice, actor.userId, at)!;
    appendAuditNow(h, { actorId: actor.userId, action: "vote.paper_enter", entityType: "vote", entityId: v.id, placeId: v.compound_id, data: { paperId: id }, at });
    return id;
  });
}

const paperOfVote = prepared((db, paperId: number, voteId: number) =>
  db
    .selectFrom("paper_ballots as p")
    .innerJoin("vote_electors as e", "e.id", "p.elector_id")
    .leftJoin("places as b", "b.id", "e.building_id")
    .select(["p.id", "p.elector_id", "p.choice", "p.entered_by", "p.status", "e.label", "e.owner_key", "b.path as building_path"])
    .where("p.id", "=", paperId)
    .where("p.vote_id", "=", voteId),
);
const confirmPaper = prepared((db, paperId: number, by: number, at: string, choice: VoteChoice | null) =>
  db.updateTable("paper_ballots").set({ status: "confirmed", confirmed_by: by, confirmed_at: at, choice }).where("id", "=", paperId),
);

/**
 * A second person with a role in the compound confirms; then it counts as the owner's ballot for every dwelling
 * they own in the frozen electorate (the owner's later ballot, online or paper, counts). `label` and `code` are
 * those of the dwelling it was entered for; `receipts` has one per dwelling it counts for.
 */
export function confirmPaperBallot(db: Db, actor: Actor, input: { voteId: number; paperId: number }, now: Date) {
  return groupCommit(db, (h) => {
    const v = visibleVote(h, actor, input.voteId);
    const paper = paperOfVote.get(h, input.paperId, v.id);
    if (!paper) fail(404, "error.notFound");
    const target = paper.building_path ? { path: paper.building_path, kind: "building" as const } : { path: v.compound_path, kind: "compound" as const };
    if (!can(actor, "vote.confirm", target)) fail(403, "error.forbidden");
    if (paper.entered_by === actor.userId) fail(409, "vote.sameConfirmer");
    if (paper.status !== "pending" || !paper.choice) fail(409, "vote.paperDone");
    assertOpen(v, now);
    const at = now.toISOString();
    const choice = paper.choice;
    const receipts = electorsOfOwner.all(h, v.id, paper.owner_key).map((e) => ({ electorId: e.id, label: e.label, code: record(h, v, e.id, choice, "paper", at) }));
    confirmPaper.run(h, paper.id, actor.userId, at, v.secret ? null : paper.choice);
    appendAuditNow(h, { actorId: actor.userId, action: "vote.paper_confirm", entityType: "vote", entityId: v.id, placeId: v.compound_id, data: { paperId: paper.id }, at });
    const own = receipts.find((r) => r.electorId === paper.elector_id)!;
    return { label: own.label, code: own.code, receipts: receipts.map((r) => ({ label: r.label, code: r.code })) };
  });
}

/** Closes a vote whose window has ended: tally frozen, list published, link to identities erased. */
export async function closeVote(db: Db, voteId: number, now: Date) {
  return db.transaction().execute(async (trx) => {
    const v = await getVote(trx, voteId);
    if (!v || v.status !== "open" || !v.slot_salt) return null;
    if (now.toISOString() < v.closes_at) return null;
    const electors = await trx.selectFrom("vote_electors").select(["id", "key", "owner_key", "area_centi"]).where("vote_id", "=", v.id).execute();
    // Casts in the order they were last made: where one owner's dwellings disagree, the latest counts.
    const casts = await trx.selectFrom("ballot_casts").select(["elector_id", "cast_at"]).where("vote_id", "=", v.id).orderBy("cast_at").orderBy("elector_id").execute();
    const choices = new Map((await trx.selectFrom("ballot_choices").select(["slot", "choice", "receipt_hash"]).where("vote_id", "=", v.id).execute()).map((c) => [c.slot, c]));
    const byId = new Map(electors.map((e) => [e.id, e]));
    const counted: CountedBallot[] = [];
    const published: { receiptHash: string; choice: string }[] = [];
    for (const [i, c] of casts.entries()) {
      const e = byId.get(c.elector_id);
      const choice = choices.get(slotOf(v.slot_salt, c.elector_id));
      if (!e || !choice) continue;
      counted.push({ electorKey: e.key, choice: choice.choice, seq: i });
      published.push({ receiptHash: choice.receipt_hash, choice: choice.choice });
    }
    const result = tally({
      rule: v.rule,
      electors: electors.map((e): Elector => ({ key: e.key, ownerKey: e.owner_key, areaCenti: e.area_centi })),
      ballots: counted,
      quorumPercent: v.quorum_percent,
    });
    const chain = buildChain(v.id, published, sha256Hex);
    for (let i = 0; i < chain.length; i += 500) {
      await trx
        .insertInto("published_ballots")
        .values(chain.slice(i, i + 500).map((e) => ({ vote_id: v.id, position: e.position, receipt_hash: e.receiptHash, choice: e.choice as VoteChoice, chain_hash: e.chainHash })))
        .execute();
    }
    const at = now.toISOString();
    await trx
      .updateTable("votes")
      .set({ status: "closed", closed_at: at, result: JSON.stringify(result), passed: result.passed ? 1 : 0, chain_head: chain.at(-1)?.chainHash ?? null, slot_salt: null })
      .where("id", "=", v.id)
      .execute();
    // Paper ballots that nobody confirmed in time do not count; they stay, marked so. In a secret vote their
    // choice goes, as a confirmed one's does: nothing links an elector to a choice once the vote is closed.
    await trx
      .updateTable("paper_ballots")
      .set(v.secret ? { status: "expired", choice: null } : { status: "expired" })
      .where("vote_id", "=", v.id)
      .where("status", "=", "pending")
      .execute();
    const p = (await getProposal(trx, v.proposal_id))!;
    await applyMove(trx, null, p, result.passed ? "adopt" : "reject", "system", { reason: null }, at);
    await appendAudit(trx, {
      actorId: null,
      action: "vote.close",
      entityType: "vote",
      entityId: v.id,
      placeId: v.compound_id,
      data: { passed: result.passed, failed: result.failed, ballots: chain.length },
      at,
    });
    let resolutionId: number | null = null;
    if (result.passed) {
      const year = Number(beijingDate(now).slice(0, 4));
      const last = await trx.selectFrom("resolutions").select((eb) => eb.fn.max("seq").as("seq")).where("compound_id", "=", v.compound_id).where("year", "=", year).executeTakeFirst();
      const seq = Number(last?.seq ?? 0) + 1;
      const notice = new Date(now.getTime() + NOTICE_DAYS * 86_400_000).toISOString();
      const r = await trx
        .insertInto("resolutions")
        .values({
          proposal_id: p.id,
          vote_id: v.id,
          compound_id: v.compound_id,
          year,
          seq,
          number: resolutionNumber(year, v.compound, seq),
          title: p.title,
          tally: JSON.stringify(result),
          notice_starts: at,
          notice_ends: notice,
          created_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      resolutionId = r.id;
      await appendAudit(trx, { actorId: null, action: "resolution.create", entityType: "resolution", entityId: r.id, placeId: v.compound_id, data: { number: resolutionNumber(year, v.compound, seq) }, at });
    }
    // Followers hear of the new state once, from applyMove above.
    return { passed: result.passed, resolutionId };
  });
}

/** The scheduled job: close every vote whose window has ended. Also `npm run jobs`. */
export async function runDueJobs(db: Db, now: Date) {
  const due = await db.selectFrom("votes").select("id").where("status", "=", "open").where("closes_at", "<=", now.toISOString()).execute();
  const closed: number[] = [];
  for (const v of due) if (await closeVote(db, v.id, now)) closed.push(v.id);
  return closed;
}
