import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

import { actingHelper } from "./acting.server";

type Db = Kysely<Database>;

export interface AuditInput {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  placeId?: number | null;
  reason?: string | null;
  data?: Record<string, unknown>;
  at: string;
  /** Acting on behalf: the helper (default: the one acting now, see acting.server.ts). */
  actedBy?: number | null;
}

/** The audit_log row of an entry: one definition for appendAudit and the group commit's own insert. */
export const auditRow = (e: AuditInput) => ({
  at: e.at,
  actor_id: e.actorId,
  action: e.action,
  entity_type: e.entityType,
  entity_id: e.entityId,
  place_id: e.placeId ?? null,
  reason: e.reason ?? null,
  data: e.data ? JSON.stringify(e.data) : null,
  acted_by: e.actedBy ?? actingHelper(),
});

/** Appends one entry. Call it with the transaction that makes the change it records. */
export async function appendAudit(db: Db, e: AuditInput) {
  await db.insertInto("audit_log").values(auditRow(e)).execute();
}

/**
 * The audit log, newest first by time (then id: entries are not always written in time order — a vote closed
 * by the job records the closing instant, say). Older pages follow the entry `beforeId` (keyset on time, id).
 */
export async function listAudit(db: Db, opts: { beforeId?: number; limit: number }) {
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .leftJoin("places as p", "p.id", "a.place_id")
    .leftJoin("users as h", "h.id", "a.acted_by")
    .select(["a.id", "a.at", "a.action", "a.entity_type", "a.entity_id", "a.reason", "a.data", "u.name as actor", "p.name as place", "h.name as actedBy"])
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(opts.limit);
  if (opts.beforeId) {
    const before = await db.selectFrom("audit_log").select(["at", "id"]).where("id", "=", opts.beforeId).executeTakeFirst();
    if (!before) return [];
    q = q.where((eb) => eb(eb.refTuple("a.at", "a.id"), "<", eb.tuple(before.at, before.id)));
  }
  return q.execute();
}
