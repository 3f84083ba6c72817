// The pages people use first: what waits for each person on the home page, and the compound page (its
// resolutions and requests a page at a time; a pending claimant is told so instead of "not found").
import { describe, expect, it } from "vitest";
import { now } from "~/clock.server";
import { getDb } from "~/db.server";
import { loader as home } from "~/routes/_index";
import { loader as compoundPage } from "~/routes/compounds.$id._index";
import { loader as inbox } from "~/routes/requests._index";
import { inbox as inboxOf } from "~/features/requests/queries.server";
import { moveRequest, rateRequest } from "~/features/requests/commands.server";
import { openVote } from "~/features/votes/commands.server";
import { castBallot } from "~/features/votes/ballot-commands.server";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import type { RequestLevel } from "../../db/schema";
import { type Persona, callLoader, cookieFor, placeId } from "../support/routes";
import { newRequest, requestRow } from "../support/requests";
import { actorOf, userId } from "../support/services";

interface Waiting {
  votes: { id: number; title: string }[];
  toRate: { id: number; title: string }[];
  news: { id: number; title: string; state: string }[];
  claims: number;
  inboxes: { key: string; name: string; total: number; overdue: number }[];
}

async function waitingOf(persona: Persona) {
  const r = await callLoader(home, "/", {}, await cookieFor(persona));
  expect(r.status).toBe(200);
  return (r.data as { waiting: Waiting }).waiting;
}

/** An owners' vote opened now on the demo's published parking proposal. */
async function openParkingVote() {
  const db = getDb();
  const p = await db.selectFrom("proposals").select("id").where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
  const at = now();
  const voteId = await openVote(
    await actorOf("coordinator"),
    {
      proposalId: p.id,
      rule: "owners_ordinary",
      per: "dwelling",
      quorumPercent: 0,
      secret: true,
      opensAt: at,
      closesAt: new Date(at.getTime() + 7 * 86_400_000),
    },
    at,
  );
  return voteId;
}

describe("issue 12 · 23: the home page shows what waits for this person", () => {
  it("issue 12 · 23: a resident sees an open vote; once they voted it no longer waits", async () => {
    const voteId = await openParkingVote();
    expect((await waitingOf("resident")).votes.map((v) => v.id)).toContain(voteId);
    // A tenant is not in an owners' vote: nothing waits for them there.
    expect((await waitingOf("tenant")).votes.map((v) => v.id)).not.toContain(voteId);
    await castBallot(await actorOf("resident"), { id: await userId("resident"), phone: DEMO_ACCOUNTS.resident.phone }, { voteId, choice: "agree" }, now());
    expect((await waitingOf("resident")).votes.map((v) => v.id)).not.toContain(voteId);
  });

  it("issue 12 · 23: a completed request waits for the resident's rating until they rate it", async () => {
    const db = getDb();
    const duty = await db.selectFrom("requests").select(["id", "title"]).where("state", "=", "completed").orderBy("id").executeTakeFirstOrThrow();
    expect((await waitingOf("resident")).toRate.map((r) => r.id)).toContain(duty.id);
    // The tenant rated it already in the demo.
    expect((await waitingOf("tenant")).toRate.map((r) => r.id)).not.toContain(duty.id);
    // Nobody outside the compound is asked.
    expect((await waitingOf("coordinator")).toRate).toEqual([]);
    await rateRequest(await actorOf("resident"), { requestId: duty.id, rating: "basic", change: false }, now());
    expect((await waitingOf("resident")).toRate.map((r) => r.id)).not.toContain(duty.id);
  });

  it("issue 12 · 23: news on the proposals the person wrote, and only theirs", async () => {
    const mine = (await waitingOf("resident")).news.map((p) => p.title);
    expect(mine).toContain("1号楼加装电梯，请大家一起商量");
    expect(mine).not.toContain("规范小区停车，清理僵尸车");
    expect((await waitingOf("tenant")).news).toEqual([]);
  });

  it("issue 12 · 23: a coordinator sees the claims waiting for review in their compound", async () => {
    expect((await waitingOf("coordinator")).claims).toBeGreaterThan(0);
    expect((await waitingOf("resident")).claims).toBe(0);
  });
});

