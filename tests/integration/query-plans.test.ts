/// <reference types="vite/client" />
// Query plans as tests, on a small generated database: every statement the pages and the main actions
// run is planned (EXPLAIN QUERY PLAN on SQLite, EXPLAIN (FORMAT JSON) on PostgreSQL, see tests/support/plans.ts),
// and none may scan a whole table that grows with use (proposals, comments, ballots, requests, notifications,
// the audit log …). A scan that is bounded on purpose is listed with its reason.
import type { LoaderFunction } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { captureStatements } from "../../db/connect";
import { isPostgresUrl } from "../../db/engine";
import { pgScans, sqliteScans } from "../support/plans";
import { generateDatabase } from "../../db/tools/generator";
import { type Office, compoundsOf, inbox, listRequests } from "~/features/requests/queries.server";
import { moveRequest, rateRequest, runRequestJobs } from "~/features/requests/commands.server";
import { openVote, runDueJobs } from "~/features/votes/commands.server";
import { castBallot } from "~/features/votes/ballot-commands.server";
import { cosponsor, createDraft } from "~/features/proposals/commands.server";
import { postComment } from "~/features/threads/commands.server";
import { callLoader, cookieFor } from "../support/routes";
import { actorOf } from "../support/services";
import { now as clockNow } from "~/clock.server";

const GROWING = [
  "proposals",
  "cosponsors",
  "comments",
  "comment_revisions",
  "follows",
  "notifications",
  "search_index",
  "votes",
  "vote_electors",
  "vote_voters",
  "ballot_casts",
  "ballot_choices",
  "ballot_history",
  "paper_ballots",
  "published_ballots",
  "resolutions",
  "requests",
  "request_moves",
  "request_evidence",
  "request_ratings",
  "audit_log",
  "residencies",
  "dwellings",
  "users",
  "sessions",
];

const statements = new Map<string, readonly unknown[]>();
const loaders = import.meta.glob<{ loader?: LoaderFunction }>("../../app/routes/*.tsx", { eager: true });

