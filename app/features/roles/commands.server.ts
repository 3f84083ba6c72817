import type { RoleName } from "../../../db/schema";
import { transaction } from "~/db.server";
import { type Actor, isAdmin, roleFitsPlace } from "~/domain/permissions";
import { appendAudit } from "~/features/audit/queries.server";
import { getDepartment, getPlace } from "~/features/places/queries.server";
import { findActiveGrant, getGrant, insertGrant, markRevoked } from "~/features/roles/queries.server";
import { findUserByPhone } from "~/features/accounts/queries.server";
import { invalidateOtherSessions } from "~/features/accounts/session-queries.server";
import { actorId, fail } from "~/features/errors";

export async function grantRole(actor: Actor, input: { phone: string; role: RoleName; placeId: number | null; departmentId: number | null }, now: Date) {
  if (!isAdmin(actor)) fail(403, "error.forbidden");
  return transaction(async (trx) => {
    const user = await findUserByPhone(trx, input.phone);
    if (!user) fail(404, "roles.noUser", undefined, "phone");
    let placeId = input.placeId;
    let departmentId: number | null = null;
    if (input.role === "department_staff") {
      const dep = input.departmentId === null ? null : await getDepartment(trx, input.departmentId);
      if (!dep) fail(400, "roles.needDepartment", undefined, "department");
      if (placeId !== null && placeId !== dep.place_id) fail(400, "roles.badPlace", undefined, "role");
      placeId = dep.place_id;
      departmentId = dep.id;
    }
    const place = placeId === null ? null : await getPlace(trx, placeId);
    if (placeId !== null && !place) fail(404, "error.notFound");
    if (!roleFitsPlace(input.role, place?.kind ?? null)) fail(400, "roles.badPlace", undefined, "role");
    if (await findActiveGrant(trx, { userId: user.id, role: input.role, placeId, departmentId })) fail(409, "roles.duplicate");
    const at = now.toISOString();
    const id = await insertGrant(trx, { userId: user.id, role: input.role, placeId, departmentId, grantedBy: actorId(actor), at });
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "role.grant",
      entityType: "role_grant",
      entityId: id,
      placeId,
      data: { userId: user.id, role: input.role, departmentId },
      at,
    });
    return { id, user };
  });
}

export async function revokeRole(actor: Actor, input: { grantId: number }, now: Date) {
  if (!isAdmin(actor)) fail(403, "error.forbidden");
  return transaction(async (trx) => {
    const grant = await getGrant(trx, input.grantId);
    if (!grant) fail(404, "error.notFound");
    if (grant.revoked_at) fail(409, "roles.alreadyRevoked");
    if (grant.role === "admin" && grant.user_id === actor.userId) fail(409, "roles.selfRevokeAdmin");
    const at = now.toISOString();
    await markRevoked(trx, grant.id, actorId(actor), at);
    // The sessions opened under the role end with it: the person signs in again as who they now are.
    await invalidateOtherSessions(trx, grant.user_id, null);
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "role.revoke",
      entityType: "role_grant",
      entityId: grant.id,
      placeId: grant.place_id,
      data: { userId: grant.user_id, role: grant.role },
      at,
    });
  });
}