describe("issue 12 · 23: the home page of the people who handle requests", () => {
  it("issue 12 · 23: street/community/department staff see the requests waiting in their inbox", async () => {
    const db = getDb();
    type Line = Waiting["inboxes"][number];
    const lines = async (persona: Persona) => (await waitingOf(persona)).inboxes;
    const people = ["coordinator", "communityCoordinator", "communityStaff", "streetStaff", "departmentStaff"] as const;
    const before: Record<string, Line[]> = {};
    for (const p of people) before[p] = await lines(p);
    // One request left at each level: at the compound (received a month ago, so overdue now), carried up to the
    // community, to the street, and dispatched to the street's department.
    const at = now();
    const monthAgo = new Date(at.getTime() - 30 * 86_400_000);
    const ids = {
      compound: await newRequest("parking", monthAgo, "首页待办·小区"),
      community: await newRequest("parking", at, "首页待办·社区"),
      street: await newRequest("parking", at, "首页待办·街道"),
      department: await newRequest("parking", at, "首页待办·部门"),
    };
    const move = async (id: number, persona: "coordinator" | "communityStaff" | "streetStaff", action: "escalate" | "dispatch") =>
      moveRequest(await actorOf(persona), { requestId: id, action, reason: "需上级协调" }, at);
    for (const id of [ids.community, ids.street, ids.department]) await move(id, "coordinator", "escalate");
    for (const id of [ids.street, ids.department]) await move(id, "communityStaff", "escalate");
    await move(ids.department, "streetStaff", "dispatch");
    const rows = {
      compound: await requestRow(ids.compound),
      community: await requestRow(ids.community),
      street: await requestRow(ids.street),
      department: await requestRow(ids.department),
    };
    expect(Object.values(rows).map((r) => r.level)).toEqual(["compound", "community", "street", "department"]);
    const names = new Map((await db.selectFrom("places").select(["id", "name"]).execute()).map((p) => [p.id, p.name]));
    const department = await db.selectFrom("departments").select(["id", "name"]).where("id", "=", rows.department.department_id!).executeTakeFirstOrThrow();
    const community = rows.compound.community_id!;
    const expected: Record<Exclude<(typeof people)[number], "communityCoordinator">, { key: string; name: string; overdue: number }> = {
      coordinator: { key: `compound:${rows.compound.compound_id}`, name: names.get(rows.compound.compound_id)!, overdue: 1 },
      communityStaff: { key: `community:${community}`, name: names.get(community)!, overdue: 0 },
      streetStaff: { key: `street:${rows.street.street_id}`, name: names.get(rows.street.street_id)!, overdue: 0 },
      departmentStaff: { key: `department:${department.id}`, name: department.name, overdue: 0 },
    };
    // The coordinator of another community (春晖社区) sees none of them.
    expect(await lines("communityCoordinator")).toEqual(before.communityCoordinator);
    for (const p of ["coordinator", "communityStaff", "streetStaff", "departmentStaff"] as const) {
      const e = expected[p];
      const was = before[p].find((l) => l.key === e.key) ?? { total: 0, overdue: 0 };
      const line = (await lines(p)).find((l) => l.key === e.key);
      // One more waiting in the person's own inbox, named, counted as the inbox page counts it.
      expect([p, line?.name, line?.total, line?.overdue]).toEqual([p, e.name, was.total + 1, was.overdue + e.overdue]);
      const [level, id] = e.key.split(":");
      const office = await inboxOf(
        db,
        { level: level as RequestLevel, id: Number(id) },
        { state: "open", category: null, compoundId: null, overdue: false, page: 1 },
        now(),
      );
      expect([p, office.total, office.overdue]).toEqual([p, line!.total, line!.overdue]);
      // The line leads to that inbox.
      const page = await callLoader(inbox, `/requests?office=${encodeURIComponent(e.key)}`, {}, await cookieFor(p));
      expect([p, (page.data as { office: { key: string } }).office.key, (page.data as { total: number }).total]).toEqual([p, e.key, line!.total]);
    }
    // A resident holds no office: nothing of the kind.
    expect(await lines("resident")).toEqual([]);
  });

  it("issue 12 · 23: staff without a residency are not asked to claim a dwelling", async () => {
    const db = getDb();
    const promptOf = async (persona: Persona) => {
      const r = await callLoader(home, "/", {}, await cookieFor(persona));
      expect(r.status).toBe(200);
      return (r.data as { claimPrompt: string }).claimPrompt;
    };
    for (const p of ["communityStaff", "streetStaff", "departmentStaff", "admin"] as const) {
      const lives = await db
        .selectFrom("residencies")
        .select("id")
        .where("user_id", "=", await userId(p))
        .where("status", "in", ["verified", "pending"])
        .execute();
      expect([p, lives.length]).toEqual([p, 0]);
      // Only a small link to claim, should they live in a compound too.
      expect([p, await promptOf(p)]).toEqual([p, "quiet"]);
    }
    // A person with no role and no dwelling is asked in full; a verified owner not at all.
    expect(await promptOf("newcomer")).toBe("full");
    expect(await promptOf("resident")).toBe("none");
  });
});

