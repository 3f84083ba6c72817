// The vote pages of issue 12 through their loaders and actions: why someone cannot vote (13), the public
// record of a closed vote for a passer-by (16), the paper ballot panel, the open-vote form and changing a
// ballot at once (17).
import { beforeAll, describe, expect, it } from "vitest";
import { now } from "~/clock.server";
import { getDb } from "~/db.server";
import { type MessageKey, translate } from "~/i18n";
import { loader as openVoteLoader } from "~/routes/proposals.$id.vote";
import { loader as resolutionLoader } from "~/routes/resolutions.$id._index";
import { loader as noticeLoader } from "~/routes/resolutions.$id.notice";
import { loader as ballotsLoader } from "~/routes/votes.$id.ballots";
import { action as voteAction, loader as voteLoader } from "~/routes/votes.$id._index";
import { createDraft, moveProposal } from "~/features/proposals/commands.server";
import { openVote } from "~/features/votes/commands.server";
import { enterPaperBallot } from "~/features/votes/ballot-commands.server";
import { type Outcome, callAction, callLoader, cookieFor, cookieForPhone } from "../support/routes";
import { actorOf } from "../support/services";

const db = () => getDb();
const HOUR = 3_600_000;

type VotePage = {
  why: string | null;
  me: { electors: string[] };
  paper: {
    mayEnter: boolean;
    electors: { id: number; label: string }[];
    pending: { id: number; label: string; mayConfirm: boolean }[];
    waitingForOthers: number;
  } | null;
};

let openId = 0;
let laterId = 0;
let compoundId = 0;
let owner: { phone: string; electorIds: number[] } = { phone: "", electorIds: [] };

const proposalId = async (title: string) => (await db().selectFrom("proposals").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  const t = now();
  const coordinator = await actorOf("coordinator");
  const parking = await db().selectFrom("proposals").select(["id", "compound_id"]).where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
  compoundId = parking.compound_id;
  openId = await openVote(
    coordinator,
    {
      proposalId: parking.id,
      rule: "owners_ordinary",
      per: "dwelling",
      quorumPercent: 0,
      secret: true,
      opensAt: new Date(t.getTime() - 60_000),
      closesAt: new Date(t.getTime() + HOUR),
    },
    t,
  );
  // A second owners' vote that opens tomorrow.
  laterId = await openVote(
    coordinator,
    {
      proposalId: await proposalId("1号楼加装电梯，请大家一起商量"),
      rule: "owners_major",
      per: "dwelling",
      quorumPercent: 0,
      secret: true,
      opensAt: new Date(t.getTime() + 24 * HOUR),
      closesAt: new Date(t.getTime() + 48 * HOUR),
    },
    t,
  );
  // An owner with an account, verified as owner of a dwelling listed under their phone.
  const row = await db()
    .selectFrom("vote_voters as w")
    .innerJoin("vote_electors as e", "e.id", "w.elector_id")
    .innerJoin("users as u", "u.phone", "w.phone")
    .innerJoin("residencies as r", (j) => j.onRef("r.user_id", "=", "u.id").onRef("r.dwelling_id", "=", "e.dwelling_id"))
    .select(["u.phone"])
    .where("w.vote_id", "=", openId)
    .where("r.status", "=", "verified")
    .where("r.relation", "=", "owner")
    .orderBy("u.id")
    .executeTakeFirstOrThrow();
  const electorIds = (await db().selectFrom("vote_voters").select("elector_id").where("vote_id", "=", openId).where("phone", "=", row.phone).execute()).map(
    (e) => e.elector_id,
  );
  owner = { phone: row.phone, electorIds };
});

const page = async (voteId: number, cookie: string | null) => {
  const r = await callLoader(voteLoader, `/votes/${voteId}`, { id: String(voteId) }, cookie);
  expect(r.status).toBe(200);
  return r.data as VotePage;
};

const formError = (r: Outcome) => {
  const m = (r.data as { formError: { key: MessageKey; vars?: Record<string, string> } }).formError;
  return translate("zh-CN", m.key, m.vars);
};

