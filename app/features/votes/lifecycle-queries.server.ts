// Writes and reads of a vote's life: opening (the vote row and its frozen electorate) and closing (the
// ballots to count, the published chain, the closed vote, expired paper ballots, the resolution).
import type { Insertable } from "kysely";
import type { Database, VoteChoice, VoteRule } from "../../../db/schema";
import type { DB } from "~/db.server";
import { engineOf } from "../../../db/engine";

/** A vote row as opening writes it (its status is "open"). */
export type NewVote = Omit<Insertable<Database["votes"]>, "status">;

export async function insertVote(trx: DB, v: NewVote) {
  const { id } = await trx
    .insertInto("votes")
    .values({ ...v, status: "open" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Copies the electorate as it stands now: later roster or residency changes do not touch it. */
export async function freezeElectorate(trx: DB, voteId: number, compoundId: number, rule: VoteRule, per: "person" | "dwelling"): Promise<number> {
  const dwellings = await trx
    .selectFrom("dwellings as d")
    .innerJoin("places as b", "b.id", "d.building_id")
    .select(["d.id", "d.area_centi", "d.building_id", "d.unit", "d.room", "b.name as building"])
    .where("d.compound_id", "=", compoundId)
    // The electors' ids follow the dwellings' order: a fixed one, not whatever order the engine reads them in.
    .orderBy("d.id")
    .execute();
  const byId = new Map(dwellings.map((d) => [d.id, d]));
  const label = (d: (typeof dwellings)[number]) => `${d.building} ${d.unit}-${d.room}`;
  const electors: {
    key: string;
    owner_key: string;
    area_centi: number;
    dwelling_id: number | null;
    building_id: number | null;
    label: string;
    voters: { user_id?: number; phone?: string }[];
  }[] = [];
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
        electors.push({
          key: `u:${r.user_id}`,
          owner_key: `u:${r.user_id}`,
          area_centi: 0,
          dwelling_id: null,
          building_id: d?.building_id ?? null,
          label: r.name,
          voters: [{ user_id: r.user_id }],
        });
      }
    } else {
      for (const d of dwellings) {
        const users = [...new Set(residents.filter((r) => r.dwelling_id === d.id).map((r) => r.user_id))];
        if (users.length === 0) continue;
        electors.push({
          key: `d:${d.id}`,
          owner_key: `d:${d.id}`,
          area_centi: d.area_centi,
          dwelling_id: d.id,
          building_id: d.building_id,
          label: label(d),
          voters: users.map((u) => ({ user_id: u })),
        });
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
      electors.push({
        key: `d:${d.id}`,
        owner_key: `o:${phones.join(",")}`,
        area_centi: d.area_centi,
        dwelling_id: d.id,
        building_id: d.building_id,
        label: label(d),
        voters: phones.map((phone) => ({ phone, user_id: userOfPhone.get(phone) })),
      });
    }
  }
  for (const e of electors) {
    const { id } = await trx
      .insertInto("vote_electors")
      .values({
        vote_id: voteId,
        key: e.key,
        owner_key: e.owner_key,
        area_centi: e.area_centi,
        dwelling_id: e.dwelling_id,
        building_id: e.building_id,
        label: e.label,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("vote_voters")
      .values(e.voters.map((v) => ({ vote_id: voteId, elector_id: id, user_id: v.user_id ?? null, phone: v.phone ?? null })))
      .execute();
  }
  return electors.length;
}

/** Votes still open whose window has ended by `at`. */
/**
 * The scheduled job's claim, inside the transaction that closes it: the next open vote whose window has ended
 * (not one of `passed`). On PostgreSQL the row is locked and a row another process holds is skipped (FOR UPDATE
 * SKIP LOCKED); SQLite's write transaction (BEGIN IMMEDIATE) already shuts every other process out.
 */
export async function claimDueVote(trx: DB, at: string, passed: readonly number[]): Promise<number | null> {
  const row = await trx
    .selectFrom("votes")
    .select("id")
    .where("status", "=", "open")
    .where("closes_at", "<=", at)
    .$if(passed.length > 0, (q) => q.where("id", "not in", passed))
    .orderBy("closes_at")
    .orderBy("id")
    .limit(1)
    .$if(engineOf(trx) === "pg", (q) => q.forUpdate().skipLocked())
    .executeTakeFirst();
  return row ? row.id : null;
}

/** What closing counts: the electorate, the casts in the order they were last made, the choices by slot. */
export async function ballotsToCount(trx: DB, voteId: number) {
  const electors = await trx.selectFrom("vote_electors").select(["id", "key", "owner_key", "area_centi"]).where("vote_id", "=", voteId).execute();
  const casts = await trx
    .selectFrom("ballot_casts")
    .select(["elector_id", "cast_at"])
    .where("vote_id", "=", voteId)
    .orderBy("cast_at")
    .orderBy("elector_id")
    .execute();
  const choices = await trx.selectFrom("ballot_choices").select(["slot", "choice", "receipt_hash"]).where("vote_id", "=", voteId).execute();
  return { electors, casts, choices };
}

export async function publishChain(trx: DB, voteId: number, chain: readonly { position: number; receiptHash: string; choice: string; chainHash: string }[]) {
  for (let i = 0; i < chain.length; i += 500) {
    await trx
      .insertInto("published_ballots")
      .values(
        chain
          .slice(i, i + 500)
          .map((e) => ({ vote_id: voteId, position: e.position, receipt_hash: e.receiptHash, choice: e.choice as VoteChoice, chain_hash: e.chainHash })),
      )
      .execute();
  }
}

/** The vote closed with its frozen result; its salt goes, and with it the link from elector to choice. */
export async function markClosed(trx: DB, voteId: number, c: { at: string; result: string; passed: boolean; chainHead: string | null }) {
  await trx
    .updateTable("votes")
    .set({ status: "closed", closed_at: c.at, result: c.result, passed: c.passed ? 1 : 0, chain_head: c.chainHead, slot_salt: null })
    .where("id", "=", voteId)
    .execute();
}

/** Paper ballots nobody confirmed in time, marked expired; in a secret vote their choice goes too. */
export async function expirePendingPaper(trx: DB, voteId: number, secret: boolean) {
  await trx
    .updateTable("paper_ballots")
    .set(secret ? { status: "expired", choice: null } : { status: "expired" })
    .where("vote_id", "=", voteId)
    .where("status", "=", "pending")
    .execute();
}

/** The next number of a compound's resolutions in a year. */
export async function nextResolutionSeq(trx: DB, compoundId: number, year: number) {
  const last = await trx
    .selectFrom("resolutions")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("compound_id", "=", compoundId)
    .where("year", "=", year)
    .executeTakeFirst();
  return Number(last?.seq ?? 0) + 1;
}

export type NewResolution = Insertable<Database["resolutions"]>;

export async function insertResolution(trx: DB, r: NewResolution) {
  const { id } = await trx.insertInto("resolutions").values(r).returning("id").executeTakeFirstOrThrow();
  return id;
}
