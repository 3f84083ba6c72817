// What the report pages show: the new-report form (buildings, sub-categories, likely duplicates), a request's
// origin as a report (where, how many back it, whether it was merged), and the coordinator's merge form.
import type { Viewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { can } from "~/domain/permissions";
import { type ReportDraft, likelyDuplicates } from "~/domain/report-duplicates";
import { SUBCATEGORY_KEYS } from "~/domain/request-kinds";
import { fail } from "~/features/errors";
import { buildingsOf } from "~/features/places/queries.server";
import { loadVisibleRequest } from "~/features/requests/access.server";
import { compoundPlaces, mergeTargets, openRequestsLike, reportPhotos, supportOf } from "~/features/requests/report-queries.server";
import type { RequestRow } from "~/features/requests/request-queries.server";

/** The new-report form of a compound: 404 when there is no such compound, 403 for anyone but its residents. */
export async function newReportPage(viewer: Viewer, compoundId: number) {
  const db = getDb();
  const c = await compoundPlaces(db, compoundId);
  if (!c || !can(viewer.actor, "place.view", { path: c.path, kind: "compound" })) fail(404, "error.notFound");
  if (!can(viewer.actor, "request.report", { path: c.path, kind: "compound" })) fail(403, "direct.residentsOnly");
  const buildings = await buildingsOf(db, c.id);
  return { compound: { id: c.id, name: c.name }, buildings: buildings.map((b) => ({ id: b.id, name: b.name })), subcategories: SUBCATEGORY_KEYS };
}

/** The open requests a draft report likely repeats. */
export async function duplicatesOf(compoundId: number, draft: ReportDraft) {
  return likelyDuplicates(draft, await openRequestsLike(getDb(), compoundId, draft.category));
}

/** A request's origin as its page shows it: a report's place, backers and merge, and what the viewer may do. */
export async function originOf(viewer: Viewer, r: RequestRow) {
  if (r.source !== "report") return null;
  const compound = { path: r.compound_path, kind: "compound" as const };
  const open = r.state !== "completed" && r.merged_into === null;
  const support = await supportOf(getDb(), r.id, viewer.user.id);
  return {
    place: r.building ?? r.spot ?? "",
    mergedInto: r.merged_into,
    supporters: support.supporters,
    photos: await reportPhotos(getDb(), r.id),
    maySupport: open && !support.mine && can(viewer.actor, "request.report", compound),
    mayMerge: open && can(viewer.actor, "request.merge", compound),
  };
}

/** The merge form of a report: the compound's other open requests (404 if unseen, 403 unless a coordinator). */
export async function mergePage(viewer: Viewer, id: number) {
  const db = getDb();
  const { row: r } = await loadVisibleRequest(db, viewer.actor, id);
  if (!can(viewer.actor, "request.merge", { path: r.compound_path, kind: "compound" })) fail(403, "error.forbidden");
  return { r: { id: r.id, title: r.title, source: r.source, mergedInto: r.merged_into, state: r.state }, targets: await mergeTargets(db, r.compound_id, r.id) };
}