describe("issue 12 · 13: someone who cannot vote is told why", () => {
  it("a tenant on an owners' vote page reads that owners vote and tenants do not", async () => {
    const d = await page(openId, await cookieFor("tenant"));
    expect(d.me.electors).toEqual([]);
    expect(d.why).toBe("tenant");
    expect(translate("zh-CN", "vote.why.tenant")).toContain("本次表决由业主参与，租户不能投票");
    expect(translate("en", "vote.why.tenant")).toContain("tenants cannot vote");
  });

  it("staff without a home in the compound, an owner before it opens, and anyone after it closes each get their reason", async () => {
    expect((await page(openId, await cookieFor("communityStaff"))).why).toBe("notResident");
    const cookie = await cookieForPhone(owner.phone);
    expect((await page(openId, cookie)).why).toBeNull();
    expect((await page(laterId, cookie)).why).toBe("notYet");
    const closed = (await db().selectFrom("votes").select("id").where("status", "=", "closed").executeTakeFirstOrThrow()).id;
    expect((await page(closed, cookie)).why).toBe("closed");
  });
});

describe("issue 12 · 17: a changed ballot within seconds counts; only the same ballot again is a double submit", () => {
  it("agree, then oppose at once, is a change; oppose again at once is refused", async () => {
    const cookie = await cookieForPhone(owner.phone);
    const cast = (choice: string) => callAction(voteAction, `/votes/${openId}`, { intent: "cast", choice }, { id: String(openId) }, cookie);
    expect((await cast("agree")).status).toBe(302);
    expect((await cast("oppose")).status).toBe(302);
    const again = await cast("oppose");
    expect(again.status).toBe(409);
    expect(formError(again)).toContain("请勿重复提交");
    // The history keeps both ballots of each dwelling; the last one is oppose.
    const history = await db().selectFrom("ballot_history").select("choice").where("vote_id", "=", openId).execute();
    expect(history.length).toBe(2 * owner.electorIds.length);
    const choices = await db().selectFrom("ballot_choices").select("choice").where("vote_id", "=", openId).execute();
    expect(choices.map((c) => c.choice)).toEqual(owner.electorIds.map(() => "oppose"));
  });
});

describe("issue 12 · 17: the paper ballot panel", () => {
  it("offers only households that have not voted, and shows who entered what waits for someone else", async () => {
    const coordinatorCookie = await cookieFor("coordinator");
    const before = (await page(openId, coordinatorCookie)).paper!;
    expect(before.mayEnter).toBe(true);
    // The owner above voted online: none of their dwellings is offered.
    for (const id of owner.electorIds) expect(before.electors.map((e) => e.id)).not.toContain(id);
    const all = await db().selectFrom("vote_electors").select("id").where("vote_id", "=", openId).execute();
    expect(before.electors.length).toBe(all.length - owner.electorIds.length);

    // Three paper ballots entered by the coordinator, for 1号楼 households of three different owners.
    const coordinator = await actorOf("coordinator");
    const ownerOf = new Map(
      (await db().selectFrom("vote_electors").select(["id", "owner_key"]).where("vote_id", "=", openId).execute()).map((r) => [r.id, r.owner_key]),
    );
    const owners = new Set<string>();
    const targets = before.electors.filter((e) => e.label.startsWith("1号楼") && !owners.has(ownerOf.get(e.id)!) && owners.add(ownerOf.get(e.id)!)).slice(0, 3);
    expect(targets.length).toBe(3);
    for (const e of targets) await enterPaperBallot(coordinator, { voteId: openId, electorId: e.id, choice: "agree" }, now());

    const mine = (await page(openId, coordinatorCookie)).paper!;
    expect(mine.pending.map((p) => p.id).length).toBe(3);
    expect(mine.pending.every((p) => !p.mayConfirm)).toBe(true);
    expect(mine.waitingForOthers).toBe(3);
    expect(translate("zh-CN", "vote.paperWaiting", { count: mine.waitingForOthers })).toContain("3 张纸质票等待其他人确认");
    // A household with a paper ballot waiting is not offered again.
    for (const e of targets) expect(mine.electors.map((x) => x.id)).not.toContain(e.id);
    // Nor any other dwelling of the same owners (one owner, one choice).
    const targetOwners = targets.map((e) => ownerOf.get(e.id)!);
    const ofOwners = await db().selectFrom("vote_electors").select("id").where("vote_id", "=", openId).where("owner_key", "in", targetOwners).execute();
    for (const e of ofOwners) expect(mine.electors.map((x) => x.id)).not.toContain(e.id);

    // The building lead of 1号楼 may confirm them.
    const lead = (await page(openId, await cookieFor("buildingLead"))).paper!;
    expect(lead.pending.length).toBe(3);
    expect(lead.pending.every((p) => p.mayConfirm)).toBe(true);
    expect(lead.waitingForOthers).toBe(0);
  });

  it("labels the choice as the paper ballot's, not the viewer's", () => {
    expect(translate("zh-CN", "vote.paperChoice")).toBe("纸质票上的选择");
  });
});

