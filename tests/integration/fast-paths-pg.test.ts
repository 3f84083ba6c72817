// The fast paths on PostgreSQL (db/prepared.ts, db/group-commit.ts): statements prepared with Kysely compile
// for PostgreSQL ($1, $2…), and work generators run through the asynchronous runner. On a database of its own
// with one small table (the audit log's shape), so it needs no migrations.
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { openDatabase } from "../../db/connect";
import { groupCommit } from "../../db/group-commit";
import { all, isSyncPath, onConnection, one, prepared, run } from "../../db/prepared";
import { createPgDatabase, dropPgDatabase, onPg, pgServerUrl, uniqueDbName } from "../support/pg";

const insertNote = prepared((d, action: string, entityId: number | null) =>
  d
    .insertInto("audit_log")
    .values({ at: "2026-12-01T00:00:00.000Z", actor_id: null, action, entity_type: "test", entity_id: entityId, place_id: null, reason: null, data: null }),
);
const insertReturning = prepared((d, action: string) =>
  d
    .insertInto("audit_log")
    .values({ at: "2026-12-01T00:00:00.000Z", actor_id: null, action, entity_type: "test", entity_id: null, place_id: null, reason: null, data: null })
    .returning("id"),
);
const twice = prepared((d, a: string) =>
  d
    .selectFrom("audit_log")
    .select((eb) => eb.val(a).as("first"))
    .where("action", "=", a)
    .where("entity_type", "=", "test")
    .limit(1),
);
const notesOf = prepared((d, action: string) => d.selectFrom("audit_log").select(["action", "entity_id", "at"]).where("action", "=", action).orderBy("id"));
const renumber = prepared((d, action: string, entityId: number) => d.updateTable("audit_log").set({ entity_id: entityId }).where("action", "=", action));

describe.runIf(onPg)("fast paths on PostgreSQL", () => {
  let server = "";
  const name = uniqueDbName("fast");
  let db: Kysely<Database>;

  beforeAll(async () => {
    server = pgServerUrl();
    db = openDatabase(await createPgDatabase(server, name));
    await sql`create table audit_log (
      id bigint generated always as identity primary key, at timestamptz not null, actor_id bigint, action text not null,
      entity_type text not null, entity_id bigint, place_id bigint, reason text, data text)`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
    if (server) await dropPgDatabase(server, name);
  });

  it("runs prepared get, all and run, compiled for PostgreSQL, with the values the app sees", async () => {
    expect(isSyncPath(db)).toBe(false);
    expect(await onConnection(db, () => run(insertNote, "pg.a", 7))).toEqual({ changes: 1 });
    const read = await onConnection(db, function* () {
      yield* run(insertNote, "pg.a", null);
      return { first: yield* one(twice, "pg.a"), rows: yield* all(notesOf, "pg.a"), none: yield* one(twice, "pg.none") };
    });
    expect(read.first).toEqual({ first: "pg.a" });
    expect(read.none).toBeUndefined();
    // bigint → number, timestamptz → the ISO string SQLite stores.
    expect(read.rows).toEqual([
      { action: "pg.a", entity_id: 7, at: "2026-12-01T00:00:00.000Z" },
      { action: "pg.a", entity_id: null, at: "2026-12-01T00:00:00.000Z" },
    ]);
    expect(await onConnection(db, () => run(renumber, "pg.a", 9))).toEqual({ changes: 2 });
    const { id } = (await onConnection(db, () => one(insertReturning, "pg.returning")))!;
    expect(typeof id).toBe("number");
  });

  it("throws a failing statement into the work, and undoes a group write that fails after writing", async () => {
    const caught = await onConnection(db, function* () {
      try {
        yield* run(insertNote, null as unknown as string, null); // action is not null
        return "not thrown";
      } catch (error) {
        return String(error);
      }
    });
    expect(caught).toMatch(/null value/);

    const writes = await Promise.allSettled([
      groupCommit(db, function* () {
        yield* run(insertNote, "pg.kept", 1);
        return (yield* all(notesOf, "pg.kept")).length;
      }),
      groupCommit(db, function* () {
        yield* run(insertNote, "pg.undone", 1);
        throw new Error("refused after writing");
      }),
    ]);
    expect(writes.map((w) => w.status)).toEqual(["fulfilled", "rejected"]);
    expect((writes[0] as PromiseFulfilledResult<number>).value).toBe(1);
    const left = await db.selectFrom("audit_log").select("action").where("action", "in", ["pg.kept", "pg.undone"]).execute();
    expect(left.map((r) => r.action)).toEqual(["pg.kept"]);
  });

  it("runs work inside a transaction it is given", async () => {
    await db
      .transaction()
      .execute(async (trx) => {
        await groupCommit(trx, () => run(insertNote, "pg.in-trx", null));
        expect((await onConnection(trx, () => all(notesOf, "pg.in-trx"))).length).toBe(1);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await onConnection(db, () => all(notesOf, "pg.in-trx"))).toEqual([]);
  });
});
