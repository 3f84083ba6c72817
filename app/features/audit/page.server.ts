// The audit log page, a page of entries at a time, newest first.
import { getDb } from "~/db.server";
import { listAudit } from "~/features/audit/queries.server";

export const AUDIT_PAGE = 50;

/** The entries older than `beforeId` (the newest when none), and the id the next page starts before. */
export async function auditPage(beforeId: number | undefined) {
  const entries = await listAudit(getDb(), { beforeId, limit: AUDIT_PAGE });
  return { entries, next: entries.length === AUDIT_PAGE ? entries[entries.length - 1].id : null };
}
