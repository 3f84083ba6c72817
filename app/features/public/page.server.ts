// The public pages of a compound and its Atom feed: readable without an account, the same for everyone who
// reads them (no loader here looks at who asks), scoped by the compound in the address (another compound's
// id is a 404), and holding only what the open-data API gives (docs/adr/0004-open-data.md): no name, no
// phone (free text is masked), no ballot, no hidden proposal or comment (none of those is read at all).
import { notFound } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { atomXml } from "~/domain/atom";
import { budgetText } from "~/domain/money";
import { can } from "~/domain/permissions";
import type { Tally } from "~/domain/tally";
import { env } from "~/env.server";
import { type Locale, translate } from "~/i18n/index";
import { maskPhones } from "~/features/open-data/page.server";
import { ratingCounts } from "~/features/requests/request-queries.server";
import {
  compoundRow,
  compoundsOfLatestResolutions,
  feedMoves,
  feedResolutions,
  movesOf,
  requestIn,
  requestsOf,
  requestsOfResolution,
  resolutionIn,
  resolutionsOf,
} from "~/features/public/queries.server";

export const PUBLIC_PAGE = 20;
export const FEED_ENTRIES = 50;
/** Anonymous answers may sit in a shared cache this long (seconds). */
export const PUBLIC_MAX_AGE = 60;

/** A positive id from the address, or null. */
function idOf(raw: string | undefined): number | null {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 && String(n) === raw ? n : null;
}

/** The compound of the address: a 404 (in Chinese, by the error page) when there is none by that id. */
async function publicCompound(raw: string | undefined) {
  const id = idOf(raw);
  const c = id === null ? undefined : await compoundRow(getDb(), id);
  if (!c || !can(null, "compound.public", { path: c.path, kind: "compound" })) throw new Response("public.noCompound", { status: 404 });
  return c;
}

/**
 * Cache-Control for a public answer. Nothing on it depends on who asks, but the page around it does (the
 * navigation of a signed-in person, a renewed session cookie): a request that carries any cookie gets a private,
 * unstored answer, and only a cookieless one may be kept by a shared cache.
 */
export function publicCacheHeaders(request: Request): Headers {
  const headers = new Headers({ Vary: "Cookie" });
  headers.set("Cache-Control", request.headers.has("Cookie") ? "private, no-store" : `public, max-age=${PUBLIC_MAX_AGE}`);
  return headers;
}

/**
 * A public route's `headers`: the loader's caching, unless the page around it sets a cookie (then never shared).
 * Errors (a 404) are not cached at all.
 */
export function routeCacheHeaders({ loaderHeaders, parentHeaders, errorHeaders }: { loaderHeaders: Headers; parentHeaders: Headers; errorHeaders?: Headers }) {
  const headers = new Headers({ Vary: "Cookie" });
  const shared = !errorHeaders && loaderHeaders.get("Cache-Control")?.startsWith("public") && !parentHeaders.has("Set-Cookie");
  headers.set("Cache-Control", shared ? (loaderHeaders.get("Cache-Control") ?? "no-store") : "private, no-store");
  return headers;
}

const pageOf = (raw: string | null) => {
  const n = Number(raw ?? 1);
  return Number.isSafeInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
};

/** The compound's public page: its resolutions (?rpage=) and its requests (?page=), newest first. */
export async function publicHome(compoundId: string | undefined, url: URL) {
  const c = await publicCompound(compoundId);
  const page = pageOf(url.searchParams.get("page"));
  const rpage = pageOf(url.searchParams.get("rpage"));
  const db = getDb();
  const [resolutions, requests] = await Promise.all([
    resolutionsOf(db, c.id, (rpage - 1) * PUBLIC_PAGE, PUBLIC_PAGE),
    requestsOf(db, c.id, (page - 1) * PUBLIC_PAGE, PUBLIC_PAGE),
  ]);
  return {
    compound: { id: c.id, name: c.name, community: c.community },
    resolutions: {
      page: rpage,
      more: resolutions.length > PUBLIC_PAGE,
      items: resolutions.slice(0, PUBLIC_PAGE).map((r) => ({ id: r.id, number: r.number, title: r.title, adoptedAt: r.closed_at ?? r.created_at })),
    },
    requests: {
      page,
      more: requests.length > PUBLIC_PAGE,
      items: requests.slice(0, PUBLIC_PAGE).map((r) => ({ id: r.id, title: r.title, level: r.level, state: r.state, createdAt: r.created_at })),
    },
  };
}

