// The open-data API: read-only JSON without sign-in, paged, with no names, phones or secret choices.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/schema";
import type { Tally } from "~/domain/tally";
import { maskPhone } from "~/domain/phone";
import { translate } from "~/i18n/index";

/** Free text written by staff may hold a phone number: masked before it leaves (138****1234). */
export function maskPhones(text: string | null): string | null {
  return text === null ? null : text.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m));
}

type Db = Kysely<Database>;

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
  if ((before !== null && (!Number.isSafeInteger(before) || before < 1)) || !Number.isSafeInteger(per) || per < 1 || per > MAX_PER) return apiError(400, "api.badPage");
  return { before, per };
}

export function paged<T extends { id: number }>(rows: T[], p: Paging) {
  const data = rows.slice(0, p.per);
  return { per: p.per, next: rows.length > p.per ? data[data.length - 1].id : null, data };
}

/** The public figures of a tally: counts and conditions, nothing about any one ballot. */
export function publicTally(raw: string) {
  const t = JSON.parse(raw) as Tally;
  return { rule: t.rule, passed: t.passed, counts: t.counts, conditions: t.conditions.map((c) => ({ id: c.id, numerator: c.numerator, denominator: c.denominator, op: c.op, fraction: c.fraction, met: c.met })) };
}

export async function openResolutions(db: Db, p: Paging) {
  let q = db
    .selectFrom("resolutions as s")
    .innerJoin("places as c", "c.id", "s.compound_id")
    .innerJoin("votes as v", "v.id", "s.vote_id")
    .select(["s.id", "s.number", "s.title", "s.proposal_id", "s.vote_id", "c.name as compound", "s.notice_starts", "s.notice_ends", "s.created_at", "s.tally", "v.closed_at"])
    .orderBy("s.id", "desc")
    .limit(p.per + 1);
  if (p.before !== null) q = q.where("s.id", "<", p.before);
  const rows = await q.execute();
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

export async function openVote(db: Db, id: number) {
  const v = await db
    .selectFrom("votes as vt")
    .innerJoin("places as c", "c.id", "vt.compound_id")
    .innerJoin("proposals as p", "p.id", "vt.proposal_id")
    .select(["vt.id", "vt.rule", "vt.per", "vt.secret", "vt.opens_at", "vt.closes_at", "vt.closed_at", "vt.status", "vt.result", "vt.chain_head", "p.title", "c.name as compound"])
    .where("vt.id", "=", id)
    .executeTakeFirst();
  if (!v || v.status !== "closed" || !v.result) return null;
  const resolution = await db.selectFrom("resolutions").select(["id", "number"]).where("vote_id", "=", v.id).executeTakeFirst();
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

const requestSummary = [
  "r.id",
  "r.title",
  "r.resolution_id",
  "r.category",
  "r.subcategory",
  "r.budget_fen",
  "r.funding",
  "r.level",
  "r.state",
  "r.created_at",
  "r.completed_at",
  "c.name as compound",
] as const;

export async function openRequests(db: Db, p: Paging) {
  let q = db.selectFrom("requests as r").innerJoin("places as c", "c.id", "r.compound_id").select(requestSummary).orderBy("r.id", "desc").limit(p.per + 1);
  if (p.before !== null) q = q.where("r.id", "<", p.before);
  return paged(await q.execute(), p);
}

export async function openRequest(db: Db, id: number) {
  const r = await db.selectFrom("requests as r").innerJoin("places as c", "c.id", "r.compound_id").select([...requestSummary, "r.result", "r.due_at"]).where("r.id", "=", id).executeTakeFirst();
  if (!r) return null;
  const moves = await db
    .selectFrom("request_moves")
    .select(["action", "from_level", "to_level", "to_state", "office_name", "actor_role", "reason", "on_time", "at"])
    .where("request_id", "=", id)
    .orderBy("id")
    .execute();
  const ratings = await db
    .selectFrom("request_ratings as g")
    .select(["g.rating", sql<number>`count(*)`.as("n")])
    .where("g.request_id", "=", id)
    .groupBy("g.rating")
    .execute();
  return {
    ...r,
    result: maskPhones(r.result),
    ratings: Object.fromEntries(ratings.map((x) => [x.rating, Number(x.n)])),
    timeline: moves.map((m) => ({ ...m, reason: maskPhones(m.reason), on_time: m.on_time === null ? null : !!m.on_time })),
  };
}
