// The benchmark's people and pages: prepare() finds the measured compound, proposal, street and voters and signs
// people in (sessions written as a sign-in writes them); targetsOf() lists the pages and actions measured.
import { generateSessionToken } from "../../app/auth/session.server";
import { createSession } from "../../app/features/accounts/session-queries.server";
import { migrateToLatest, openDatabase } from "../connect";
import type { Sidecar } from "./generator";

export interface Target {
  name: string;
  method: "GET" | "POST";
  path: string;
  /** A session per request (for actions that one person may take only once in a while). */
  sessions: string[];
  body?: (i: number) => string;
  baseline: "page" | "action";
  goal: number | null;
  /** Issue 18's goal: percent of the bare Remix page's requests per second (pages only). */
  bareGoal?: number;
}

export async function prepare(file: string, sidecar: Sidecar | null) {
  const db = openDatabase(file);
  await migrateToLatest(db);
  const now = new Date();
  const session = async (userId: number) => {
    // As a sign-in writes it: 30 days, seen now (a voter who opened the page a minute ago).
    const token = generateSessionToken();
    await createSession(db, token, userId, now);
    return token;
  };
  // The generator's compound and proposal with 200+ comments; otherwise the busiest compound and its most
  // discussed proposal.
  const compound = sidecar
    ? { compound_id: sidecar.compoundId }
    : await db
        .selectFrom("proposals")
        .select(["compound_id", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("compound_id")
        .orderBy("n", "desc")
        .limit(1)
        .executeTakeFirstOrThrow();
  const proposal = await db
    .selectFrom("proposals")
    .select(["id", "comment_count", "state"])
    .$if(sidecar !== null, (q) => q.where("id", "=", sidecar!.proposalWithComments.id))
    .where("compound_id", "=", compound.compound_id)
    .where("state", "in", ["published", "voting", "adopted"])
    .orderBy("comment_count", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  // Comments go to another proposal in consultation, so the measured page stays the same size.
  const open = await db
    .selectFrom("proposals")
    .select("id")
    .where("compound_id", "=", compound.compound_id)
    .where("state", "=", "published")
    .where("id", "!=", proposal.id)
    .orderBy("id")
    .executeTakeFirst();
  // Residents as residents see the pages: people with no role (a coordinator also sees the moderation forms).
  const resident = await db
    .selectFrom("residencies as r")
    .select("r.user_id")
    .where("r.compound_id", "=", compound.compound_id)
    .where("r.status", "=", "verified")
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("role_grants as g").select("g.id").whereRef("g.user_id", "=", "r.user_id").where("g.revoked_at", "is", null))),
    )
    .orderBy("r.id")
    .limit(400)
    .execute();
  const residentTokens = await Promise.all(resident.map((r) => session(r.user_id)));
  const streetStaff = await db
    .selectFrom("role_grants as g")
    .innerJoin("places as p", "p.id", "g.place_id")
    .select(["g.user_id", "p.id as street_id"])
    .where("g.role", "=", "street_staff")
    .where("g.revoked_at", "is", null)
    .orderBy("g.id")
    .executeTakeFirstOrThrow();
  const staffToken = await session(streetStaff.user_id);
  // Voters of open votes: one ballot per (vote, person), and one person per dwelling's elector — two members
  // of a household casting within 3 s of each other is a double submit (409), not a second ballot.
  const voters = await db
    .selectFrom("vote_voters as w")
    .innerJoin("votes as v", "v.id", "w.vote_id")
    .select(["w.vote_id", "w.user_id", "w.elector_id"])
    .where("v.status", "=", "open")
    .where("v.closes_at", ">", now.toISOString())
    .where("w.user_id", "is not", null)
    .orderBy("w.vote_id")
    .limit(6000)
    .execute();
  const electorsOfPair = new Map<string, number[]>();
  for (const v of voters) electorsOfPair.set(`${v.vote_id}:${v.user_id}`, [...(electorsOfPair.get(`${v.vote_id}:${v.user_id}`) ?? []), v.elector_id]);
  // The vote page: an open vote of the same compound, which its residents may see.
  const voteId =
    (await db.selectFrom("votes").select("id").where("compound_id", "=", compound.compound_id).where("status", "=", "open").orderBy("id").executeTakeFirst())
      ?.id ?? null;
  const voterTokens = new Map<number, string>();
  const casts: { vote: number; token: string }[] = [];
  const pairs = new Set<string>();
  const taken = new Set<number>();
  for (const v of voters) {
    // Someone with two dwellings in a vote casts for both at once.
    const pair = `${v.vote_id}:${v.user_id}`;
    const electors = electorsOfPair.get(pair)!;
    if (pairs.has(pair) || electors.some((e) => taken.has(e))) continue;
    pairs.add(pair);
    for (const e of electors) taken.add(e);
    let t = voterTokens.get(v.user_id!);
    if (!t) {
      t = await session(v.user_id!);
      voterTokens.set(v.user_id!, t);
    }
    casts.push({ vote: v.vote_id, token: t });
  }
  await db.destroy();
  return {
    compoundId: compound.compound_id,
    proposal,
    commentOn: open?.id ?? proposal.id,
    residentTokens,
    staffToken,
    streetId: streetStaff.street_id,
    voteId,
    casts,
  };
}

