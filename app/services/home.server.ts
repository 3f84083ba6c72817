// The home page's "waiting for you": votes this person can still cast, completed requests they may rate,
// news on the proposals they wrote, and claims they review. Scoped to their own places and roles.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { type Actor, scopePaths } from "~/domain/permissions";
import { RATING_DAYS } from "~/domain/request-kinds";
import { pendingClaims } from "~/models/residencies.server";
import { castsOf } from "~/models/votes.server";
import { openVotesIn, proposalNews, requestsToRate } from "~/models/waiting.server";
import { electorsOf } from "./votes.server";

type Db = Kysely<Database>;

const DAY_MS = 86_400_000;
/** How far back "news on my proposals" looks. */
export const NEWS_DAYS = 14;

export async function waitingFor(db: Db, actor: Actor, user: { id: number; phone: string }, now: Date) {
  const at = now.toISOString();
  const compoundIds = [...new Set(actor.residencies.map((r) => r.compoundId))];
  const scope = scopePaths(actor, "residency.review");
  const [votes, toRate, news, claims] = await Promise.all([
    openVotesIn(db, compoundIds, at),
    // Rating is for residents: an administrator's powers do not include it.
    requestsToRate(db, user.id, compoundIds, new Date(now.getTime() - RATING_DAYS * DAY_MS).toISOString()),
    proposalNews(db, user.id, new Date(now.getTime() - NEWS_DAYS * DAY_MS).toISOString()),
    scope === "all" || scope.length > 0 ? pendingClaims(db, scope) : Promise.resolve([]),
  ]);
  // A vote waits for this person when they are in its frozen electorate and none of their ballots is cast yet.
  const votable: typeof votes = [];
  for (const v of votes) {
    const electors = await electorsOf(db, v.id, user);
    if (electors.length === 0) continue;
    const casts = await castsOf(
      db,
      v.id,
      electors.map((e) => e.id),
    );
    if (casts.length === 0) votable.push(v);
  }
  return {
    votes: votable.map((v) => ({ id: v.id, title: v.title, compound: v.compound, closesAt: v.closes_at })),
    toRate: toRate.map((r) => ({ id: r.id, title: r.title, compound: r.compound, completedAt: r.completed_at })),
    news: news.map((p) => ({ id: p.id, title: p.title, state: p.state, comments: p.comment_count, at: p.last_activity_at, unread: Number(p.unread ?? 0) })),
    claims: claims.length,
  };
}
