// Ballot secrecy on both engines (issue 14 · 3): once a secret vote is closed, no reading of the tables pairs
// an elector with a choice: not the storage order (PostgreSQL's ctid, SQLite's key order), not the transaction
// ids PostgreSQL keeps on each row (xmin), not a sequence, identity or time column. Forty owners vote in
// elector order, the first twenty agree and the last twenty oppose: the split this test knows and looks for.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { castBallot } from "~/features/votes/ballot-commands.server";
import { closeVote } from "~/features/votes/commands.server";
import { engineOf } from "../../db/engine";
import { setupVoteFixture } from "../../db/tools/vote-fixture";

const db = () => getDb();
const T0 = Date.parse("2026-12-01T01:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const N = 40;
const SPLIT = [...Array(N / 2).fill("agree"), ...Array(N / 2).fill("oppose")].join();

async function rows<T>(query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db())).rows;
}

/** The column names of a table and whether any looks like a counter or a time. */
async function columnsOf(table: string) {
  if (engineOf(db()) === "pg") {
    const cols = await rows(
      sql<{ name: string; type: string; identity: string; dflt: string | null }>`select column_name as name, data_type as type, is_identity as identity,
        column_default as dflt from information_schema.columns where table_name = ${table}`,
    );
    return cols.map((c) => ({ name: c.name, suspicious: c.identity === "YES" || c.dflt !== null || /time|date|serial|int/i.test(c.type) }));
  }
  const cols = await rows(
    sql<{ name: string; type: string; pk: number; dflt: string | null }>`select name, type, pk, dflt_value as dflt from pragma_table_info(${table})`,
  );
  return cols.map((c) => ({ name: c.name, suspicious: c.dflt !== null || /time|date|int/i.test(c.type) }));
}