describe("issue 12 · 23: the compound page", () => {
  it("issue 12 · 23: a pending claimant is told the claim is under review (200, not 404)", async () => {
    const xingfu = await placeId("幸福里小区");
    const r = await callLoader(compoundPage, `/compounds/${xingfu}`, { id: String(xingfu) }, await cookieFor("newcomer"));
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ pending: true, compound: { id: xingfu, name: "幸福里小区" } });
    expect((r.data as { claims: unknown[] }).claims.length).toBe(1);
    // Another compound, where they claimed nothing, stays unknown to them.
    const other = await placeId("锦绣花园");
    expect((await callLoader(compoundPage, `/compounds/${other}`, { id: String(other) }, await cookieFor("newcomer"))).status).toBe(404);
  });

  it("issue 12 · 23: lists its resolutions and its requests, ten a page, ?page= read safely", async () => {
    const db = getDb();
    const xingfu = await placeId("幸福里小区");
    const cookie = await cookieFor("resident");
    type Data = {
      requests: { items: { id: number }[]; page: number; more: boolean };
      resolutions: { items: { number: string }[]; page: number; more: boolean };
    };
    const first = (await callLoader(compoundPage, `/compounds/${xingfu}`, { id: String(xingfu) }, cookie)).data as Data;
    expect(first.resolutions.items.length).toBeGreaterThan(0);
    expect(first.requests.items.length).toBeGreaterThan(0);
    // Enough requests for three pages.
    const sample = await db.selectFrom("requests").selectAll().where("compound_id", "=", xingfu).orderBy("id").executeTakeFirstOrThrow();
    const { id: _id, ...rest } = sample;
    for (let i = 0; i < 25; i++)
      await db
        .insertInto("requests")
        .values({ ...rest, title: `分页测试 ${i}` })
        .execute();
    const total = Number(
      (
        await db
          .selectFrom("requests")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("compound_id", "=", xingfu)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(total / 10); page++) {
      const d = (await callLoader(compoundPage, `/compounds/${xingfu}?page=${page}`, { id: String(xingfu) }, cookie)).data as Data;
      expect(d.requests.page).toBe(page);
      expect(d.requests.items.length).toBe(Math.min(10, total - (page - 1) * 10));
      expect(d.requests.more).toBe(page * 10 < total);
      seen.push(...d.requests.items.map((r) => r.id));
    }
    expect(new Set(seen).size).toBe(total);
    for (const junk of ["abc", "-1", "0", "1e9", "2.5"]) {
      const r = await callLoader(compoundPage, `/compounds/${xingfu}?page=${junk}&rpage=${junk}`, { id: String(xingfu) }, cookie);
      expect(r.status).toBe(200);
      expect((r.data as Data).requests.page).toBe(1);
      expect((r.data as Data).resolutions.page).toBe(1);
    }
  });
});
