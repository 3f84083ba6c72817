// One compound of the synthetic database: its buildings, roster, residents, proposals and their threads.
import { resolutionNumber } from "../../app/domain/ballot-chain";
import { indexText } from "../../app/domain/search-text";
import { beijingDate } from "../../app/domain/working-days";
import { DEMO_ACCOUNTS, area, chineseName } from "./demo-data";
import * as T from "./generate-texts";
import type { ProposalState, Stance } from "../schema";
import { genVote } from "./generator-votes";
import { genRequest } from "./generator-requests";
import { BENCH_STATES, type Compound, DAY, type Gen, HOUR, SPECS, iso, paragraphHtml, phoneOf } from "./generator-support";

export function genCompound(g: Gen, c: Compound, rand: () => number) {
  const { addPlace, founded, W, ids, audit, addUser, people, markdown, side, openVoteAt, now, scaleSpec, accounts, bench } = g;
  const isBench = c === bench;
  const spec = isBench ? SPECS.district : scaleSpec;
  people.clear();
  if (isBench) for (const a of Object.values(accounts)) people.set(a.id, a);
  const start = founded + Math.floor(rand() * 60) * DAY;
  // Buildings and dwellings, as a roster import makes them.
  const floors = c.highrise ? 11 + Math.floor(rand() * 16) : 6;
  const units = c.highrise ? 2 : 2 + Math.floor(rand() * 2);
  const rooms = c.highrise ? 2 + Math.floor(rand() * 3) : 2;
  const perBuilding = floors * units * rooms;
  const buildingCount = Math.max(1, Math.round(c.size / perBuilding));
  interface D {
    id: number;
    building: number;
    label: string;
    area: number;
    owners: number[];
  }
  const dwellings: D[] = [];
  const buildings: number[] = [];
  for (let b = 1; b <= buildingCount; b++) {
    const bp = addPlace("building", `${b}号楼`, c, start);
    buildings.push(bp.id);
    for (let u = 1; u <= units; u++)
      for (let f = 1; f <= floors; f++)
        for (let k = 1; k <= rooms; k++) {
          const id = ++ids.dwelling;
          const room = `${f}0${k}`;
          const a = Math.round(Number(area(rand)) * 100);
          W.dwellings.add(id, bp.id, c.id, String(u), room, a, iso(start));
          dwellings.push({ id, building: bp.id, label: `${b}号楼 ${u}-${room}`, area: a, owners: [] });
        }
  }
  if (isBench) side.buildingId = buildings[0];
  // Owners on the roster: now and then one owner holds two dwellings; some dwellings have two owners.
  interface O {
    name: string;
    phone: string;
    dwellings: D[];
    user: number | null;
  }
  const owners: O[] = [];
  for (const [i, d] of dwellings.entries()) {
    const prev = owners[owners.length - 1];
    let o: O;
    if (prev && rand() < 0.05 && prev.dwellings.length < 3) o = prev;
    else {
      o = { name: chineseName(rand), phone: phoneOf(++ids.phone), dwellings: [], user: null };
      if (isBench && i === 0) Object.assign(o, { name: DEMO_ACCOUNTS.resident.name, phone: DEMO_ACCOUNTS.resident.phone, user: accounts.resident.id });
      if (isBench && i === units * floors * rooms - 1 - rooms)
        Object.assign(o, { name: DEMO_ACCOUNTS.buildingLead.name, phone: DEMO_ACCOUNTS.buildingLead.phone, user: accounts.buildingLead.id });
      owners.push(o);
    }
    o.dwellings.push(d);
    d.owners.push(owners.indexOf(o));
    if (rand() < 0.08) {
      const spouse: O = { name: chineseName(rand), phone: phoneOf(++ids.phone), dwellings: [d], user: null };
      owners.push(spouse);
      d.owners.push(owners.length - 1);
    }
  }
  for (const o of owners) for (const d of o.dwellings) W.owners.add(d.id, o.name, o.phone, iso(start));
  audit(start, null, "roster.import", "place", c.id, c.id, null, { rows: dwellings.length, created: dwellings.length, updated: 0, owners: owners.length });

  // Residents: about half the owners sign up and are verified, plus tenants and family members.
  interface R {
    user: number;
    dwelling: D;
    relation: "owner" | "tenant" | "family";
  }
  const residents: R[] = [];
  const coordinator = isBench ? accounts.coordinator.id : null;
  let coord = coordinator ?? 0;
  const verify = (user: number, d: D, relation: R["relation"], at: number) => {
    const method = rand() < 0.3 ? "code" : "claim";
    const decider = method === "claim" && coord && coord !== user ? coord : null;
    W.residencies.add(user, d.id, c.id, relation, "verified", method, null, decider, iso(at + HOUR), iso(at));
    if (method === "claim") audit(at + HOUR, decider, "residency.approve", "residency", null, c.id);
    else audit(at, user, "residency.code", "residency", null, c.id);
    residents.push({ user, dwelling: d, relation });
  };
  for (const o of owners) {
    if (o.user === null && rand() >= 0.47) continue;
    const at = start + Math.floor(rand() * 200) * DAY;
    if (o.user === null) o.user = addUser(o.phone, o.name, at);
    if (!coord) coord = o.user; // the first verified owner coordinates the compound
    for (const d of o.dwellings) verify(o.user, d, "owner", at);
  }
  if (!coordinator) W.grants.add(coord, "coordinator", c.id, null, null, iso(start));
  for (const [i, d] of dwellings.entries()) {
    if (isBench && i === 5) verify(accounts.tenant.id, d, "tenant", start + 10 * DAY);
    else if (rand() < 0.12)
      verify(addUser(phoneOf(++ids.phone), chineseName(rand), start), d, rand() < 0.6 ? "tenant" : "family", start + Math.floor(rand() * 600) * DAY);
    if (rand() < 0.01 || (isBench && i === 9)) {
      const u = isBench && i === 9 ? accounts.newcomer.id : addUser(phoneOf(++ids.phone), chineseName(rand), now - 3 * DAY);
      W.residencies.add(u, d.id, c.id, "tenant", "pending", "claim", rand() < 0.5 ? "刚搬来，租期两年" : null, null, null, iso(now - 2 * DAY));
      audit(now - 2 * DAY, u, "residency.claim", "residency", null, c.id);
    }
  }
  // A building lead in the first building (the bench compound's is the demo account).
  const leadOwner = isBench ? accounts.buildingLead.id : (residents.find((x) => x.dwelling.building === buildings[0] && x.user !== coord)?.user ?? null);
  if (leadOwner) W.grants.add(leadOwner, "building_lead", buildings[0], null, null, iso(start));
  if (residents.length < 3) return;
  const someone = () => residents[Math.floor(rand() * residents.length)];

  // Proposals, threads, votes, resolutions and requests.
  let count = Math.max(1, Math.round(c.size * spec.proposalsPerDwelling * (0.6 + rand() * 0.8)));
  const opensVote = openVoteAt.has(c.index);
  if (isBench) count = Math.max(count, 12);
  const visible: number[] = [];
  const resolutionSeq = new Map<number, number>();
  for (let k = 0; k < count; k++) {
    const id = ++ids.proposal;
    const topic = T.pick(rand, T.TOPICS);
    const author = someone();
    const text = T.proposalText(rand, topic);
    let state: ProposalState;
    if (isBench && k < BENCH_STATES.length) state = BENCH_STATES[k];
    else if (opensVote && !isBench && k === count - 1) state = "voting";
    else {
      const x = rand();
      state =
        x < spec.votedShare
          ? "adopted"
          : x < spec.votedShare + 0.04
            ? "draft"
            : x < spec.votedShare + 0.1
              ? "submitted"
              : x < spec.votedShare + 0.42
                ? "published"
                : x < spec.votedShare + 0.52
                  ? "declined"
                  : x < spec.votedShare + 0.6
                    ? "withdrawn"
                    : x < spec.votedShare + 0.63
                      ? "merged"
                      : "archived";
    }
    if (state === "merged" && visible.length === 0) state = "published";
    const voted = state === "adopted" || state === "rejected";
    const created = voted
      ? now - (60 + Math.floor(rand() * 640)) * DAY - Math.floor(rand() * DAY)
      : state === "voting"
        ? now - (20 + Math.floor(rand() * 10)) * DAY
        : now - Math.floor(rand() * 700 * DAY);
    // How the compound leans: stances and ballots follow it (the bench compound has a sure pass and fail).
    const sure = isBench && k < BENCH_STATES.length && voted ? state : null;
    const support = sure === "adopted" ? 0.85 : sure === "rejected" ? 0.05 : 0.35 + rand() * 0.55;
    let last = created;
    const followers = [author.user];
    audit(created, author.user, "proposal.create", "proposal", id, c.id);
    const move = (from: ProposalState, to: ProposalState, mv: string, actor: number | null, at: number, reason: string | null = null, mergedInto?: number) => {
      audit(at, actor, "proposal.transition", "proposal", id, c.id, reason, { from, to, move: mv, mergedInto });
      last = Math.max(last, at);
      return at;
    };
    let reason: string | null = null;
    let mergedInto: number | null = null;
    let published = created;
    if (state !== "draft") move("draft", "submitted", "submit", author.user, created);
    // Co-sponsors: distinct dwellings, not the author's.
    const cos: R[] = [];
    if (state !== "draft") {
      const want = Math.floor(rand() * 7);
      for (let t = 0; t < want * 2 && cos.length < want; t++) {
        const x = someone();
        if (x.user !== author.user && !cos.some((y) => y.user === x.user || y.dwelling === x.dwelling)) cos.push(x);
      }
      for (const [i, x] of cos.entries()) {
        const at = created + (i + 1) * HOUR;
        W.cosponsors.add(id, x.user, x.dwelling.id, iso(at));
        followers.push(x.user);
        audit(at, x.user, "proposal.cosponsor", "cosponsor", id, c.id);
        W.notifications.add(author.user, "cosponsor", id, null, x.user, null, at < now - 7 * DAY ? iso(at + DAY) : null, iso(at));
      }
    }
    for (const f of followers) W.follows.add(f, id, iso(created));
    const reaches = ["published", "voting", "adopted", "rejected", "merged"].includes(state);
    if (reaches)
      published = move(
        "submitted",
        "published",
        cos.length >= 5 ? "auto_publish" : "publish",
        cos.length >= 5 ? null : coord,
        created + (cos.length + 1) * HOUR + Math.floor(rand() * 3 * DAY),
      );
    if (state === "declined" || state === "archived") {
      reason = T.pick(rand, T.DECLINE_REASONS);
      move("submitted", "declined", "decline", coord, created + 2 * DAY, reason);
      if (state === "archived") move("declined", "archived", "archive", coord, created + 30 * DAY);
    }
    if (state === "withdrawn") move("submitted", "withdrawn", "withdraw", author.user, created + DAY);
    if (state === "merged") {
      mergedInto = visible[Math.floor(rand() * visible.length)];
      move("published", "merged", "merge", coord, published + 3 * DAY, null, mergedInto);
      audit(published + 3 * DAY, coord, "proposal.merged_in", "proposal", mergedInto, c.id, null, { from: id });
    }
    const hidden = state !== "draft" && rand() < 0.003 ? "违反社区公约" : null;
    if (state !== "draft" && !hidden) {
      W.search.add(id * 2, indexText(`${text.title}\n${text.body}`, c.id), `c${c.id}`, "proposal", id, c.id, id);
      visible.push(id);
    }

    // The vote.
    let voteEnd = now;
    let finalState = state;
    if (voted || state === "voting") {
      const opens = state === "voting" ? now - (1 + Math.floor(rand() * 4)) * DAY : published + (5 + Math.floor(rand() * 20)) * DAY;
      const closes = state === "voting" ? now + (5 + Math.floor(rand() * 10)) * DAY : opens + (7 + Math.floor(rand() * 8)) * DAY;
      move("published", "voting", "open_vote", coord, opens);
      const isBenchVote = isBench && state === "voting";
      const v = genVote(g, c, rand, {
        proposal: id,
        title: text.title,
        opens,
        closes,
        open: state === "voting",
        support,
        residents,
        dwellings,
        owners,
        coord,
        lead: leadOwner,
        rule: isBenchVote ? "residents" : undefined,
        sure: sure !== null,
      });
      voteEnd = closes;
      if (v.closed) {
        finalState = v.closed.passed ? "adopted" : "rejected";
        move("voting", finalState, v.closed.passed ? "adopt" : "reject", null, v.closed.at);
        for (const f of followers)
          W.notifications.add(
            f,
            "state",
            id,
            null,
            null,
            JSON.stringify({ from: "voting", to: finalState }),
            v.closed.at < now - 7 * DAY ? iso(v.closed.at + DAY) : null,
            iso(v.closed.at),
          );
        if (!side.closedVote && isBench) side.closedVote = { id: v.id, proposalId: id, passed: v.closed.passed };
        if (v.closed.passed) {
          const year = Number(beijingDate(new Date(v.closed.at)).slice(0, 4));
          const seq = (resolutionSeq.get(year) ?? 0) + 1;
          resolutionSeq.set(year, seq);
          const rid = ++ids.resolution;
          const number = resolutionNumber(year, c.name, seq);
          W.resolutions.add(
            rid,
            id,
            v.id,
            c.id,
            year,
            seq,
            number,
            text.title,
            v.closed.result,
            iso(v.closed.at),
            iso(v.closed.at + 7 * DAY),
            iso(v.closed.at),
          );
          audit(v.closed.at, null, "resolution.create", "resolution", rid, c.id, null, { number });
          if (isBench && !side.resolutionId) side.resolutionId = rid;
          const n = Math.max(1, Math.round(spec.requestsPerResolution * (0.3 + rand() * 1.4)));
          for (let q = 0; q < n; q++)
            genRequest(g, c, rand, { resolution: rid, proposal: id, author: author.user, topic, closedAt: v.closed.at, residents, coord, someone });
          // The bench compound's first resolution also has a recent request in each state.
          if (isBench && side.resolutionId === rid)
            for (const stopAt of ["received", "accepted", "in_progress", "completed"] as const)
              genRequest(g, c, rand, {
                resolution: rid,
                proposal: id,
                author: author.user,
                topic,
                closedAt: now - 30 * DAY,
                residents,
                coord,
                someone,
                stopAt,
              });
        }
        if (rand() < 0.3) {
          const meeting = iso(opens - 2 * DAY).slice(0, 10);
          const body = `到会 ${20 + Math.floor(rand() * 60)} 户。多数住户${v.closed.passed ? "赞成" : "对方案仍有顾虑"}，会后提交表决。`;
          W.minutes.add(id, "meeting", meeting, "小区议事厅", 20 + Math.floor(rand() * 60), body, markdown(body), coord, iso(opens - 2 * DAY));
        }
      } else if (isBenchVote) {
        side.openVote = { id: v.id, proposalId: id, electors: v.electors, notVoted: v.notVoted };
      }
    }

    // The thread: stances lean with the compound; some replies; now and then the coordinator answers.
    let comments = 0;
    if (state !== "draft" && state !== "submitted") {
      let n: number;
      if (isBench && state === "published" && !side.proposalWithComments.id) n = 240;
      else n = rand() < 0.025 ? 150 + Math.floor(rand() * 250) : Math.floor(rand() * rand() * spec.commentsPerProposal * 2.6);
      const from = published;
      const until = Math.min(now - HOUR, state === "voting" || voted ? voteEnd : published + 60 * DAY);
      const tops: { id: number; author: number }[] = [];
      for (let j = 0; j < n; j++) {
        const cid = ++ids.comment;
        const at = from + Math.floor(((j + rand()) / n) * Math.max(HOUR, until - from));
        const official = j === 3 && rand() < 0.5;
        const by = official ? { user: coord } : someone();
        const x = rand();
        const stance: Stance = official ? "neutral" : x < support * 0.8 ? "for" : x < 0.8 ? "against" : "neutral";
        const parent = !official && tops.length && rand() < 0.15 ? tops[Math.floor(rand() * tops.length)] : null;
        const body = official ? T.pick(rand, T.OFFICIAL) : parent && rand() < 0.5 ? T.pick(rand, T.REPLIES) : T.commentText(rand, topic, stance);
        const hiddenComment = !official && rand() < 0.004 ? "人身攻击" : null;
        W.comments.add(cid, id, by.user, parent?.id ?? null, stance, body, paragraphHtml(body), official ? 1 : 0, hiddenComment, iso(at));
        if (!hidden && !hiddenComment) W.search.add(cid * 2 + 1, indexText(body, c.id), `c${c.id}`, "comment", cid, c.id, id);
        if (hiddenComment) audit(at + HOUR, coord, "comment.hide", "comment", cid, c.id, hiddenComment);
        const readAt = at < now - 7 * DAY && rand() < 0.85 ? iso(at + Math.floor(rand() * 2 * DAY)) : null;
        if (parent && parent.author !== by.user) W.notifications.add(parent.author, "reply", id, cid, by.user, null, readAt, iso(at));
        if (author.user !== by.user && parent?.author !== author.user) W.notifications.add(author.user, "comment", id, cid, by.user, null, readAt, iso(at));
        if (!parent) tops.push({ id: cid, author: by.user });
        if (rand() < 0.002)
          W.reports.add(c.id, id, cid, someone().user, T.pick(rand, ["spam", "abuse", "offtopic", "personal"] as const), null, "open", iso(at + HOUR));
        last = Math.max(last, at);
      }
      comments = n;
      if (n >= 200 && isBench && !side.proposalWithComments.id) side.proposalWithComments = { id, comments: n };
    }
    W.proposals.add(
      id,
      c.id,
      author.user,
      text.title,
      text.body,
      markdown(text.body),
      topic.category,
      finalState,
      reason,
      mergedInto,
      0,
      hidden,
      cos.length,
      comments,
      iso(created),
      iso(last),
      iso(last),
    );
  }
}