describe("issue 12 · 17: the open-vote form only for a proposal that can go to a vote", () => {
  it("says why for a proposal under review or already voting, and offers the form in consultation", async () => {
    const cookie = await cookieFor("coordinator");
    const get = async (id: number) => {
      const r = await callLoader(openVoteLoader, `/proposals/${id}/vote`, { id: String(id) }, cookie);
      expect(r.status).toBe(200);
      return r.data as { mayOpen: boolean; vote: { id: number } | null; proposal: { state: string } };
    };
    const submitted = await get(await proposalId("垃圾分类投放点加装洗手池"));
    expect(submitted.mayOpen).toBe(false);
    expect(translate("zh-CN", "vote.cannotOpen", { state: translate("zh-CN", "pstate.submitted" as MessageKey) })).toContain("只有协商中的提案可以发起表决");
    const voting = await get(await proposalId("规范小区停车，清理僵尸车"));
    expect([voting.mayOpen, voting.proposal.state, voting.vote?.id]).toEqual([false, "voting", openId]);
    const id = await createDraft(
      await actorOf("resident"),
      { compoundId, title: "楼道堆物清理", category: "safety", body: "楼道里堆了不少杂物。", submit: true },
      now(),
    );
    expect((await get(id)).mayOpen).toBe(false);
    await moveProposal(await actorOf("coordinator"), { proposalId: id, action: "publish", reason: null }, now());
    expect((await get(id)).mayOpen).toBe(true);
  });
});

