// The data generator (npm run db:generate) at demo scale: its rows hold together, are the ones the app's
// services would have written (chains verify, tallies recount, Markdown renders the same), and the services
// read and keep writing them.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "~/domain/ballot-chain";
import { PROPOSAL_STATES } from "~/domain/proposal-lifecycle";
import { REQUEST_STATES } from "~/domain/request-flow";
import { type Tally, tally } from "~/domain/tally";
import { renderMarkdown } from "~/web/markdown.server";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { listProposals } from "~/features/proposals/queries.server";
import { searchCompound } from "~/features/proposals/search-queries.server";
import { inbox } from "~/features/requests/queries.server";
import { loadVisibleRequest } from "~/features/requests/access.server";
import { withDatabase } from "~/db.server";
import { closeVote } from "~/features/votes/commands.server";
import { castBallot } from "~/features/votes/ballot-commands.server";
import { getVote } from "~/features/votes/queries.server";
import { openDatabase } from "../../db/connect";
import { type Sidecar, generateDatabase } from "../../db/tools/generator";
import type { Database } from "../../db/schema";
import { ARTIFACTS } from "../support/paths";

const NOW = new Date("2026-11-20T00:00:00Z");
const file = path.join(ARTIFACTS, `generated-${process.pid}.db`);
let side: Sidecar;
let db: Kysely<Database>;
let raw: SQLite.Database;

beforeAll(async () => {
  side = await generateDatabase({ file, scale: "demo", now: NOW });
  db = openDatabase(file);
  raw = new SQLite(file, { readonly: true });
});

afterAll(async () => {
  raw?.close();
  await db?.destroy();
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
});

const all = <T>(sql: string, ...params: unknown[]) => raw.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => raw.prepare(sql).get(...params) as T;

