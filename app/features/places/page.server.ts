// What the places pages show: where each person starts browsing, and one place with what they may do there.
import type { Place } from "../../../db/schema";
import type { Viewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type Actor, ROLES, ROLE_PLACE_KINDS, can, isAdmin } from "~/domain/permissions";
import { phoneFor } from "~/domain/phone";
import { childKind, mayHoldDepartments, pathIds } from "~/domain/places";
import { dwellingsOfBuilding } from "~/features/places/dwelling-queries.server";
import { ancestorsOf, getPlace, listChildren, listDepartments, listRoots, placesByIds } from "~/features/places/queries.server";
import { listActiveGrants } from "~/features/roles/queries.server";

const brief = (p: Pick<Place, "id" | "name" | "kind">) => ({ id: p.id, name: p.name, kind: p.kind });

/** Where each person starts browsing: the top for administrators, the places of their roles for others. */
export async function placesIndexPage(actor: Actor) {
  const db = getDb();
  if (isAdmin(actor)) return { places: (await listRoots(db)).map(brief) };
  const ids = new Set<number>();
  for (const g of actor.grants) if (g.placePath) ids.add(pathIds(g.placePath).at(-1) as number);
  for (const r of actor.residencies) ids.add(r.compoundId);
  const rows = await placesByIds(db, [...ids]);
  return { places: rows.filter((p) => can(actor, "place.view", p)).map(brief) };
}

/** One place: the way up, its children, departments, dwellings (of a building) and roles, as the viewer may see them. */
export async function placePage(viewer: Pick<Viewer, "user" | "actor">, place: Place) {
  const db = getDb();
  const a = viewer.actor;
  const admin = can(a, "role.grant", place);
  const [ancestors, children, departments, dwellings, grants] = await Promise.all([
    ancestorsOf(db, place),
    listChildren(db, place.id),
    mayHoldDepartments(place.kind) ? listDepartments(db, place.id) : Promise.resolve([]),
    place.kind === "building" && can(a, "building.dwellings", place) ? dwellingsOfBuilding(db, place.id) : Promise.resolve(null),
    admin ? listActiveGrants(db, { placeId: place.id }) : Promise.resolve([]),
  ]);
  const me = { userId: viewer.user.id, isAdmin: admin };
  return {
    place: brief(place),
    crumbs: ancestors.filter((p) => can(a, "place.view", p)).map(brief),
    children: children.map(brief),
    childKind: childKind(place.kind),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    dwellings,
    grants: grants.map((g) => ({ ...g, phone: phoneFor(me, g.user_id, g.phone) })),
    grantableRoles: ROLES.filter((r) => ROLE_PLACE_KINDS[r].includes(place.kind)),
    may: { create: can(a, "place.create", place), grant: admin, roster: place.kind === "compound" && can(a, "roster.import", place) },
  };
}

/** The place a guard checks (requirePlace in app/auth/guards.server.ts), read here so auth holds no database. */
export function placeById(id: number) {
  return getPlace(getDb(), id);
}
