// Direct reports (随手拍 / 接诉即办, issue 17 · 4): a verified resident files a small problem and it becomes a
// service request at once, landing where the street's responsibility list says, with the same deadlines,
// moves, photos, ratings and metrics as a resolution's. Residents back an open report with "+1" (they follow
// it); a coordinator merges a duplicate into another request (closed, pointing at it, followers moved).
import type { MoveActorRole } from "../../../db/schema";
import { type DB, transaction } from "~/db.server";
import { type Actor, can } from "~/domain/permissions";
import { landingLevel } from "~/domain/request-flow";
import { type Subcategory, categoryOf } from "~/domain/request-kinds";
import { type MergeRefusal, mergeRefusal } from "~/domain/report-duplicates";
import type { MessageKey } from "~/i18n/index";
import { renderMarkdown } from "~/web/markdown.server";
import { appendAudit } from "~/features/audit/queries.server";
import { notify } from "~/features/notifications/queries.server";
import { actorId, fail } from "~/features/errors";
import { loadVisibleRequest, reopenRole } from "~/features/requests/access.server";
import { landedColumns, officeOf, tellFollowers } from "~/features/requests/commands.server";
import { type StoredFile, discardFiles } from "~/features/requests/evidence.server";
import { requestsChanged } from "~/features/requests/metrics-queries.server";
import { buildingOf, compoundPlaces, followRequest, moveFollowers, requestFollowers } from "~/features/requests/report-queries.server";
import { getRequest, insertEvidence, insertMove, insertRequest, officeName, updateRequest } from "~/features/requests/request-queries.server";
import { acceptDue, loadRules, responsibilityList } from "~/features/requests/rules-queries.server";

export interface NewReport {
  compoundId: number;
  subcategory: Subcategory;
  buildingId: number | null;
  spot: string | null;
  title: string;
  body: string;
  /** Photos already checked and written to disk (at most three); removed again if the report is refused. */
  files: StoredFile[];
}

/** The compound of a report, and that the actor is one of its verified residents (403 otherwise). */
async function reportingCompound(db: DB, actor: Actor, compoundId: number) {
  const c = await compoundPlaces(db, compoundId);
  if (!c || c.street_id === null) fail(404, "error.notFound");
  if (!can(actor, "request.report", { path: c.path, kind: "compound" })) fail(403, "direct.residentsOnly");
  return { ...c, street_id: c.street_id };
}

/** Checks what a report may be filed at before any photo is stored: the compound, the resident, the building. */
export async function checkReportPlace(actor: Actor, compoundId: number, buildingId: number | null) {
  return transaction(async (trx) => {
    const c = await reportingCompound(trx, actor, compoundId);
    if (buildingId !== null && !(await buildingOf(trx, c.id, buildingId))) fail(404, "direct.noSuchBuilding", undefined, "building");
    return c;
  });
}

/** A verified resident files a report; it lands at the lowest level that owns its sub-category. */
export async function fileReport(actor: Actor, input: NewReport, now: Date): Promise<{ id: number; level: string }> {
  const at = now.toISOString();
  try {
    return await transaction(async (trx) => {
      const c = await reportingCompound(trx, actor, input.compoundId);
      if (input.buildingId !== null && !(await buildingOf(trx, c.id, input.buildingId))) fail(404, "direct.noSuchBuilding", undefined, "building");
      if (input.buildingId === null && !input.spot) fail(400, "direct.placeRequired", undefined, "building");
      const level = landingLevel(input.subcategory, await responsibilityList(trx, c.street_id));
      const officeId = officeOf({ compound_id: c.id, community_id: c.community_id, street_id: c.street_id }, level);
      const due = acceptDue(await loadRules(trx), level, now);
      const id = await insertRequest(trx, {
        source: "report",
        resolution_id: null,
        proposal_id: null,
        building_id: input.buildingId,
        spot: input.spot,
        compound_id: c.id,
        community_id: c.community_id,
        street_id: c.street_id,
        title: input.title,
        body: input.body,
        body_html: renderMarkdown(input.body),
        category: categoryOf(input.subcategory),
        subcategory: input.subcategory,
        budget_fen: 0,
        funding: "other",
        ...landedColumns(level, officeId, due, actorId(actor), at),
      });
      // A resident holds no office role: the create move of a report is the form's own step ("system"),
      // with the resident as its actor.
      const moveId = await insertMove(trx, {
        request_id: id,
        action: "create",
        from_level: null,
        to_level: level,
        from_state: null,
        to_state: "received",
        office_name: await officeName(trx, level, officeId, null),
        department_id: null,
        actor_id: actor.userId,
        actor_role: "system",
        reason: null,
        result: null,
        on_time: null,
        at,
      });
      for (const f of input.files) await insertEvidence(trx, { request_id: id, move_id: moveId, ...f, uploaded_by: actor.userId, created_at: at });
      await followRequest(trx, id, actor.userId, at);
      await appendAudit(trx, {
        actorId: actor.userId,
        action: "request.report",
        entityType: "request",
        entityId: id,
        placeId: c.id,
        data: { level, subcategory: input.subcategory, building: input.buildingId, photos: input.files.length },
        at,
      });
      await tellFollowers(trx, { id, proposal_id: null, title: input.title }, "create", level, actor.userId, at);
      await requestsChanged(trx);
      return { id, level };
    });
  } catch (e) {
    await discardFiles(input.files);
    throw e;
  }
}

