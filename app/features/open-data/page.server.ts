// The open-data API: read-only JSON without sign-in, paged, with no names, phones or secret choices.
import { getDb } from "~/db.server";
import type { Tally } from "~/domain/tally";
import { maskPhone } from "~/domain/phone";
import { translate } from "~/i18n/index";
import { publicMoves, ratingTotals, requestRecord, requestSummaries, resolutionOfVote, resolutionRows, voteRow } from "~/features/open-data/queries.server";

/** Free text written by staff may hold a phone number: masked before it leaves (138****1234). */
export function maskPhones(text: string | null): string | null {
  return text === null ? null : text.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m));
}

export const MAX_PER = 100;

export function openJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=60",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export function apiError(status: 400 | 404, key: "api.badPage" | "error.notFound"): Response {
  return openJson({ error: translate("zh-CN", key), error_en: translate("en", key) }, status);
}

export interface Paging {
  /** Only entries with an id below this one (the `next` of the previous page); null for the newest. */
  before: number | null;
  per: number;
}

/** before (an id) and per (1–100), or a 400 answer. Pages by id, newest first: each page costs the same. */
export function paging(url: URL): Paging | Response {
  const before = url.searchParams.has("before") ? Number(url.searchParams.get("before")) : null;
  const per = url.searchParams.has("per") ? Number(url.searchParams.get("per")) : 50;
  if ((before !== null && (!Number.isSafeInteger(before) || before < 1)) || !Number.isSafeInteger(per) || per < 1 || per > MAX_PER)
    return apiError(400, "api.badPage");
  return { before, per };
}

export function paged<T extends { id: number }>(rows: T[], p: Paging) {
  const data = rows.slice(0, p.per);
  return { per: p.per, next: rows.length > p.per ? data[data.length - 1].id : null, data };
}

/** The public figures of a tally: counts and conditions, nothing about any one ballot. */
export function publicTally(raw: string) {
  const t = JSON.parse(raw) as Tally;
  return {
    rule: t.rule,
    passed: t.passed,
    counts: t.counts,
    conditions: t.conditions.map((c) => ({ id: c.id, numerator: c.numerator, denominator: c.denominator, op: c.op, fraction: c.fraction, met: c.met })),
  };
}

export async function openResolutions(p: Paging) {
  const rows = await resolutionRows(getDb(), p.before, p.per);
  return paged(
    rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      compound: r.compound,
      vote_id: r.vote_id,
      adopted_at: r.closed_at ?? r.created_at,
      notice: { starts: r.notice_starts, ends: r.notice_ends },
      tally: publicTally(r.tally),
    })),
    p,
  );
}

export async function openVote(id: number) {
  const v = await voteRow(getDb(), id);
  if (!v || v.status !== "closed" || !v.result) return null;
  const resolution = await resolutionOfVote(getDb(), v.id);
  return {
    id: v.id,
    title: v.title,
    compound: v.compound,
    rule: v.rule,
    per: v.per,
    secret: !!v.secret,
    opens_at: v.opens_at,
    closes_at: v.closes_at,
    closed_at: v.closed_at,
    chain_head: v.chain_head,
    result: publicTally(v.result),
    resolution: resolution ?? null,
  };
}

export async function openRequests(p: Paging) {
  return paged(await requestSummaries(getDb(), p.before, p.per), p);
}

export async function openRequest(id: number) {
  const db = getDb();
  const r = await requestRecord(db, id);
  if (!r) return null;
  const [moves, ratings] = await Promise.all([publicMoves(db, id), ratingTotals(db, id)]);
  return {
    ...r,
    result: maskPhones(r.result),
    ratings: Object.fromEntries(ratings.map((x) => [x.rating, Number(x.n)])),
    timeline: moves.map((m) => ({ ...m, reason: maskPhones(m.reason), on_time: m.on_time === null ? null : !!m.on_time })),
  };
}