export type Prepared = Awaited<ReturnType<typeof prepare>>;

/** The measures: the two baselines first, then the pages and actions (only those whose name holds `only`). */
export function targetsOf(ids: Prepared, only?: string): Target[] {
  const resident = ids.residentTokens;
  const targets: Target[] = [
    { name: "trivial Remix page", method: "GET", path: "/bench/page", sessions: resident, baseline: "page", goal: null, bareGoal: 50 },
    { name: "trivial Remix action", method: "POST", path: "/bench/noop", sessions: resident, body: () => "x=1", baseline: "action", goal: null },
    { name: "compound home", method: "GET", path: `/compounds/${ids.compoundId}`, sessions: resident, baseline: "page", goal: 60, bareGoal: 35 },
    {
      name: `proposal page (${ids.proposal.comment_count} comments)`,
      method: "GET",
      path: `/proposals/${ids.proposal.id}`,
      sessions: resident,
      baseline: "page",
      goal: 50,
      bareGoal: 25,
    },
    ...(ids.voteId
      ? [{ name: "vote page", method: "GET" as const, path: `/votes/${ids.voteId}`, sessions: resident, baseline: "page" as const, goal: null }]
      : []),
    {
      name: "search",
      method: "GET",
      path: `/compounds/${ids.compoundId}/search?q=${encodeURIComponent("电梯")}`,
      sessions: resident,
      baseline: "page",
      goal: null,
    },
    { name: "street inbox", method: "GET", path: "/requests", sessions: [ids.staffToken], baseline: "page", goal: 50 },
    // The same street inbox filtered to the measured compound: the same requests at every scale (unfiltered,
    // a district's street shows a full page of 30 where the demo's shows a few), so it shows flatness.
    {
      name: "street inbox, one compound",
      method: "GET",
      path: `/requests?compound=${ids.compoundId}`,
      sessions: [ids.staffToken],
      baseline: "page",
      goal: null,
    },
    { name: "street metrics", method: "GET", path: `/places/${ids.streetId}/metrics`, sessions: [ids.staffToken], baseline: "page", goal: 50 },
    {
      name: "post a comment",
      method: "POST",
      path: `/proposals/${ids.commentOn}`,
      sessions: resident,
      body: (i) => `intent=comment&stance=for&body=${encodeURIComponent(`基准评论 ${i}：赞成，建议尽快落实。`)}`,
      baseline: "action",
      goal: null,
    },
  ];
  // --only WORD: the measures whose name holds WORD, beside the two baselines (a short run on a busy machine).
  if (only) targets.splice(2, targets.length, ...targets.slice(2).filter((t) => t.name.includes(only!)));
  return targets;
}
