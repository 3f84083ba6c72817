// A compound of N dwellings, one owner each with an account and a session, and an open owners' vote:
// the set-up of the crash test, as the vote benchmark (db/bench-votes.ts) builds it (which may use this).
import type { Kysely } from "kysely";
import { hashPassword } from "../../app/auth/password.server";
import { withDatabase } from "../../app/db.server";
import { SESSION_MS, generateSessionToken, sessionIdOf } from "../../app/auth/session.server";
import { loadActor } from "../../app/features/accounts/actor-queries.server";
import { createAccountIn } from "../../app/features/accounts/commands.server";
import { SYSTEM_ACTOR } from "../../app/features/errors";
import { addPlace } from "../../app/features/places/commands.server";
import { createDraft, moveProposal } from "../../app/features/proposals/commands.server";
import { grantRole } from "../../app/features/roles/commands.server";
import { importRoster } from "../../app/features/places/roster-commands.server";
import { openVote } from "../../app/features/votes/commands.server";
import type { Database } from "../schema";

export interface VoteFixture {
  compoundId: number;
  voteId: number;
  /** One session token an owner, in dwelling order. */
  tokens: string[];
  /** Milliseconds the electorate took to freeze. */
  openMs: number;
  rosterMs: number;
}

export const fixturePhone = (i: number) => `13${String(100_000_000 + i).padStart(9, "0")}`;

export function setupVoteFixture(db: Kysely<Database>, n: number, now: Date, name = "基准"): Promise<VoteFixture> {
  return withDatabase(db, () => buildVoteFixture(db, n, now, name));
}

async function buildVoteFixture(db: Kysely<Database>, n: number, now: Date, name: string): Promise<VoteFixture> {
  let parent: number | null = null;
  for (const place of [`${name}市`, `${name}区`, `${name}街道`, `${name}社区`, `${name}小区`])
    parent = (await addPlace(SYSTEM_ACTOR, { parentId: parent, name: place }, now)).id;
  const compoundId = parent!;
  const lines = ["building,unit,room,area_m2,owner_name,owner_phone"];
  for (let i = 0; i < n; i++)
    lines.push(
      `${1 + Math.floor(i / 400)}号楼,${1 + (Math.floor(i / 100) % 4)},${1000 + (i % 100)},${(55 + (i % 90) + (i % 7) / 10).toFixed(2)},业主${i},${fixturePhone(i)}`,
    );
  const t0 = performance.now();
  const roster = await importRoster(SYSTEM_ACTOR, { compoundId, csv: lines.join("\n") }, now);
  if (!roster.ok) throw new Error("roster refused");
  const rosterMs = Math.round(performance.now() - t0);

  // Accounts, verified residencies and sessions for every owner, written in bulk.
  const hash = await hashPassword("bench-password");
  const at = now.toISOString();
  const expires = new Date(now.getTime() + SESSION_MS).toISOString();
  const tokens: string[] = [];
  await db.transaction().execute(async (trx) => {
    const dwellings = await trx.selectFrom("dwellings").select(["id"]).where("compound_id", "=", compoundId).orderBy("id").execute();
    for (let i = 0; i < n; i += 500) {
      const chunk = dwellings.slice(i, i + 500);
      const users = await trx
        .insertInto("users")
        .values(chunk.map((_, j) => ({ phone: fixturePhone(i + j), name: `业主${i + j}`, password_hash: hash, locale: null, created_at: at })))
        .returning("id")
        .execute();
      await trx
        .insertInto("residencies")
        .values(
          users.map((u, j) => ({
            user_id: u.id,
            dwelling_id: chunk[j].id,
            compound_id: compoundId,
            relation: "owner" as const,
            status: "verified" as const,
            method: "roster" as const,
            decided_at: at,
            created_at: at,
          })),
        )
        .execute();
      const batch = users.map(() => generateSessionToken());
      tokens.push(...batch);
      await trx
        .insertInto("sessions")
        .values(users.map((u, j) => ({ id: sessionIdOf(batch[j]), user_id: u.id, expires_at: expires, created_at: at, user_agent: null, last_seen_at: at })))
        .execute();
    }
  });
  const coordinatorPhone = "13000000001";
  await createAccountIn(db, { phone: coordinatorPhone, name: `${name}协调员`, passwordHash: hash, locale: null }, now);
  await grantRole(SYSTEM_ACTOR, { phone: coordinatorPhone, role: "coordinator", placeId: compoundId, departmentId: null }, now);
  const coordinator = await loadActor(db, (await db.selectFrom("users").select("id").where("phone", "=", coordinatorPhone).executeTakeFirstOrThrow()).id);
  const author = await loadActor(db, (await db.selectFrom("users").select("id").where("phone", "=", fixturePhone(0)).executeTakeFirstOrThrow()).id);
  const proposalId = await createDraft(author, { compoundId, title: `${name}表决`, body: name, category: "housing", submit: true }, now);
  await moveProposal(coordinator, { proposalId, action: "publish", reason: null }, now);
  const tOpen = performance.now();
  const voteId = await openVote(
    coordinator,
    { proposalId, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret: true, opensAt: now, closesAt: new Date(now.getTime() + 3_600_000) },
    now,
  );
  const openMs = Math.round((performance.now() - tOpen) * 10) / 10;
  return { compoundId, voteId, tokens, openMs, rosterMs };
}
