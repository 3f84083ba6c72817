// The home page's "waiting for you": votes this person can still cast, completed requests they may rate,
// news on the proposals they wrote, claims they review, and the requests waiting in each office's inbox they
// hold. Scoped to their own places and roles.
import { type DB as Db, getDb } from "~/db.server";
import { type Actor, canAnywhere, inboxOffices, isAdmin, mayActOnBehalf, scopePaths } from "~/domain/permissions";
import { pathIds } from "~/domain/places";
import { RATING_DAYS } from "~/domain/request-kinds";
import { pendingClaims, liveResidenciesOf } from "~/features/residency/queries.server";
import { castsOf } from "~/features/votes/queries.server";
import { officeNames, openVotesIn, proposalNews, requestsToRate } from "~/features/home/queries.server";
import { unreadCount } from "~/features/notifications/queries.server";
import { activeGrantsOf } from "~/features/roles/queries.server";
import { type Office, inboxCount } from "~/features/requests/queries.server";
import { electorsOf } from "~/features/votes/ballot-queries.server";

/** Who the pages are for: the signed-in person and their roles (a Viewer, from app/auth/guards.server.ts). */
interface Person {
  user: { id: number; phone: string; name: string };
  actor: Actor;
}

const DAY_MS = 86_400_000;
/** How far back "news on my proposals" looks. */
export const NEWS_DAYS = 14;

/**
 * The offices whose inbox this person reads (as the inbox page finds them), each with its name and how many
 * requests wait there (of which overdue): counts only, and only the offices where something waits.
 */
async function inboxesOf(db: Db, actor: Actor, now: Date) {
  const held: Office[] = inboxOffices(actor).map((o) => ({
    level: o.level,
    id: o.level === "department" ? o.departmentId! : (pathIds(o.path ?? "").at(-1) ?? 0),
  }));
  // One line per office, even when two grants lead to the same one.
  const offices = held.filter((o, i) => held.findIndex((x) => x.level === o.level && x.id === o.id) === i);
  if (offices.length === 0) return [];
  const placeIds = offices.filter((o) => o.level !== "department").map((o) => o.id);
  const departmentIds = offices.filter((o) => o.level === "department").map((o) => o.id);
  const [{ places, departments }, counts] = await Promise.all([
    officeNames(db, placeIds, departmentIds),
    Promise.all(offices.map((o) => inboxCount(db, o, now))),
  ]);
  return offices
    .map((o, i) => ({
      key: `${o.level}:${o.id}`,
      name: (o.level === "department" ? departments : places).find((p) => p.id === o.id)?.name ?? "",
      ...counts[i],
    }))
    .filter((o) => o.total > 0);
}

async function waitingFor(db: Db, actor: Actor, user: { id: number; phone: string }, now: Date) {
  const at = now.toISOString();
  const compoundIds = [...new Set(actor.residencies.map((r) => r.compoundId))];
  const scope = scopePaths(actor, "residency.review");
  const [votes, toRate, news, claims, inboxes] = await Promise.all([
    openVotesIn(db, compoundIds, at),
    // Rating is for residents: an administrator's powers do not include it.
    requestsToRate(db, user.id, compoundIds, new Date(now.getTime() - RATING_DAYS * DAY_MS).toISOString()),
    proposalNews(db, user.id, new Date(now.getTime() - NEWS_DAYS * DAY_MS).toISOString()),
    scope === "all" || scope.length > 0 ? pendingClaims(db, scope) : Promise.resolve([]),
    inboxesOf(db, actor, now),
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
    inboxes,
  };
}

export type Waiting = Awaited<ReturnType<typeof waitingFor>>;

/** The roles of people who serve others (as opposed to a resident's, like a building lead's). */
const OFFICIAL_ROLES = new Set<string>(["admin", "coordinator", "community_staff", "street_staff", "department_staff"]);

/** The home page of a signed-in person: their places, roles, and what waits for them. */
export async function homePage(viewer: Person, now: Date) {
  const db = getDb();
  const [residencies, grants, waiting] = await Promise.all([
    liveResidenciesOf(db, viewer.user.id),
    activeGrantsOf(db, viewer.user.id),
    waitingFor(db, viewer.actor, { id: viewer.user.id, phone: viewer.user.phone }, now),
  ]);
  // The claim prompts are for residents. A verified owner has nothing to claim (a tenant or family member may
  // still claim where they own); staff, coordinators and administrators get a small link, for they may live here too.
  const owner = residencies.some((r) => r.status === "verified" && r.relation === "owner");
  const official = viewer.actor.grants.some((g) => OFFICIAL_ROLES.has(g.role));
  const claimPrompt: "full" | "quiet" | "none" = owner ? "none" : official ? "quiet" : "full";
  return { signedIn: true as const, name: viewer.user.name, residencies, grants, waiting, claimPrompt };
}

/** What the layout shows of the signed-in person (the navigation and the bell), or null for a passer-by. */
export async function shellData(viewer: Person | null) {
  if (!viewer) return null;
  const actor = viewer.actor;
  return {
    name: viewer.user.name,
    compoundId: actor.residencies[0]?.compoundId ?? null,
    canReview: canAnywhere(actor, "residency.review"),
    canPlaces: actor.grants.length > 0,
    hasInbox: inboxOffices(actor).length > 0,
    isAdmin: isAdmin(actor),
    canBehalf: mayActOnBehalf(actor),
    unread: await unreadCount(getDb(), viewer.user.id),
  };
}
