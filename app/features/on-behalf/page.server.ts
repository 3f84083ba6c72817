// Acting on behalf (代办): the data of its pages and of the banner every page shows.
import { getDb } from "~/db.server";
import { behalfMinutesLeft, type OnBehalf } from "~/domain/on-behalf";
import { actsForResident } from "./queries.server";

/** The banner's data: whom the session acts for and the minutes left; null when it acts for no one. */
export function behalfBanner(viewer: { user: { name: string }; onBehalf: OnBehalf | null } | null, at: Date) {
  if (!viewer?.onBehalf) return null;
  return { name: viewer.user.name, minutes: behalfMinutesLeft(viewer.onBehalf.until, at) };
}

/** What others did for this person, newest first. */
export async function behalfActsPage(userId: number) {
  const rows = await actsForResident(getDb(), userId);
  return rows.map((r) => ({ id: r.id, at: r.at, action: r.action, helper: r.helper, entityType: r.entity_type, entityId: r.entity_id }));
}