beforeAll(async () => {
  // A small generated database (the generator's demo scale), in place of this file's copy of the demo city.
  const side = await generateDatabase({ file: process.env.DATABASE_URL!, scale: "demo" });
  const db = getDb();
  const ids = {
    compound: side.compoundId,
    street: side.streetId,
    community: side.communityId,
    proposal: side.proposalWithComments.id,
    vote: side.openVote.id,
    closedVote: side.closedVote.id,
    resolution: side.resolutionId,
    request: Object.values(side.requests)[0],
  };
  const cookies = new Map<string, string | null>();
  for (const persona of ["resident", "coordinator", "communityStaff", "streetStaff", "departmentStaff", "admin", "tenant"] as const)
    cookies.set(persona, await cookieFor(persona));
  const actors = { resident: await actorOf("resident"), tenant: await actorOf("tenant"), coordinator: await actorOf("coordinator") };
  const { createRequest } = await import("~/features/requests/commands.server");
  const published = await db
    .selectFrom("proposals")
    .select("id")
    .where("state", "=", "published")
    .where("compound_id", "=", ids.compound)
    .where("id", "!=", ids.proposal)
    .executeTakeFirstOrThrow();
  // From here on, only the app's own statements are collected.
  captureStatements(statements);
  // Every page, as the people who use it.
  for (const persona of ["resident", "coordinator", "communityStaff", "streetStaff", "departmentStaff", "admin"] as const) {
    const cookie = cookies.get(persona) ?? null;
    for (const [file, mod] of Object.entries(loaders)) {
      if (!mod.loader) continue;
      const id =
        file.includes("/votes.") || file.includes("api.votes")
          ? file.includes("api.")
            ? ids.closedVote
            : ids.vote
          : file.includes("/proposals.")
            ? ids.proposal
            : file.includes("/resolutions.")
              ? ids.resolution
              : file.includes("requests.$id")
                ? ids.request
                : file.includes("places.")
                  ? persona === "streetStaff"
                    ? ids.street
                    : ids.compound
                  : ids.compound;
      await callLoader(
        mod.loader,
        `/x/${id}?q=电梯停车&state=received&overdue=1&page=2&cpage=2`,
        { id: String(id), locale: "zh-CN", compound: String(ids.compound) },
        cookie,
      );
    }
  }
  // The main actions, through their services.
  const { resident, coordinator } = actors;
  const now = clockNow();
  const draft = await createDraft(resident, { compoundId: ids.compound, title: "查询计划测试", body: "正文", category: "housing", submit: true }, now);
  await cosponsor(actors.tenant, draft, now).catch(() => null);
  await postComment(resident, { proposalId: ids.proposal, body: "同意加装", stance: "for", parentId: null }, now).catch(() => null);
  const voteId = await openVote(
    coordinator,
    {
      proposalId: published.id,
      rule: "owners_ordinary",
      per: "dwelling",
      quorumPercent: 0,
      secret: true,
      opensAt: now,
      closesAt: new Date(now.getTime() + 3_600_000),
    },
    now,
  );
  await castBallot(resident, { id: resident.userId, phone: "13900000001" }, { voteId, choice: "agree" }, now).catch(() => null);
  await runDueJobs(new Date(now.getTime() + 7_200_000));
  const { id: r } = await createRequest(
    coordinator,
    { resolutionId: ids.resolution, title: "计划", body: "说明", subcategory: "parking", budgetFen: 1, funding: "other" },
    now,
  );
  await moveRequest(coordinator, { requestId: r, action: "accept" }, now).catch(() => null);
  await moveRequest(coordinator, { requestId: r, action: "complete", result: "完成" }, now).catch(() => null);
  await rateRequest(resident, { requestId: r, rating: "satisfied", change: false }, now).catch(() => null);
  await runRequestJobs(new Date(now.getTime() + 30 * 86_400_000));
  await inbox(db, { level: "street", id: ids.street }, { state: "open", category: "housing", compoundId: ids.compound, overdue: true, page: 1 }, now);
  // The inbox's other views and its search (issue 12 · 18), for every kind of office.
  const department = await db.selectFrom("departments").select("id").where("place_id", "=", ids.street).executeTakeFirst();
  const offices: Office[] = [
    { level: "compound", id: ids.compound },
    { level: "compound", id: ids.community },
    { level: "community", id: ids.community },
    { level: "street", id: ids.street },
    ...(department ? [{ level: "department" as const, id: department.id }] : []),
  ];
  for (const office of offices) {
    for (const kind of ["passed", "below"] as const) {
      await listRequests(db, { kind, office }, { state: "open", category: null, compoundId: null, overdue: false, page: 1, q: "电梯" }, now);
      await compoundsOf(db, { kind, office }, null);
    }
  }
});

afterAll(() => captureStatements(null));

/** Scans that are bounded on purpose: the pattern of the statement, the table, and why. */
const BOUNDED: { match: RegExp; table: string; why: string }[] = [
  {
    match: /from "audit_log" as "a" .* order by "a"\."at" desc, "a"\."id" desc limit (\?|\$\d+)$/,
    table: "audit_log",
    why: "the newest page of the audit log: its time index in order with a LIMIT (older pages go by time and id, keyset)",
  },
  {
    match: /^select .* from "requests" as "r" .* order by "r"\."id" desc limit (\?|\$\d+)$/,
    table: "requests",
    why: "the newest page of the open-data list: rowid order with a LIMIT (older pages go by id, keyset)",
  },
  {
    match: /^select .* from "resolutions" as "s" .* order by "s"\."id" desc limit (\?|\$\d+)$/,
    table: "resolutions",
    why: "the newest page of the open-data list: rowid order with a LIMIT (older pages go by id, keyset)",
  },
];

describe("query plans", () => {
  it("no page or main action scans a whole table that grows with use", async () => {
    const url = process.env.DATABASE_URL!;
    const { scans, planned } = isPostgresUrl(url) ? await pgScans(url, statements) : sqliteScans(url, statements);
    const growing = new Set(GROWING);
    const unbounded = scans
      .filter((s) => growing.has(s.table) && !BOUNDED.some((b) => b.table === s.table && b.match.test(s.source)))
      .map((s) => `${s.detail}\n    in: ${s.source.slice(0, 300)}`);
    expect(planned).toBeGreaterThan(100);
    expect(unbounded).toEqual([]);
  });
});