describe("a demo-scale generated database", () => {
  it("has a few compounds with everything in them, and foreign keys that all resolve", () => {
    expect(side.counts.compounds).toBe(4);
    for (const t of [
      "dwellings",
      "users",
      "proposals",
      "comments",
      "ballot_casts",
      "published_ballots",
      "resolutions",
      "requests",
      "request_moves",
      "notifications",
      "audit_log",
      "search_index",
    ]) {
      expect(side.counts[t], t).toBeGreaterThan(0);
    }
    expect(side.counts.openVotes).toBeGreaterThanOrEqual(1);
    expect(all("pragma foreign_key_check")).toEqual([]);
    // The places' counters, counted at the end of the load, and their triggers back in place.
    expect(
      all(`select id from places p where dwelling_count != (select count(*) from dwellings d where d.building_id = p.id or d.compound_id = p.id)
             or resident_count != (select count(distinct user_id) from residencies r where r.compound_id = p.id and r.status = 'verified')`),
    ).toEqual([]);
    expect(all("select name from sqlite_master where type = 'trigger' and name like '%\\_count\\_%' escape '\\'").length).toBe(6);
    expect(one<{ journal_mode: string }>("pragma journal_mode").journal_mode).toBe("wal");
    const states = all<{ state: string }>("select distinct state from proposals").map((r) => r.state);
    expect(states.sort()).toEqual([...PROPOSAL_STATES].sort());
    const requestStates = all<{ state: string }>("select distinct state from requests").map((r) => r.state);
    expect(requestStates.sort()).toEqual([...REQUEST_STATES].sort());
    // The counters agree with the rows.
    expect(all("select p.id from proposals p where comment_count != (select count(*) from comments c where c.proposal_id = p.id)")).toEqual([]);
    expect(all("select p.id from proposals p where cosponsor_count != (select count(*) from cosponsors c where c.proposal_id = p.id)")).toEqual([]);
  });

  it("stores the HTML that renderMarkdown gives", () => {
    for (const p of all<{ body_md: string; body_html: string }>("select body_md, body_html from proposals order by id limit 20"))
      expect(p.body_html).toBe(renderMarkdown(p.body_md));
    for (const c of all<{ body_md: string; body_html: string }>("select body_md, body_html from comments order by id limit 200"))
      expect(c.body_html).toBe(renderMarkdown(c.body_md));
  });

  it("publishes for each closed vote a chain that verifies and a tally that recounts", () => {
    const closed = all<{
      id: number;
      rule: Tally["rule"];
      quorum_percent: number;
      result: string;
      passed: number;
      chain_head: string | null;
      slot_salt: string | null;
    }>("select * from votes where status = 'closed'");
    expect(closed.length).toBeGreaterThan(3);
    for (const v of closed) {
      expect(v.slot_salt).toBeNull();
      const chain = all<{ receiptHash: string; choice: string; chainHash: string }>(
        "select receipt_hash as receiptHash, choice, chain_hash as chainHash from published_ballots where vote_id = ? order by position",
        v.id,
      );
      expect(verifyChain(v.id, chain)).toBeNull();
      expect(v.chain_head).toBe(chain.at(-1)?.chainHash ?? null);
      const result = JSON.parse(v.result) as Tally;
      expect(result.counts.participating).toBe(chain.length);
      expect(one<{ n: number }>("select count(*) as n from ballot_choices where vote_id = ?", v.id).n).toBe(chain.length);
      expect(!!v.passed).toBe(result.passed);
      // Recount from the electorate and the published choices (each elector's one ballot).
      const electors = all<{ key: string; owner_key: string; area_centi: number }>(
        "select key, owner_key, area_centi from vote_electors where vote_id = ?",
        v.id,
      );
      const byChoice = { agree: 0, oppose: 0, abstain: 0 };
      for (const b of chain) byChoice[b.choice as keyof typeof byChoice]++;
      expect(Object.fromEntries(Object.entries(result.counts.byChoice).map(([k, x]) => [k, x.ballots]))).toEqual(byChoice);
      expect(result.counts.electors).toBe(electors.length);
      if (v.rule === "residents") {
        const again = tally({
          rule: v.rule,
          electors: electors.map((e) => ({ key: e.key, ownerKey: e.owner_key, areaCenti: e.area_centi })),
          ballots: [],
          quorumPercent: v.quorum_percent,
        });
        expect(again.counts.electors).toBe(result.counts.electors);
      }
    }
    const adopted = one<{ n: number }>("select count(*) as n from proposals where state = 'adopted'").n;
    expect(one<{ n: number }>("select count(*) as n from resolutions").n).toBe(adopted);
  });

  it("is read by the app's own services", async () => {
    const street = await loadActor(db, side.accounts.streetStaff.id);
    for (const id of Object.values(side.requests)) {
      const { row } = await loadVisibleRequest(db, street, id);
      expect(row.street_id).toBe(side.streetId);
    }
    const listed = await inbox(
      db,
      { level: "street", id: side.streetId },
      { state: "completed", category: null, compoundId: null, overdue: false, page: 1 },
      NOW,
    );
    expect(listed.total).toBeGreaterThan(0);
    const vote = await getVote(db, side.closedVote.id);
    expect(vote?.status).toBe("closed");
    const proposals = await listProposals(db, { compoundId: side.compoundId, limit: 500 });
    expect(proposals.map((p) => p.id)).toContain(side.proposalWithComments.id);
    expect(side.proposalWithComments.comments).toBeGreaterThanOrEqual(200);
    expect((await searchCompound(db, side.compoundId, "电梯")).length).toBeGreaterThan(0);
    const resident = await loadActor(db, side.accounts.resident.id);
    expect(resident.residencies.map((r) => r.compoundId)).toContain(side.compoundId);
  });

  it("lets the open vote go on: a generated voter casts, and closing it publishes a chain that verifies", async () => {
    const { id: voteId, notVoted } = side.openVote;
    expect(notVoted.length).toBeGreaterThan(0);
    const voter = notVoted.find((v) => v.phone !== side.accounts.resident.phone) ?? notVoted[0];
    const receipts = await withDatabase(db, async () => castBallot(await loadActor(db, voter.id), voter, { voteId, choice: "agree" }, NOW));
    expect(receipts).toHaveLength(1);
    const before = one<{ n: number }>("select count(*) as n from ballot_casts where vote_id = ?", voteId).n;
    const v = (await getVote(db, voteId))!;
    const closed = await withDatabase(db, () => closeVote(voteId, new Date(Date.parse(v.closes_at) + 60_000)));
    expect(closed).not.toBeNull();
    const chain = all<{ receiptHash: string; choice: string; chainHash: string }>(
      "select receipt_hash as receiptHash, choice, chain_hash as chainHash from published_ballots where vote_id = ? order by position",
      voteId,
    );
    // Every ballot generated before the vote's salt was erased is found under its slot and counted.
    expect(chain.length).toBe(before);
    expect(verifyChain(voteId, chain)).toBeNull();
  });

  it("comes out the same every time", async () => {
    const again = path.join(ARTIFACTS, `generated-again-${process.pid}.db`);
    const side2 = await generateDatabase({ file: again, scale: "demo", now: NOW });
    const other = new SQLite(again, { readonly: true });
    // (The open vote of the first file was closed by the test above: left out here.)
    const q = `select (select group_concat(chain_head, ',') from (select chain_head from votes where status = 'closed' and id != ? order by id)) as heads,
                      (select group_concat(title, ',') from (select title from proposals order by id)) as titles,
                      (select group_concat(phone, ',') from (select phone from users order by id)) as phones`;
    try {
      expect(other.prepare(q).get(side.openVote.id)).toEqual(raw.prepare(q).get(side.openVote.id));
      expect({ ...side2.counts }).toEqual({ ...side.counts });
    } finally {
      other.close();
      for (const s of ["", "-wal", "-shm"]) fs.rmSync(again + s, { force: true });
    }
  });
});
