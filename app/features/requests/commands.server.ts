// Service requests (项目): created from a resolution, carried between the compound, community, street and
// its departments by the moves of the pure state machine, rated by residents, escalated by the clock. Each
// command is one transaction: read through the queries, decide with app/domain, write, append the audit entry.
import type { Updateable } from "kysely";
import type { Database, MoveActorRole, RequestLevel } from "../../../db/schema";
import { type DB, transaction } from "~/db.server";
import { type Actor, can, canHandleRequest } from "~/domain/permissions";
import { type RequestAction, landingLevel, listedDepartment, moveRequest as domainMove } from "~/domain/request-flow";
import { type Funding, RATING_DAYS, type Rating, type Subcategory, categoryOf, mayReopen } from "~/domain/request-kinds";
import type { MessageKey } from "~/i18n/index";
import { renderMarkdown } from "~/web/markdown.server";
import { appendAudit } from "~/features/audit/queries.server";
import { actingHelper } from "~/features/audit/acting.server";
import { notify } from "~/features/notifications/queries.server";
import { followersOf } from "~/features/proposals/queries.server";
import { actorId, authorize, fail } from "~/features/errors";
import { loadAnyRequest, loadVisibleRequest, ratingWindowOpen, reopenRole, roleAt } from "~/features/requests/access.server";
import { type StoredFile, discardFiles } from "~/features/requests/evidence.server";
import { requestsChanged } from "~/features/requests/metrics-queries.server";
import { requestFollowers } from "~/features/requests/report-queries.server";
import {
  type RequestRow,
  claimOverdueRequest,
  departmentExists,
  insertEvidence,
  insertMove,
  insertRequest,
  myRating,
  officeName,
  ratingCounts,
  requestClock,
  resolutionPlaces,
  saveRating,
  streetDepartments,
  updateRequest,
} from "~/features/requests/request-queries.server";
import { acceptDue, completeDue, loadRules, responsibilityList } from "~/features/requests/rules-queries.server";
import { runClaimed } from "~/features/shared-state/jobs.server";

export function officeOf(r: { compound_id: number; community_id: number; street_id: number }, level: RequestLevel): number | null {
  return level === "compound" ? r.compound_id : level === "community" ? r.community_id : level === "street" ? r.street_id : null;
}

/** The lifecycle columns of a request that has just landed at `level` (from a resolution or a direct report). */
export function landedColumns(level: RequestLevel, officeId: number | null, due: string, createdBy: number | null, at: string) {
  return {
    level,
    office_id: officeId,
    department_id: null,
    state: "received" as const,
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
    created_by: createdBy,
    created_at: at,
    updated_at: at,
  };
}

export async function tellFollowers(
  db: DB,
  r: { id: number; proposal_id: number | null; title: string },
  action: string,
  level: RequestLevel,
  by: number | null,
  at: string,
) {
  await notify(db, {
    userIds: [...(r.proposal_id === null ? [] : await followersOf(db, r.proposal_id)), ...(await requestFollowers(db, r.id))],
    kind: "request",
    proposalId: r.proposal_id,
    actorId: by,
    data: { requestId: r.id, title: r.title, action, level },
    at,
  });
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
export async function createRequest(actor: Actor, input: NewRequest, now: Date): Promise<{ id: number; level: RequestLevel }> {
  const at = now.toISOString();
  const made = await transaction(async (trx) => {
    const rules = await loadRules(trx);
    const res = await resolutionPlaces(trx, input.resolutionId);
    if (!res || res.street_id === null) fail(404, "error.notFound");
    authorize(actor, "request.create", { path: res.path, kind: "compound" });
    const list = await responsibilityList(trx, res.street_id);
    const level = landingLevel(input.subcategory, list);
    const place = { compound_id: res.compound_id, community_id: res.community_id, street_id: res.street_id };
    const officeId = officeOf(place, level);
    const due = acceptDue(rules, level, now);
    const id = await insertRequest(trx, {
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
      ...landedColumns(level, officeId, due, actorId(actor), at),
    });
    const role = roleAt(actor, { level: "compound", officePath: res.path, departmentId: null, compoundPath: res.path, departmentsEver: [] });
    await insertMove(trx, {
      request_id: id,
      action: "create",
      from_level: null,
      to_level: level,
      from_state: null,
      to_state: "received",
      office_name: await officeName(trx, level, officeId, null),
      department_id: null,
      actor_id: actorId(actor),
      actor_role: role,
      reason: null,
      result: null,
      on_time: null,
      at,
    });
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "request.create",
      entityType: "request",
      entityId: id,
      placeId: res.compound_id,
      data: { level, subcategory: input.subcategory },
      at,
    });
    await tellFollowers(trx, { id, proposal_id: res.proposal_id, title: input.title }, "create", level, actorId(actor), at);
    await requestsChanged(trx);
    return { id, level };
  });
  return made;
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