describe("issue 12 · 16: a passer-by reads the notice, the result and the ballot list without an account", () => {
  /** Every name, phone and dwelling label of the compound: none may appear on the public pages. */
  async function personal() {
    const users = await db().selectFrom("users").select(["name", "phone"]).execute();
    const labels = await db().selectFrom("vote_electors").select("label").execute();
    return new Set([...users.flatMap((u) => [u.name, u.phone]), ...labels.map((l) => l.label)].filter((x) => x.length >= 2));
  }

  it("opens the resolution, its notice and the closed vote's ballot list with no personal data", async () => {
    const r = await db().selectFrom("resolutions").select(["id", "vote_id"]).executeTakeFirstOrThrow();
    const secret = new Set(await personal());
    const checks: [string, Outcome][] = [
      [`/resolutions/${r.id}`, await callLoader(resolutionLoader, `/resolutions/${r.id}`, { id: String(r.id) }, null)],
      [`/resolutions/${r.id}/notice`, await callLoader(noticeLoader, `/resolutions/${r.id}/notice`, { id: String(r.id) }, null)],
      [`/votes/${r.vote_id}/ballots`, await callLoader(ballotsLoader, `/votes/${r.vote_id}/ballots`, { id: String(r.vote_id) }, null)],
    ];
    for (const [path, out] of checks) {
      expect(out.status, path).toBe(200);
      const text = JSON.stringify(out.data);
      const leaked = [...secret].filter((s) => text.includes(s));
      expect(leaked, path).toEqual([]);
    }
    const res = checks[0][1].data as { tally: { passed: boolean }; links: { proposal: boolean; vote: boolean }; requests: unknown[] | null };
    expect([res.tally.passed, res.links, res.requests]).toEqual([true, { proposal: false, vote: false }, null]);
    expect((checks[1][1].data as { qr: string }).qr).toContain("<svg");
    const list = checks[2][1].data as { rows: { receipt_hash: string; choice: string }[]; mayOpenVote: boolean };
    expect(list.rows.length).toBeGreaterThan(10);
    expect(list.mayOpenVote).toBe(false);
    expect(Object.keys(list.rows[0]).sort()).toEqual(["chain_hash", "choice", "position", "receipt_hash", "vote_id"]);
  });

  it("still asks to sign in for an open vote's list, and answers 404 for a resolution that does not exist", async () => {
    const open = await callLoader(ballotsLoader, `/votes/${openId}/ballots`, { id: String(openId) }, null);
    expect(open.status).toBe(302);
    expect(open.location).toContain("/login");
    expect((await callLoader(resolutionLoader, "/resolutions/999999", { id: "999999" }, null)).status).toBe(404);
  });

  it("signed in, the resolution page keeps its requests and its link to the vote", async () => {
    const r = await db().selectFrom("resolutions").select("id").executeTakeFirstOrThrow();
    const out = await callLoader(resolutionLoader, `/resolutions/${r.id}`, { id: String(r.id) }, await cookieFor("resident"));
    expect(out.status).toBe(200);
    const d = out.data as { links: { proposal: boolean; vote: boolean }; requests: unknown[] | null };
    expect(d.links).toEqual({ proposal: true, vote: true });
    expect(d.requests?.length).toBeGreaterThan(0);
  });
});

describe("issue 12 · 22: a closed vote's public record links only to pages the viewer may open", () => {
  it("shows the proposal, the vote and the requests exactly to those whose pages for them open", async () => {
    const { loader: proposalLoader } = await import("~/routes/proposals.$id._index");
    const r = await db().selectFrom("resolutions").select(["id", "vote_id", "proposal_id"]).orderBy("id").executeTakeFirstOrThrow();
    for (const persona of ["anon", "resident", "coordinator", "departmentStaff", "newcomer"] as const) {
      const cookie = await cookieFor(persona);
      const page = await callLoader(resolutionLoader, `/resolutions/${r.id}`, { id: String(r.id) }, cookie);
      expect(page.status, persona).toBe(200);
      const d = page.data as { links: { proposal: boolean; vote: boolean }; requests: unknown[] | null };
      const proposal = await callLoader(proposalLoader, `/proposals/${r.proposal_id}`, { id: String(r.proposal_id) }, cookie);
      const vote = await callLoader(voteLoader, `/votes/${r.vote_id}`, { id: String(r.vote_id) }, cookie);
      expect([persona, "proposal", d.links.proposal]).toEqual([persona, "proposal", proposal.status === 200]);
      expect([persona, "vote", d.links.vote]).toEqual([persona, "vote", vote.status === 200]);
      // The compound's requests are listed to those who may open the compound's proposals, nobody else.
      expect([persona, "requests", d.requests !== null]).toEqual([persona, "requests", proposal.status === 200]);
      const ballots = await callLoader(ballotsLoader, `/votes/${r.vote_id}/ballots`, { id: String(r.vote_id) }, cookie);
      expect(ballots.status, persona).toBe(200);
      expect([persona, "ballots→vote", (ballots.data as { mayOpenVote: boolean }).mayOpenVote]).toEqual([persona, "ballots→vote", vote.status === 200]);
    }
  });

  it("heads the ballot list's column 选择, not 你的选择", () => {
    expect(translate("zh-CN", "vote.ballotChoice")).toBe("选择");
  });
});
