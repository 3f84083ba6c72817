// Who may see a request and in which role a person acts on it: shared by the commands (inside their
// transaction) and the page functions (on the process's database), so both decide alike.
import type { MoveActorRole, RequestLevel, RoleName } from "../../../db/schema";
import type { DB } from "~/db.server";
import { type Actor, type RequestTarget, can, canHandleRequest, canViewRequest } from "~/domain/permissions";
import { RATING_DAYS } from "~/domain/request-kinds";
import { fail } from "~/features/errors";
import { type RequestRow, departmentsEver, getRequest } from "~/features/requests/request-queries.server";

function targetOf(r: RequestRow, ever: number[]): RequestTarget {
  return { level: r.level, officePath: r.office_path, departmentId: r.department_id, compoundPath: r.compound_path, departmentsEver: ever };
}

/** Any request with what the permission module needs about it, or a 404 (the clock sees every request). */
export async function loadAnyRequest(db: DB, id: number) {
  const r = await getRequest(db, id);
  if (!r) fail(404, "error.notFound");
  return { row: r, target: targetOf(r, await departmentsEver(db, id)) };
}

/** The request as this actor may see it, or a 404 (another compound's id finds nothing). */
export async function loadVisibleRequest(db: DB, actor: Actor, id: number) {
  const found = await loadAnyRequest(db, id);
  if (!canViewRequest(actor, found.target)) fail(404, "error.notFound");
  return found;
}

/** The same person without an administrator's powers: which role of their own they act in. */
const withoutAdmin = (actor: Actor): Actor => ({ ...actor, grants: actor.grants.filter((g) => g.role !== "admin") });

const LEVEL_ROLE: Record<RequestLevel, RoleName> = {
  compound: "coordinator",
  community: "community_staff",
  street: "street_staff",
  department: "department_staff",
};

/** The role the actor acts in at a level: their own office's, or an administrator's. */
export function roleAt(actor: Actor, target: RequestTarget): RoleName {
  return canHandleRequest(withoutAdmin(actor), target) ? LEVEL_ROLE[target.level] : "admin";
}

/** The role a reopen is made in: the compound's coordinator, or an administrator. */
export function reopenRole(actor: Actor, compoundPath: string): MoveActorRole {
  return can(withoutAdmin(actor), "request.reopen", { path: compoundPath, kind: "compound" }) ? "coordinator" : "admin";
}

const DAY_MS = 86_400_000;

/** Residents may rate (and the coordinator reopen) a completed request for RATING_DAYS after its completion. */
export function ratingWindowOpen(r: { state: string; completed_at: string | null }, now: Date): boolean {
  return r.state === "completed" && r.completed_at !== null && now.getTime() <= Date.parse(r.completed_at) + RATING_DAYS * DAY_MS;
}