describe("a secret vote on this engine, once closed", () => {
  it("keeps nothing that pairs an elector with a choice", async () => {
    const pg = engineOf(db()) === "pg";
    const fx = await setupVoteFixture(db(), N, at(0), "保密");
    const electors = await db()
      .selectFrom("vote_electors as e")
      .innerJoin("vote_voters as w", "w.elector_id", "e.id")
      .innerJoin("users as u", "u.phone", "w.phone")
      .select(["e.id", "u.id as userId", "u.phone"])
      .where("e.vote_id", "=", fx.voteId)
      .orderBy("e.id")
      .execute();
    expect(electors).toHaveLength(N);
    for (const [i, e] of electors.entries()) {
      const actor = await loadActor(db(), e.userId);
      await castBallot(actor, { id: e.userId, phone: e.phone! }, { voteId: fx.voteId, choice: i < N / 2 ? "agree" : "oppose" }, at(1 + i / 10));
    }
    const paired = sql<{ n: number }>`select count(*) as n from ballot_choices c join ballot_casts b on b.vote_id = c.vote_id and b.xmin::text = c.xmin::text
      where c.vote_id = ${fx.voteId}`;
    // While the vote is open, PostgreSQL shows the link this test is about: a choice row carries the id of the
    // transaction that wrote its elector's cast.
    if (pg) expect(Number((await rows(paired))[0].n)).toBeGreaterThan(0);

    expect(await closeVote(fx.voteId, at(61))).not.toBeNull();
    const vote = await db().selectFrom("votes").select(["slot_salt", "status"]).where("id", "=", fx.voteId).executeTakeFirstOrThrow();
    expect(vote).toEqual({ slot_salt: null, status: "closed" });

    // 1. Stored in slot order. SQLite: a scan of the WITHOUT ROWID table reads it in slot order, and there is no
    // rowid. PostgreSQL (ctid = page, line): the rows were inserted in slot order, and the heap puts them on
    // pages with room (the free space map may send a run of them to an earlier page than the one before), in
    // line order within a page. So, taken in slot order, each page holds one run of consecutive slots at rising
    // lines: the layout is a function of the slots alone, and says nothing of when a ballot was cast.
    type Stored = { slot: string; choice: string; receipt_hash: string; page: number; line: number };
    const physical = async (table: "ballot_choices" | "ballot_history"): Promise<Stored[]> =>
      pg
        ? rows(sql<Stored>`select slot, choice, receipt_hash, (ctid::text::point)[0]::int as page, (ctid::text::point)[1]::int as line
            from ${sql.table(table)} where vote_id = ${fx.voteId} order by ctid`)
        : (await rows(sql<Stored & { vote_id: number }>`select * from ${sql.table(table)}`))
            .filter((r) => r.vote_id === fx.voteId)
            .map((r, i) => ({ ...r, page: 0, line: i }));
    const choices = await physical("ballot_choices");
    const history = await physical("ballot_history");
    expect(choices).toHaveLength(N);
    expect(history).toHaveLength(N);
    const bySlot = (a: { slot: string }, b: { slot: string }) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0);
    const followsSlots = (stored: Stored[]) => {
      const pages: number[] = [];
      let last: Stored | null = null;
      for (const r of [...stored].sort(bySlot)) {
        if (last && r.page === last.page) {
          if (r.line <= last.line) return false;
        } else if (pages.includes(r.page)) return false;
        else pages.push(r.page);
        last = r;
      }
      return true;
    };
    expect(followsSlots(choices), "ballot_choices").toBe(true);
    expect(followsSlots(history), "ballot_history").toBe(true);
    if (!pg) {
      expect(choices.map((c) => c.slot)).toEqual([...choices].sort(bySlot).map((c) => c.slot));
      expect(history.map((c) => c.slot)).toEqual([...history].sort(bySlot).map((c) => c.slot));
    }
    if (!pg) {
      await expect(sql`select rowid from ballot_choices`.execute(db())).rejects.toThrow(/rowid/);
      await expect(sql`select rowid from ballot_history`.execute(db())).rejects.toThrow(/rowid/);
    }

    // 2. PostgreSQL: one transaction id on every row of the vote's choice side (the close's), none of a cast.
    if (pg) {
      for (const table of ["ballot_choices", "ballot_history"]) {
        const xmins = await rows(sql<{ n: number }>`select count(distinct xmin::text) as n from ${sql.table(table)} where vote_id = ${fx.voteId}`);
        expect(Number(xmins[0].n), table).toBe(1);
        const shared = await rows(sql<{ n: number }>`select count(*) as n from ${sql.table(table)} c join ballot_casts b on b.xmin::text = c.xmin::text
          where c.vote_id = ${fx.voteId}`);
        expect(Number(shared[0].n), table).toBe(0);
      }
      expect(Number((await rows(paired))[0].n)).toBe(0);
      // The dead versions the close left behind (they carry the casters' ids) were vacuumed after its commit.
      const vacuumed = await rows(
        sql<{ relname: string }>`select relname from pg_stat_user_tables where last_vacuum is not null
          and relname in ('ballot_choices', 'ballot_history', 'paper_ballots') order by relname`,
      );
      expect(vacuumed.map((t) => t.relname)).toEqual(["ballot_choices", "ballot_history", "paper_ballots"]);
    }

    // 3. No identity, sequence, default or time column on the choice side.
    expect((await columnsOf("ballot_choices")).map((c) => c.name).sort()).toEqual(["choice", "receipt_hash", "slot", "vote_id"]);
    expect((await columnsOf("ballot_history")).map((c) => c.name).sort()).toEqual(["choice", "id", "receipt_hash", "slot", "vote_id"]);
    for (const table of ["ballot_choices", "ballot_history"])
      for (const c of await columnsOf(table)) expect(c.suspicious && c.name !== "vote_id", `${table}.${c.name}`).toBe(false);

    // 5. The published list is in receipt order.
    const published = await db().selectFrom("published_ballots").select("receipt_hash").where("vote_id", "=", fx.voteId).orderBy("position").execute();
    expect(published.map((p) => p.receipt_hash)).toEqual(published.map((p) => p.receipt_hash).sort());

    // 6. No ordering of the choice side gives back the order the ballots were cast in.
    const orders: Record<string, { choice: string }[]> = {
      physical: choices,
      slot: [...choices].sort(bySlot),
      receipt: [...choices].sort((a, b) => (a.receipt_hash < b.receipt_hash ? -1 : 1)),
      historyPhysical: history,
    };
    if (pg) orders.xmin = await rows(sql<{ choice: string }>`select choice from ballot_choices where vote_id = ${fx.voteId} order by xmin::text::bigint, ctid`);
    for (const [name, order] of Object.entries(orders)) {
      const seen = order.map((c) => c.choice);
      expect(
        seen.filter((c) => c === "agree"),
        name,
      ).toHaveLength(N / 2);
      expect(seen.join(), name).not.toBe(SPLIT);
      expect([...seen].reverse().join(), name).not.toBe(SPLIT);
    }
  });
});
