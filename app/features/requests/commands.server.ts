// Service requests (项目): created from a resolution, carried between the compound, community, street and
// its departments by the moves of the pure state machine, rated by residents, escalated by the clock.
import type { Kysely } from "kysely";
import type { Database, MoveActorRole, RequestLevel, RoleName } from "../../../db/schema";
import { type Actor, type RequestTarget, can, canHandleRequest, canViewRequest } from "~/domain/permissions";
import { type RequestAction, landingLevel, listedDepartment, moveRequest as domainMove } from "~/domain/request-flow";
import { type Funding, RATING_DAYS, type Rating, type Subcategory, categoryOf, mayReopen } from "~/domain/request-kinds";
import type { MessageKey } from "~/i18n/index";
import { renderMarkdown } from "~/web/markdown.server";
import { appendAudit } from "~/features/audit/queries.server";
import { notify } from "~/features/notifications/queries.server";
import { followersOf } from "~/features/proposals/queries.server";
import { type StoredFile, discardFiles } from "~/features/requests/evidence.server";
import { actorId, authorize, fail } from "~/features/errors";
import { acceptDue, completeDue, loadRules, responsibilityList } from "~/features/requests/rules.server";

type Db = Kysely<Database>;

const DAY_MS = 86_400_000;

/** Bumped by every change to a request, so cached metrics know they are stale. */
let generation = 0;
export const requestGeneration = () => generation;

