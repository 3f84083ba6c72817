// A vote of the synthetic database: its electorate, ballots (online and paper), published chain and resolution.
import { buildChain } from "../../app/domain/ballot-chain";
import { type CountedBallot, tally } from "../../app/domain/tally";
import * as T from "./generate-texts";
import type { VoteChoice, VoteRule } from "../schema";
import { type Compound, type Gen, HOUR, hex, iso, sha256Hex } from "./generator-support";

export interface VoteInput {
  proposal: number;
  title: string;
  opens: number;
  closes: number;
  open: boolean;
  support: number;
  residents: { user: number; dwelling: { id: number; building: number; label: string; area: number; owners: number[] }; relation: string }[];
  dwellings: { id: number; building: number; label: string; area: number; owners: number[] }[];
  owners: { name: string; phone: string; user: number | null }[];
  coord: number;
  lead: number | null;
  rule?: VoteRule;
  /** Turnout high enough for the outcome to follow the leaning alone. */
  sure?: boolean;
}

export function genVote(g: Gen, c: Compound, rand: () => number, v: VoteInput) {
  const { W, ids, audit, people, now } = g;
  const id = ++ids.vote;
  const x = rand();
  const rule: VoteRule = v.rule ?? (x < 0.55 ? "owners_ordinary" : x < 0.7 ? "owners_major" : "residents");
  const per = rule === "residents" ? (v.rule || rand() < 0.65 ? "person" : "dwelling") : "dwelling";
  const quorum = rule === "residents" ? T.pick(rand, [0, 0, 30, 50]) : 0;
  const secret = rand() < 0.7 ? 1 : 0;
  const salt = v.open ? hex(rand, 64) : null;
  // The electorate frozen at opening (as freezeElectorate builds it).
  interface E {
    id: number;
    key: string;
    ownerKey: string;
    area: number;
    online: boolean;
    voters: (number | null)[];
  }
  const electors: E[] = [];
  if (rule === "residents") {
    if (per === "person") {
      const seen = new Set<number>();
      for (const r of v.residents) {
        if (seen.has(r.user)) continue;
        seen.add(r.user);
        const eid = ++ids.elector;
        W.electors.add(eid, id, `u:${r.user}`, `u:${r.user}`, 0, null, r.dwelling.building, people.get(r.user)?.name ?? "");
        W.voters.add(id, eid, r.user, null);
        electors.push({ id: eid, key: `u:${r.user}`, ownerKey: `u:${r.user}`, area: 0, online: true, voters: [r.user] });
      }
    } else {
      const byDwelling = new Map<number, number[]>();
      for (const r of v.residents) {
        const list = byDwelling.get(r.dwelling.id) ?? [];
        if (!list.includes(r.user)) list.push(r.user);
        byDwelling.set(r.dwelling.id, list);
      }
      for (const d of v.dwellings) {
        const users = byDwelling.get(d.id);
        if (!users) continue;
        const eid = ++ids.elector;
        W.electors.add(eid, id, `d:${d.id}`, `d:${d.id}`, d.area, d.id, d.building, d.label);
        for (const u of users) W.voters.add(id, eid, u, null);
        electors.push({ id: eid, key: `d:${d.id}`, ownerKey: `d:${d.id}`, area: d.area, online: true, voters: users });
      }
    }
  } else {
    for (const d of v.dwellings) {
      const phones = d.owners.map((o) => v.owners[o].phone).sort();
      const eid = ++ids.elector;
      W.electors.add(eid, id, `d:${d.id}`, `o:${phones.join(",")}`, d.area, d.id, d.building, d.label);
      // The account of a verified owner is frozen with the roster phone (every owner with an account is verified).
      for (const o of d.owners) W.voters.add(id, eid, v.owners[o].user, v.owners[o].phone);
      electors.push({
        id: eid,
        key: `d:${d.id}`,
        ownerKey: `o:${phones.join(",")}`,
        area: d.area,
        online: d.owners.some((o) => v.owners[o].user !== null),
        voters: [],
      });
    }
  }
  audit(v.opens, v.coord, "vote.open", "vote", id, c.id, null, { proposalId: v.proposal, rule, per, secret: !!secret, electors: electors.length });
  // Ballots: turnout and leaning vary from vote to vote; owners without an account vote on paper.
  const turnout = v.open ? 0.2 + rand() * 0.3 : v.sure ? 0.97 : 0.6 + rand() * 0.33;
  const lean = Math.min(0.95, v.support + 0.15);
  const end = v.open ? now - HOUR : v.closes;
  interface Cast {
    e: E;
    at: number;
    channel: "online" | "paper";
    choice: VoteChoice;
    receipt: string;
    slot: string;
  }
  const casts: Cast[] = [];
  // One owner, one choice: an owner's ballot (online or paper) is cast for all their dwellings at once.
  const byOwner = new Map<string, E[]>();
  for (const e of electors) byOwner.set(e.ownerKey, [...(byOwner.get(e.ownerKey) ?? []), e]);
  const papers = new Set<Cast>();
  for (const group of byOwner.values()) {
    const e = group[0];
    if (rand() >= turnout) continue;
    const channel = e.online && (v.sure || rand() < 0.93) ? "online" : "paper";
    if (channel === "paper" && v.open) continue;
    const y = rand();
    const choice: VoteChoice = y < lean ? "agree" : y < lean + (1 - lean) * 0.7 ? "oppose" : "abstain";
    const at = v.opens + Math.floor(rand() * (end - v.opens));
    for (const [i, g] of group.entries()) {
      const slot = salt ? sha256Hex(`${salt}:${g.id}`) : hex(rand, 64);
      const receipt = v.open ? sha256Hex(`receipt:${hex(rand, 12).toUpperCase()}`) : hex(rand, 64);
      const cast: Cast = { e: g, at, channel, choice, receipt, slot };
      casts.push(cast);
      // One paper ballot, entered for the owner's first dwelling, counts for all of them.
      if (channel === "paper" && i === 0) papers.add(cast);
    }
  }
  casts.sort((a, b) => a.at - b.at || a.e.id - b.e.id);
  for (const b of casts) {
    W.casts.add(id, b.e.id, b.channel, iso(b.at));
    W.choices.add(id, b.slot, b.choice, b.receipt);
    if (rand() < 0.05) W.history.add(id, b.slot, hex(rand, 24), b.choice === "agree" ? "oppose" : "agree", hex(rand, 64));
    W.history.add(id, b.slot, hex(rand, 24), b.choice, b.receipt);
    if (papers.has(b)) {
      const confirmer = v.lead && v.lead !== v.coord ? v.lead : c.community.staff;
      const paperId = ++ids.paper;
      W.paper.add(paperId, id, b.e.id, secret ? null : b.choice, v.coord, iso(b.at - HOUR), confirmer, iso(b.at), "confirmed");
      audit(b.at - HOUR, v.coord, "vote.paper_enter", "vote", id, c.id, null, `{"paperId":${paperId}}`);
      audit(b.at, confirmer, "vote.paper_confirm", "vote", id, c.id, null, `{"paperId":${paperId}}`);
    }
  }
  let closed: { at: number; passed: boolean; result: string } | null = null;
  let chainHead: string | null = null;
  let resultJson: string | null = null;
  if (!v.open) {
    const counted: CountedBallot[] = casts.map((b, i) => ({ electorKey: b.e.key, choice: b.choice, seq: i }));
    const result = tally({
      rule,
      electors: electors.map((e) => ({ key: e.key, ownerKey: e.ownerKey, areaCenti: e.area })),
      ballots: counted,
      quorumPercent: quorum,
    });
    const chain = buildChain(
      id,
      casts.map((b) => ({ receiptHash: b.receipt, choice: b.choice })),
      sha256Hex,
    );
    for (const e of chain) W.published.add(id, e.position, e.receiptHash, e.choice, e.chainHash);
    chainHead = chain.at(-1)?.chainHash ?? null;
    resultJson = JSON.stringify(result);
    const at = v.closes + 60_000 + Math.floor(rand() * 300_000);
    closed = { at, passed: result.passed, result: resultJson };
    audit(at, null, "vote.close", "vote", id, c.id, null, { passed: result.passed, failed: result.failed, ballots: chain.length });
  }
  W.votes.add(
    id,
    v.proposal,
    c.id,
    rule,
    per,
    quorum,
    secret,
    iso(v.opens),
    iso(v.closes),
    v.open ? "open" : "closed",
    salt,
    v.coord,
    iso(v.opens),
    closed ? iso(closed.at) : null,
    resultJson,
    closed ? (closed.passed ? 1 : 0) : null,
    chainHead,
  );
  const castIds = new Set(casts.map((b) => b.e.id));
  const notVoted = v.open
    ? electors
        .filter((e) => !castIds.has(e.id) && e.voters.length === 1 && e.voters[0] !== null)
        .slice(0, 500)
        .map((e) => ({ id: e.voters[0] as number, phone: people.get(e.voters[0] as number)?.phone ?? "" }))
    : [];
  return { id, closed, electors: electors.length, notVoted };
}
