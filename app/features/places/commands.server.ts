import type { PlaceKind } from "../../../db/schema";
import { transaction } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import { childKind, mayHoldDepartments } from "~/domain/places";
import { appendAudit } from "~/features/audit/queries.server";
import { findChildByName, findDepartmentByName, getPlace, insertDepartment, insertPlace } from "~/features/places/queries.server";
import { actorId, authorize, fail } from "~/features/errors";

/** Adds a place under a parent (its kind follows from the parent's), or a city at the top. */
export async function addPlace(actor: Actor, input: { parentId: number | null; name: string }, now: Date) {
  return transaction(async (trx) => {
    let kind: PlaceKind = "city";
    const parent = input.parentId === null ? null : await getPlace(trx, input.parentId);
    if (input.parentId !== null) {
      if (!parent) fail(404, "error.notFound");
      authorize(actor, "place.create", parent);
      const k = childKind(parent.kind);
      if (!k) fail(400, "error.badRequest");
      kind = k;
    } else if (!actor.grants.some((g) => g.role === "admin")) {
      fail(403, "error.forbidden");
    }
    if (await findChildByName(trx, parent?.id ?? null, input.name)) fail(409, "places.duplicate", undefined, "name");
    const at = now.toISOString();
    const { id, path } = await insertPlace(trx, { kind, name: input.name, parent: parent ?? null, at });
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "place.add",
      entityType: "place",
      entityId: id,
      placeId: id,
      data: { kind, name: input.name },
      at,
    });
    return { id, kind, path };
  });
}

export async function addDepartment(actor: Actor, input: { placeId: number; name: string }, now: Date) {
  return transaction(async (trx) => {
    const place = await getPlace(trx, input.placeId);
    if (!place) fail(404, "error.notFound");
    authorize(actor, "place.create", place);
    if (!mayHoldDepartments(place.kind)) fail(400, "error.badRequest");
    if (await findDepartmentByName(trx, place.id, input.name)) fail(409, "places.duplicate", undefined, "name");
    const at = now.toISOString();
    const id = await insertDepartment(trx, { placeId: place.id, name: input.name, at });
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "department.add",
      entityType: "department",
      entityId: id,
      placeId: place.id,
      data: { name: input.name },
      at,
    });
    return id;
  });
}
