// What the residency pages show: the claim form's steps, the claims to review, a compound's residents and codes.
import type { Place } from "../../../db/schema";
import type { Viewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatCode } from "~/domain/household-code";
import { isAdmin, scopePaths } from "~/domain/permissions";
import { phoneFor } from "~/domain/phone";
import { ownersOfDwellings } from "~/features/places/dwelling-queries.server";
import { buildingsOf, getPlace, searchCompounds } from "~/features/places/queries.server";
import { unusedCodes } from "~/features/residency/code-queries.server";
import { pendingClaims, verifiedResidentsOf } from "~/features/residency/queries.server";

type PageViewer = Pick<Viewer, "user" | "actor">;

/** The claim form: compounds whose name holds `q`, or, once a compound is picked, its buildings. */
export async function claimPage(search: { q: string; compound: number | null }) {
  const db = getDb();
  const compound = search.compound === null ? undefined : await getPlace(db, search.compound);
  if (compound && compound.kind === "compound") {
    const buildings = await buildingsOf(db, compound.id);
    return { q: search.q, compound: { id: compound.id, name: compound.name }, buildings: buildings.map((b) => b.name), matches: [] };
  }
  const matches = search.q ? await searchCompounds(db, search.q) : [];
  return { q: search.q, compound: null, buildings: [], matches };
}

/** The pending claims in the compounds this person reviews, each telling whether the claimant is on the roster. */
export async function reviewPage(viewer: PageViewer) {
  const db = getDb();
  const claims = await pendingClaims(db, scopePaths(viewer.actor, "residency.review"));
  const owners = await ownersOfDwellings(
    db,
    claims.map((c) => c.dwelling_id),
  );
  const me = { userId: viewer.user.id, isAdmin: isAdmin(viewer.actor) };
  return {
    claims: claims.map((c) => ({
      id: c.id,
      name: c.name,
      phone: phoneFor(me, c.user_id, c.phone),
      compound: c.compound,
      building: c.building,
      unit: c.unit,
      room: c.room,
      relation: c.relation,
      note: c.note,
      createdAt: c.created_at,
      onRoster: owners.some((o) => o.dwelling_id === c.dwelling_id && o.phone === c.phone),
    })),
  };
}

export async function residentsPage(viewer: PageViewer, compound: Place) {
  const rows = await verifiedResidentsOf(getDb(), compound.id);
  const me = { userId: viewer.user.id, isAdmin: isAdmin(viewer.actor) };
  return {
    compound: { id: compound.id, name: compound.name },
    residents: rows.map((r) => ({ ...r, phone: phoneFor(me, r.user_id, r.phone) })),
  };
}

/** A compound's unused household codes, formatted for reading aloud and printing. */
export async function codesPage(compound: Place) {
  const codes = await unusedCodes(getDb(), compound.id);
  return { compound: { id: compound.id, name: compound.name }, codes: codes.map((c) => ({ ...c, code: formatCode(c.code) })) };
}
