// What the thread pages show beside the proposal page: the compound's queue of reports.
import { getDb } from "~/db.server";
import { openReports } from "~/features/threads/report-queries.server";

/** Open reports of a compound, for its coordinators; hiding happens on the proposal page. */
export async function reportQueue(compound: { id: number; name: string }) {
  return { compound: compound.name, reports: await openReports(getDb(), compound.id) };
}