/** One move of a request by a person at the level holding it (or the coordinator's reopen). */
export async function moveRequest(actor: Actor, cmd: MoveCommand, now: Date) {
  try {
    return await transaction((trx) => applyMove(trx, actor, cmd, now));
  } catch (e) {
    await discardFiles(cmd.files ?? []);
    throw e;
  }
}

async function applyMove(trx: DB, actor: Actor | null, cmd: MoveCommand | (Omit<MoveCommand, "action"> & { action: "auto_escalate" }), now: Date) {
  const at = now.toISOString();
  // The clock (no actor) sees every request; a person only what the permission module lets them see.
  const { row: r, target } = actor ? await loadVisibleRequest(trx, actor, cmd.requestId) : await loadAnyRequest(trx, cmd.requestId);
  let role: MoveActorRole = "system";
  if (actor) {
    if (cmd.action === "reopen") {
      authorize(actor, "request.reopen", { path: r.compound_path, kind: "compound" });
      await checkReopen(trx, r, now);
      role = reopenRole(actor, r.compound_path);
    } else {
      if (!canHandleRequest(actor, target)) fail(403, "request.notYourLevel");
      role = roleAt(actor, target);
    }
  }
  if (cmd.action !== "complete" && cmd.files?.length) fail(400, "error.form");
  const chosen = "departmentId" in cmd ? (cmd.departmentId ?? null) : null;
  if (chosen !== null && cmd.action !== "dispatch" && cmd.action !== "send_back") fail(400, "error.form");
  // A department that does not exist is not found; one of another street is refused by the state machine.
  if (chosen !== null && !(await departmentExists(trx, chosen))) fail(404, "error.notFound", undefined, "department");
  // A send-back names another department, never the one sending it back.
  if (cmd.action === "send_back" && chosen !== null && chosen === r.department_id) fail(400, "request.suggestSelf", undefined, "department");
  const list = await responsibilityList(trx, r.street_id);
  const departments = cmd.action === "dispatch" || cmd.action === "send_back" ? (await streetDepartments(trx, r.street_id)).map((d) => d.id) : undefined;
  const moved = domainMove(
    { level: r.level, state: r.state, reopened: !!r.reopened },
    {
      action: cmd.action,
      reason: cmd.reason,
      result: cmd.result,
      subcategory: r.subcategory,
      list,
      completedAt: r.completed_level ?? undefined,
      departmentId: chosen,
      departments,
    },
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
  const patch: Updateable<Database["requests"]> = { level: to.level, state: to.state, updated_at: at, office_id: officeId, department_id: departmentId };
  if (levelChanges && to.state === "received") {
    const due = acceptDue(rules, to.level, now);
    Object.assign(patch, { level_since: at, accept_due: due, accepted_at: null, complete_due: null, due_at: due });
  }
  if (cmd.action === "accept" || cmd.action === "reopen") {
    const due = completeDue(rules, to.level, now);
    Object.assign(patch, { accepted_at: at, complete_due: due, due_at: due });
    if (cmd.action === "reopen")
      Object.assign(patch, { level_since: at, reopened: 1, round: r.round + 1, completed_at: null, result: null, result_html: null });
    // The deadline the response rate measures against: the accepting level's, unless an earlier level let
    // its own pass unanswered (the clock escalated it), which is then the one that counts.
    if (cmd.action === "accept" && !r.first_accepted_at) Object.assign(patch, { first_accepted_at: at, first_accept_due: r.first_accept_due ?? r.accept_due });
  }
  if (cmd.action === "complete")
    Object.assign(patch, {
      completed_at: at,
      completed_level: r.level,
      result: cmd.result!.trim(),
      result_html: renderMarkdown(cmd.result!.trim()),
      due_at: null,
    });
  if (cmd.action === "escalate" || cmd.action === "auto_escalate") patch.escalations = r.escalations + 1;
  if (cmd.action === "auto_escalate" && !r.first_accepted_at && !r.first_accept_due) patch.first_accept_due = r.accept_due;
  if (cmd.action === "return") patch.returns = r.returns + 1;
  await updateRequest(trx, r.id, patch);
  const moveId = await insertMove(trx, {
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
  });
  for (const f of cmd.files ?? []) {
    await insertEvidence(trx, {
      request_id: r.id,
      move_id: moveId,
      file: f.file,
      mime: f.mime,
      bytes: f.bytes,
      sha256: f.sha256,
      uploaded_by: actor ? actorId(actor) : null,
      created_at: at,
    });
  }
  const audit: Record<string, unknown> = { from: r.level, to: to.level, state: to.state };
  if (cmd.action === "dispatch") audit.department = departmentId;
  if (cmd.action === "send_back" && chosen !== null) audit.suggested = chosen;
  await appendAudit(trx, {
    actorId: actor ? actorId(actor) : null,
    action: `request.${cmd.action}`,
    entityType: "request",
    entityId: r.id,
    placeId: r.compound_id,
    reason: cmd.reason?.trim() || null,
    data: audit,
    at,
  });
  await tellFollowers(trx, r, cmd.action, to.level, actor ? actorId(actor) : null, at);
  await requestsChanged(trx);
  return { level: to.level, state: to.state, department: cmd.action === "dispatch" ? await officeName(trx, "department", null, departmentId) : null };
}

async function checkReopen(db: DB, r: RequestRow, now: Date) {
  if (r.state !== "completed" || r.merged_into !== null) fail(409, "request.illegal");
  if (r.reopened) fail(409, "request.reopenUsed");
  if (!ratingWindowOpen(r, now)) fail(409, "request.reopenWindow");
  if (!mayReopen(await ratingCounts(db, r.id, r.round))) fail(409, "request.reopenNotAllowed");
}

/** A verified resident of the compound rates a completed request: once, changeable for 14 days. */
export async function rateRequest(actor: Actor, input: { requestId: number; rating: Rating; change: boolean }, now: Date) {
  const at = now.toISOString();
  await transaction(async (trx) => {
    const { row: r } = await loadVisibleRequest(trx, actor, input.requestId);
    if (!can(actor, "request.rate", { path: r.compound_path, kind: "compound" })) fail(403, "request.residentsOnly");
    if (r.state !== "completed") fail(409, "request.notCompleted");
    // A report merged into another is rated there.
    if (r.merged_into !== null) fail(409, "direct.closed");
    if (!ratingWindowOpen(r, now)) fail(409, "request.ratingClosed", { days: RATING_DAYS });
    const mine = await myRating(trx, r.id, r.round, actor.userId);
    if (mine && !input.change) fail(409, "request.alreadyRated");
    await saveRating(trx, { requestId: r.id, round: r.round, userId: actor.userId, rating: input.rating, at }, mine !== null);
    // Acting on behalf (代办): a rating given for a resident is on the audit log "by X for Y".
    if (actingHelper() !== null)
      await appendAudit(trx, { actorId: actor.userId, action: "request.rate", entityType: "request", entityId: r.id, placeId: null, at });
    await requestsChanged(trx);
  });
}

/** The scheduled job: what nobody accepted by its deadline goes up a level by itself (超时自动上报). */
export function runRequestJobs(now: Date): Promise<number[]> {
  const at = now.toISOString();
  return runClaimed(
    (trx, passed) => claimOverdueRequest(trx, at, passed),
    async (trx, id) => {
      // Checked again inside the transaction: someone may have accepted it a moment ago.
      const r = await requestClock(trx, id);
      if (!r || r.state !== "received" || r.accept_due >= at || (r.level !== "compound" && r.level !== "community")) return null;
      return applyMove(trx, null, { requestId: id, action: "auto_escalate" }, now);
    },
  );
}
