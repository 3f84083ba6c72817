// Who a signed-in person is: their roles and verified residencies, each with the path of its place. Read on
// every request, so the request's read runs as prepared statements in one hold of the connection (db/prepared.ts).
import type { DB } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import { type RowOf, all, onConnection, one, prepared, run } from "../../../db/prepared";

const grantsOf = (db: DB, userId: number) =>
  db
    .selectFrom("role_grants as g")
    .leftJoin("places as p", "p.id", "g.place_id")
    .select(["g.role", "p.path", "g.department_id"])
    .where("g.user_id", "=", userId)
    .where("g.revoked_at", "is", null)
    .orderBy("g.id");
const residenciesOf = (db: DB, userId: number) =>
  db
    .selectFrom("residencies as r")
    .innerJoin("places as c", "c.id", "r.compound_id")
    .select(["r.compound_id", "r.dwelling_id", "r.relation", "c.path"])
    .where("r.user_id", "=", userId)
    .where("r.status", "=", "verified")
    .orderBy("r.id");
type Grant = Awaited<ReturnType<ReturnType<typeof grantsOf>["execute"]>>[number];
type Residency = Awaited<ReturnType<ReturnType<typeof residenciesOf>["execute"]>>[number];

function actorFrom(userId: number, grants: Grant[], residencies: Residency[]): Actor {
  return {
    userId,
    grants: grants.map((g) => ({ role: g.role, placePath: g.path, departmentId: g.department_id })),
    residencies: residencies.map((r) => ({ compoundId: r.compound_id, compoundPath: r.path, dwellingId: r.dwelling_id, relation: r.relation })),
  };
}

/** What the permission module needs to know about a person. */
export async function loadActor(db: DB, userId: number): Promise<Actor> {
  const [grants, residencies] = await Promise.all([grantsOf(db, userId).execute(), residenciesOf(db, userId).execute()]);
  return actorFrom(userId, grants, residencies);
}

const grantsNow = prepared(grantsOf);
const residenciesNow = prepared(residenciesOf);
const sessionById = prepared((db, id: string) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .leftJoin("users as r", "r.id", "sessions.on_behalf_of")
    .select([
      "sessions.on_behalf_of",
      "sessions.on_behalf_until",
      "r.name as behalf_name",
      "r.phone as behalf_phone",
      "r.locale as behalf_locale",
      "r.large_text as behalf_large_text",
      "sessions.id",
      "sessions.expires_at",
      "sessions.last_seen_at",
      "users.id as user_id",
      "users.phone",
      "users.name",
      "users.locale",
      "users.large_text",
    ])
    .where("sessions.id", "=", id),
);
const deleteSessionNow = prepared((db, id: string) => db.deleteFrom("sessions").where("id", "=", id));
const touchSession = prepared((db, id: string, expiresAt: string, seenAt: string) =>
  db.updateTable("sessions").set({ expires_at: expiresAt, last_seen_at: seenAt }).where("id", "=", id),
);

export type SessionRow = NonNullable<RowOf<typeof sessionById>>;
/** What becomes of a found session: null deletes it (expired); a `touch` writes its expiry and "last seen". */
export type SessionFate<F> = (row: SessionRow) => (F & { touch: { expiresAt: string; seenAt: string } | null; actAs?: number | null }) | null;

/**
 * The session of an id and its person's roles, in one hold of the connection as prepared statements (the
 * read every signed-in request makes). `fate` (the session rules, app/auth/session.server.ts) decides whether
 * the session is expired (deleted here) or to be renewed or marked seen (written here).
 */
export function sessionWithActor<F>(db: DB, id: string, fate: SessionFate<F>) {
  return onConnection(db, function* () {
    const row = yield* one(sessionById, id);
    if (!row) return null;
    const decided = fate(row);
    if (!decided) {
      yield* run(deleteSessionNow, id);
      return null;
    }
    if (decided.touch) yield* run(touchSession, id, decided.touch.expiresAt, decided.touch.seenAt);
    // Acting on behalf (代办): the resident's residencies and none of anyone's roles, in the same reads.
    const actAs = decided.actAs ?? null;
    const actor = actAs
      ? actorFrom(actAs, [], yield* all(residenciesNow, actAs))
      : actorFrom(row.user_id, yield* all(grantsNow, row.user_id), yield* all(residenciesNow, row.user_id));
    return { row, fate: decided, actor };
  });
}