/** "+1 this one instead": a verified resident of the compound backs an open request (and follows it). */
export async function supportRequest(actor: Actor, requestId: number, now: Date): Promise<{ added: boolean }> {
  return transaction(async (trx) => {
    const { row: r } = await loadVisibleRequest(trx, actor, requestId);
    if (!can(actor, "request.report", { path: r.compound_path, kind: "compound" })) fail(403, "direct.residentsOnly");
    if (r.merged_into !== null || r.state === "completed") fail(409, "direct.closed");
    return { added: await followRequest(trx, r.id, actor.userId, now.toISOString()) };
  });
}

const MERGE_REFUSALS: Record<MergeRefusal, [400 | 404 | 409, MessageKey]> = {
  self: [400, "direct.mergeSelf"],
  not_report: [409, "direct.mergeNotReport"],
  other_compound: [404, "direct.mergeNotFound"],
  into_merged: [409, "direct.mergeChain"],
  closed: [409, "direct.closed"],
};

/** A coordinator merges a duplicate report into another open request of the compound. */
export async function mergeReport(actor: Actor, input: { fromId: number; intoId: number }, now: Date) {
  const at = now.toISOString();
  return transaction(async (trx) => {
    const { row: from } = await loadVisibleRequest(trx, actor, input.fromId);
    const compound = { path: from.compound_path, kind: "compound" as const };
    if (!can(actor, "request.merge", compound)) fail(403, "error.forbidden");
    const into = await getRequest(trx, input.intoId);
    if (!into) fail(404, "direct.mergeNotFound", undefined, "into");
    const refusal = mergeRefusal(
      { id: from.id, source: from.source, state: from.state, compoundId: from.compound_id, mergedInto: from.merged_into },
      { id: into.id, state: into.state, compoundId: into.compound_id, mergedInto: into.merged_into },
    );
    if (refusal) {
      const [status, key] = MERGE_REFUSALS[refusal];
      fail(status, key, undefined, "into");
    }
    const result = `#${into.id}`;
    await updateRequest(trx, from.id, {
      state: "completed",
      completed_at: at,
      completed_level: from.level,
      result,
      result_html: renderMarkdown(result),
      due_at: null,
      merged_into: into.id,
      updated_at: at,
    });
    const role: MoveActorRole = reopenRole(actor, from.compound_path);
    await insertMove(trx, {
      request_id: from.id,
      action: "complete",
      from_level: from.level,
      to_level: from.level,
      from_state: from.state,
      to_state: "completed",
      office_name: await officeName(trx, from.level, from.office_id, from.department_id),
      department_id: from.level === "department" ? from.department_id : null,
      actor_id: actor.userId,
      actor_role: role,
      reason: null,
      result,
      on_time: null,
      at,
    });
    const followers = await requestFollowers(trx, from.id);
    const moved = await moveFollowers(trx, from.id, into.id, at);
    await appendAudit(trx, {
      actorId: actor.userId,
      action: "request.merge",
      entityType: "request",
      entityId: from.id,
      placeId: from.compound_id,
      data: { into: into.id, followers: followers.length, moved },
      at,
    });
    await notify(trx, {
      userIds: followers,
      kind: "request",
      proposalId: from.proposal_id,
      actorId: actor.userId,
      data: { requestId: into.id, title: from.title, action: "merge", level: into.level },
      at,
    });
    await requestsChanged(trx);
    return { into: into.id };
  });
}