export async function getRequest(db: Db, id: number) {
  return db
    .selectFrom("requests as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .innerJoin("resolutions as s", "s.id", "r.resolution_id")
    .leftJoin("places as o", "o.id", "r.office_id")
    .leftJoin("departments as d", "d.id", "r.department_id")
    .innerJoin("proposals as p", "p.id", "r.proposal_id")
    .selectAll("r")
    .select(["p.title as proposal_title", "c.path as compound_path", "c.name as compound", "s.number as resolution_number", "o.path as office_path", "o.name as office", "d.name as department"])
    .where("r.id", "=", id)
    .executeTakeFirst();
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof getRequest>>>;

async function departmentsEver(db: Db, id: number): Promise<number[]> {
  const rows = await db.selectFrom("request_moves").select("department_id").distinct().where("request_id", "=", id).where("department_id", "is not", null).execute();
  return rows.map((r) => r.department_id as number);
}

function targetOf(r: RequestRow, ever: number[]): RequestTarget {
  return { level: r.level, officePath: r.office_path, departmentId: r.department_id, compoundPath: r.compound_path, departmentsEver: ever };
}

async function loadAnyRequest(db: Db, id: number) {
  const r = await getRequest(db, id);
  if (!r) fail(404, "error.notFound");
  return { row: r, target: targetOf(r, await departmentsEver(db, id)) };
}

/** The request as this actor may see it, or a 404 (another compound's id finds nothing). */
export async function loadVisibleRequest(db: Db, actor: Actor, id: number) {
  const found = await loadAnyRequest(db, id);
  if (!canViewRequest(actor, found.target)) fail(404, "error.notFound");
  return found;
}

/** The same person without an administrator's powers: which role of their own they act in. */
const withoutAdmin = (actor: Actor): Actor => ({ ...actor, grants: actor.grants.filter((g) => g.role !== "admin") });

const LEVEL_ROLE: Record<RequestLevel, RoleName> = { compound: "coordinator", community: "community_staff", street: "street_staff", department: "department_staff" };

/** The role the actor acts in at a level: their own office's, or an administrator's. */
function roleAt(actor: Actor, target: RequestTarget): RoleName {
  return canHandleRequest(withoutAdmin(actor), target) ? LEVEL_ROLE[target.level] : "admin";
}

async function officeName(db: Db, level: RequestLevel, officeId: number | null, departmentId: number | null): Promise<string> {
  if (level === "department") return (await db.selectFrom("departments").select("name").where("id", "=", departmentId!).executeTakeFirst())?.name ?? "";
  return (await db.selectFrom("places").select("name").where("id", "=", officeId!).executeTakeFirst())?.name ?? "";
}

function officeOf(r: { compound_id: number; community_id: number; street_id: number }, level: RequestLevel): number | null {
  return level === "compound" ? r.compound_id : level === "community" ? r.community_id : level === "street" ? r.street_id : null;
}

async function tellFollowers(db: Db, r: { id: number; proposal_id: number; title: string }, action: string, level: RequestLevel, by: number | null, at: string) {
  await notify(db, { userIds: await followersOf(db, r.proposal_id), kind: "request", proposalId: r.proposal_id, actorId: by, data: { requestId: r.id, title: r.title, action, level }, at });
}

export interface NewRequest {
  resolutionId: number;
  title: string;
  body: string;
  subcategory: Subcategory;
  budgetFen: number;
  funding: Funding;
}

/** A coordinator turns a resolution into a request; it lands at the lowest level that owns its sub-category. */
export async function createRequest(db: Db, actor: Actor, input: NewRequest, now: Date): Promise<number> {
  const at = now.toISOString();
  const rules = await loadRules(db);
  const id = await db.transaction().execute(async (trx) => {
    const res = await trx
      .selectFrom("resolutions as s")
      .innerJoin("places as c", "c.id", "s.compound_id")
      .innerJoin("places as m", "m.id", "c.parent_id")
      .select(["s.id", "s.proposal_id", "s.compound_id", "c.path", "c.name", "m.id as community_id", "m.parent_id as street_id"])
      .where("s.id", "=", input.resolutionId)
      .executeTakeFirst();
    if (!res || res.street_id === null) fail(404, "error.notFound");
    authorize(actor, "request.create", { path: res.path, kind: "compound" });
    const list = await responsibilityList(trx, res.street_id);
    const level = landingLevel(input.subcategory, list);
    const place = { compound_id: res.compound_id, community_id: res.community_id, street_id: res.street_id };
    const officeId = officeOf(place, level);
    const due = acceptDue(rules, level, now);
    const row = await trx
      .insertInto("requests")
      .values({
        resolution_id: res.id,
        proposal_id: res.proposal_id,
        ...place,
        title: input.title,
        body: input.body,
        body_html: renderMarkdown(input.body),
        category: categoryOf(input.subcategory),
        subcategory: input.subcategory,
        budget_fen: input.budgetFen,
        funding: input.funding,
        level,
        office_id: officeId,
        department_id: null,
        state: "received",
        level_since: at,
        accept_due: due,
        accepted_at: null,
        complete_due: null,
        due_at: due,
        first_accepted_at: null,
        first_accept_due: null,
        completed_at: null,
        completed_level: null,
        result: null,
        result_html: null,
        created_by: actorId(actor),
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("request_moves")
      .values({ request_id: row.id, action: "create", from_level: null, to_level: level, from_state: null, to_state: "received", office_name: await officeName(trx, level, officeId, null), department_id: null, actor_id: actorId(actor), actor_role: roleAt(actor, { level: "compound", officePath: res.path, departmentId: null, compoundPath: res.path, departmentsEver: [] }), reason: null, result: null, on_time: null, at })
      .execute();
    await appendAudit(trx, { actorId: actorId(actor), action: "request.create", entityType: "request", entityId: row.id, placeId: res.compound_id, data: { level, subcategory: input.subcategory }, at });
    await tellFollowers(trx, { id: row.id, proposal_id: res.proposal_id, title: input.title }, "create", level, actorId(actor), at);
    return row.id;
  });
  generation++;
  return id;
}

const REFUSALS: Record<string, [400 | 403 | 409, MessageKey, string?]> = {
  illegal: [409, "request.illegal"],
  above_street: [409, "request.aboveStreet"],
  access_rule: [409, "request.accessRule"],
  no_department: [409, "request.noDepartment", "department"],
  foreign_department: [403, "request.departmentElsewhere", "department"],
  reason_required: [400, "request.reasonRequired", "reason"],
  result_required: [400, "request.resultRequired", "result"],
  reopen_used: [409, "request.reopenUsed"],
};

export interface MoveCommand {
  requestId: number;
  action: Exclude<RequestAction, "auto_escalate">;
  reason?: string | null;
  result?: string | null;
  /** Evidence photos already checked and written to disk (a completion only). */
  files?: StoredFile[];
  /** For a bulk accept: a request that is no longer waiting is skipped, not refused. */
  quiet?: boolean;
  /** A dispatch: the department of the street chosen (else the list's). A send-back: the one it belongs to instead. */
  departmentId?: number | null;
}

/** The departments of a street, in name order: where its requests may be dispatched. */
export function streetDepartments(db: Db, streetId: number) {
  return db.selectFrom("departments").select(["id", "name"]).where("place_id", "=", streetId).orderBy("name").orderBy("id").execute();
}

/** One move of a request by a person at the level holding it (or the coordinator's reopen). */
export async function moveRequest(db: Db, actor: Actor, cmd: MoveCommand, now: Date) {
  try {
    const r = await db.transaction().execute((trx) => applyRequestMove(trx, actor, cmd, now));
    generation++;
    return r;
  } catch (e) {
    await discardFiles(cmd.files ?? []);
    throw e;
  }
}

async function applyRequestMove(trx: Db, actor: Actor | null, cmd: MoveCommand | (Omit<MoveCommand, "action"> & { action: "auto_escalate" }), now: Date) {
  const at = now.toISOString();
  // The clock (no actor) sees every request; a person only what the permission module lets them see.
  const { row: r, target } = actor ? await loadVisibleRequest(trx, actor, cmd.requestId) : await loadAnyRequest(trx, cmd.requestId);
  let role: MoveActorRole = "system";
  if (actor) {
    if (cmd.action === "reopen") {
      authorize(actor, "request.reopen", { path: r.compound_path, kind: "compound" });
      await checkReopen(trx, r, now);
      role = can(withoutAdmin(actor), "request.reopen", { path: r.compound_path, kind: "compound" }) ? "coordinator" : "admin";
    } else {
      if (!canHandleRequest(actor, target)) fail(403, "request.notYourLevel");
      role = roleAt(actor, target);
    }
  }
  if (cmd.action !== "complete" && cmd.files?.length) fail(400, "error.form");
  const chosen = "departmentId" in cmd ? (cmd.departmentId ?? null) : null;
  if (chosen !== null && cmd.action !== "dispatch" && cmd.action !== "send_back") fail(400, "error.form");
  // A department that does not exist is not found; one of another street is refused by the state machine.
  if (chosen !== null && !(await trx.selectFrom("departments").select("id").where("id", "=", chosen).executeTakeFirst())) fail(404, "error.notFound", undefined, "department");
  // A send-back names another department, never the one sending it back.
  if (cmd.action === "send_back" && chosen !== null && chosen === r.department_id) fail(400, "request.suggestSelf", undefined, "department");
  const list = await responsibilityList(trx, r.street_id);
  const departments = cmd.action === "dispatch" || cmd.action === "send_back" ? (await streetDepartments(trx, r.street_id)).map((d) => d.id) : undefined;
  const moved = domainMove(
    { level: r.level, state: r.state, reopened: !!r.reopened },
    { action: cmd.action, reason: cmd.reason, result: cmd.result, subcategory: r.subcategory, list, completedAt: r.completed_level ?? undefined, departmentId: chosen, departments },
  );
  if (!moved.ok) {
    const [status, key, field] = REFUSALS[moved.error];
    fail(status, key, undefined, field);
  }
  const to = moved.to;
  const rules = await loadRules(trx);
  const levelChanges = to.level !== r.level || cmd.action === "reopen";
  const departmentId = cmd.action === "dispatch" ? (chosen ?? listedDepartment(r.subcategory, list)) : to.level === "department" ? r.department_id : null;
  const officeId = officeOf(r, to.level);
  // Every hand-off freezes whether the level letting it go kept its deadline.
  const waitedOn = r.state === "received" ? r.accept_due : (r.complete_due ?? r.accept_due);
  const onTime = cmd.action === "start" || cmd.action === "reopen" ? null : at <= waitedOn ? 1 : 0;
  const patch: Partial<Record<string, unknown>> = { level: to.level, state: to.state, updated_at: at, office_id: officeId, department_id: departmentId };
  if (levelChanges && to.state === "received") {
    const due = acceptDue(rules, to.level, now);
    Object.assign(patch, { level_since: at, accept_due: due, accepted_at: null, complete_due: null, due_at: due });
  }
  if (cmd.action === "accept" || cmd.action === "reopen") {
    const due = completeDue(rules, to.level, now);
    Object.assign(patch, { accepted_at: at, complete_due: due, due_at: due });
    if (cmd.action === "reopen") Object.assign(patch, { level_since: at, reopened: 1, round: r.round + 1, completed_at: null, result: null, result_html: null });
    // The deadline the response rate measures against: the accepting level's, unless an earlier level let
    // its own pass unanswered (the clock escalated it), which is then the one that counts.
    if (cmd.action === "accept" && !r.first_accepted_at) Object.assign(patch, { first_accepted_at: at, first_accept_due: r.first_accept_due ?? r.accept_due });
  }
  if (cmd.action === "complete") Object.assign(patch, { completed_at: at, completed_level: r.level, result: cmd.result!.trim(), result_html: renderMarkdown(cmd.result!.trim()), due_at: null });
  if (cmd.action === "escalate" || cmd.action === "auto_escalate") patch.escalations = r.escalations + 1;
  if (cmd.action === "auto_escalate" && !r.first_accepted_at && !r.first_accept_due) patch.first_accept_due = r.accept_due;
  if (cmd.action === "return") patch.returns = r.returns + 1;
  await trx.updateTable("requests").set(patch).where("id", "=", r.id).execute();
  const move = await trx
    .insertInto("request_moves")
    .values({
      request_id: r.id,
      action: cmd.action,
      from_level: r.level,
      to_level: to.level,
      from_state: r.state,
      to_state: to.state,
      office_name: await officeName(trx, r.level, r.office_id, r.department_id),
      department_id: cmd.action === "dispatch" ? departmentId : r.level === "department" ? r.department_id : null,
      suggested_department_id: cmd.action === "send_back" ? chosen : null,
      actor_id: actor ? actorId(actor) : null,
      actor_role: role,
      reason: cmd.reason?.trim() || null,
      result: cmd.action === "complete" ? cmd.result!.trim() : null,
      on_time: onTime,
      at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const f of cmd.files ?? []) {
    await trx.insertInto("request_evidence").values({ request_id: r.id, move_id: move.id, file: f.file, mime: f.mime, bytes: f.bytes, sha256: f.sha256, uploaded_by: actor ? actorId(actor) : null, created_at: at }).execute();
  }
  const audit: Record<string, unknown> = { from: r.level, to: to.level, state: to.state };
  if (cmd.action === "dispatch") audit.department = departmentId;
  if (cmd.action === "send_back" && chosen !== null) audit.suggested = chosen;
  await appendAudit(trx, { actorId: actor ? actorId(actor) : null, action: `request.${cmd.action}`, entityType: "request", entityId: r.id, placeId: r.compound_id, reason: cmd.reason?.trim() || null, data: audit, at });
  await tellFollowers(trx, r, cmd.action, to.level, actor ? actorId(actor) : null, at);
  return { level: to.level, state: to.state };
}

export async function ratingCounts(db: Db, requestId: number, round: number): Promise<Record<Rating, number>> {
  const rows = await db
    .selectFrom("request_ratings")
    .select(["rating", (eb) => eb.fn.countAll<number>().as("n")])
    .where("request_id", "=", requestId)
    .where("round", "=", round)
    .groupBy("rating")
    .execute();
  const counts: Record<Rating, number> = { satisfied: 0, basic: 0, unsatisfied: 0 };
  for (const x of rows) counts[x.rating] = Number(x.n);
  return counts;
}

export function ratingWindowOpen(r: { state: string; completed_at: string | null }, now: Date): boolean {
  return r.state === "completed" && r.completed_at !== null && now.getTime() <= Date.parse(r.completed_at) + RATING_DAYS * DAY_MS;
}

async function checkReopen(db: Db, r: RequestRow, now: Date) {
  if (r.state !== "completed") fail(409, "request.illegal");
  if (r.reopened) fail(409, "request.reopenUsed");
  if (!ratingWindowOpen(r, now)) fail(409, "request.reopenWindow");
  if (!mayReopen(await ratingCounts(db, r.id, r.round))) fail(409, "request.reopenNotAllowed");
}

/** A verified resident of the compound rates a completed request: once, changeable for 14 days. */
export async function rateRequest(db: Db, actor: Actor, input: { requestId: number; rating: Rating; change: boolean }, now: Date) {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const { row: r } = await loadVisibleRequest(trx, actor, input.requestId);
    if (!can(actor, "request.rate", { path: r.compound_path, kind: "compound" })) fail(403, "request.residentsOnly");
    if (r.state !== "completed") fail(409, "request.notCompleted");
    if (!ratingWindowOpen(r, now)) fail(409, "request.ratingClosed", { days: RATING_DAYS });
    const mine = await trx.selectFrom("request_ratings").select("rating").where("request_id", "=", r.id).where("round", "=", r.round).where("user_id", "=", actor.userId).executeTakeFirst();
    if (mine && !input.change) fail(409, "request.alreadyRated");
    if (mine) {
      await trx.updateTable("request_ratings").set({ rating: input.rating, updated_at: at }).where("request_id", "=", r.id).where("round", "=", r.round).where("user_id", "=", actor.userId).execute();
    } else {
      await trx.insertInto("request_ratings").values({ request_id: r.id, round: r.round, user_id: actor.userId, rating: input.rating, created_at: at, updated_at: at }).execute();
    }
  });
  generation++;
}

export async function myRating(db: Db, requestId: number, round: number, userId: number) {
  return (await db.selectFrom("request_ratings").select("rating").where("request_id", "=", requestId).where("round", "=", round).where("user_id", "=", userId).executeTakeFirst())?.rating ?? null;
}

/** The scheduled job: what nobody accepted by its deadline goes up a level by itself (超时自动上报). */
export async function runRequestJobs(db: Db, now: Date): Promise<number[]> {
  const at = now.toISOString();
  const due = await db.selectFrom("requests").select("id").where("state", "=", "received").where("accept_due", "<", at).where("level", "in", ["compound", "community"]).execute();
  const moved: number[] = [];
  for (const { id } of due) {
    const ok = await db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: someone may have accepted it a moment ago.
      const r = await trx.selectFrom("requests").select(["state", "accept_due", "level"]).where("id", "=", id).executeTakeFirst();
      if (!r || r.state !== "received" || r.accept_due >= at || (r.level !== "compound" && r.level !== "community")) return false;
      await applyRequestMove(trx, null, { requestId: id, action: "auto_escalate" }, now);
      return true;
    });
    if (ok) moved.push(id);
  }
  if (moved.length) generation++;
  return moved;
}

export function requestsOfResolution(db: Db, resolutionId: number) {
  return db.selectFrom("requests").select(["id", "title", "level", "state", "subcategory", "due_at"]).where("resolution_id", "=", resolutionId).orderBy("id").execute();
}

export function requestsOfProposal(db: Db, proposalId: number) {
  return db.selectFrom("requests").select(["id", "title", "level", "state"]).where("proposal_id", "=", proposalId).orderBy("id").execute();
}

export function timeline(db: Db, requestId: number) {
  return db
    .selectFrom("request_moves as m")
    .leftJoin("users as u", "u.id", "m.actor_id")
    .leftJoin("departments as sd", "sd.id", "m.suggested_department_id")
    .select(["m.id", "m.action", "m.from_level", "m.to_level", "m.to_state", "m.office_name", "m.actor_role", "m.reason", "m.result", "m.on_time", "m.at", "u.name as actor_name", "m.suggested_department_id", "sd.name as suggested_department"])
    .where("m.request_id", "=", requestId)
    .orderBy("m.id")
    .execute();
}

/** The photos of the latest completion (a reopened request's earlier photos stay on its timeline's record). */
export function evidenceOf(db: Db, requestId: number) {
  return db
    .selectFrom("request_evidence")
    .select(["id", "move_id", "mime", "bytes"])
    .where("request_id", "=", requestId)
    .where("move_id", "=", (eb) => eb.selectFrom("request_moves").select((m) => m.fn.max("id").as("id")).where("request_id", "=", requestId).where("action", "=", "complete"))
    .orderBy("id")
    .execute();
}