/** One resolution of the compound: its figures (counts and conditions only) and the requests made from it. */
export async function publicResolution(compoundId: string | undefined, rawId: string | undefined) {
  const c = await publicCompound(compoundId);
  const id = idOf(rawId);
  const r = id === null ? undefined : await resolutionIn(getDb(), c.id, id);
  if (!r) notFound();
  const requests = await requestsOfResolution(getDb(), r.id);
  return {
    compound: { id: c.id, name: c.name },
    resolution: {
      id: r.id,
      number: r.number,
      title: r.title,
      rule: r.rule,
      adoptedAt: r.closed_at ?? r.created_at,
      noticeStarts: r.notice_starts,
      noticeEnds: r.notice_ends,
      tally: JSON.parse(r.tally) as Tally,
    },
    requests,
  };
}

/** One request of the compound: what, where, its timeline by role and office, its ratings counted. */
export async function publicRequest(compoundId: string | undefined, rawId: string | undefined) {
  const c = await publicCompound(compoundId);
  const id = idOf(rawId);
  const db = getDb();
  const r = id === null ? undefined : await requestIn(db, c.id, id);
  if (!r) notFound();
  const [moves, counts] = await Promise.all([movesOf(db, r.id), ratingCounts(db, r.id, r.round)]);
  return {
    compound: { id: c.id, name: c.name },
    r: {
      id: r.id,
      title: r.title,
      // A direct report's text is the resident's own account of their home and neighbours: only its title is public.
      bodyHtml: r.resolution_id === null ? "" : (maskPhones(r.body_html) ?? ""),
      category: r.category,
      subcategory: r.subcategory,
      budget: budgetText(r.budget_fen),
      funding: r.funding,
      level: r.level,
      office: (r.level === "department" ? r.department : r.office) ?? "",
      state: r.state,
      dueAt: r.due_at,
      resultHtml: maskPhones(r.result_html),
      resolutionId: r.resolution_id,
      resolutionNumber: r.resolution_number,
    },
    counts,
    moves: moves.map((m) => ({ ...m, reason: maskPhones(m.reason), on_time: m.on_time === null ? null : !!m.on_time })),
  };
}

/** Up to 20 compounds with a public record, the most recent resolution first, for the front door. */
export async function publicCompounds() {
  const seen = new Map<number, { id: number; name: string }>();
  for (const c of await compoundsOfLatestResolutions(getDb(), 200)) if (!seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()].slice(0, 20);
}

/** Where the feed's links lead: the configured origin, else the one the request reached. */
function originOf(request: Request): string {
  return env().APP_ORIGIN ?? new URL(request.url).origin;
}

/** The compound's Atom feed: resolutions adopted and steps of its requests, newest first. */
export async function publicFeed(request: Request, compoundId: string | undefined, locale: Locale): Promise<Response> {
  const c = await publicCompound(compoundId);
  const db = getDb();
  const [resolutions, moves] = await Promise.all([feedResolutions(db, c.id, FEED_ENTRIES), feedMoves(db, c.id, FEED_ENTRIES)]);
  const base = `${originOf(request)}/p/${c.id}`;
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars);
  const entries = [
    ...resolutions.map((r) => ({
      id: `${base}/resolutions/${r.id}`,
      title: t("public.feedResolution", { number: r.number, title: r.title }),
      updated: r.closed_at ?? r.created_at,
      link: `${base}/resolutions/${r.id}`,
      summary: t("public.feedResolutionSummary", { number: r.number, title: r.title }),
    })),
    ...moves.map((m) => ({
      id: `${base}/requests/${m.request_id}#step-${m.id}`,
      title: t("public.feedStep", { title: m.title, action: t(`ract.${m.action}`), state: t(`rstate.${m.to_state}`) }),
      updated: m.at,
      link: `${base}/requests/${m.request_id}`,
      summary: t("public.feedStepSummary", { office: m.office_name, level: t(`level.${m.to_level}`), role: t(`role.${m.actor_role}`) }),
    })),
  ];
  const xml = atomXml({
    id: `${base}/feed`,
    title: t("public.feedTitle", { name: c.name }),
    self: `${base}/feed`,
    alternate: base,
    author: t("app.name"),
    lang: locale,
    updated: c.created_at,
    entries: entries.sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0)).slice(0, FEED_ENTRIES),
  });
  const headers = publicCacheHeaders(request);
  headers.set("Content-Type", "application/atom+xml; charset=utf-8");
  headers.set("X-Content-Type-Options", "nosniff");
  return new Response(xml, { status: 200, headers });
}
