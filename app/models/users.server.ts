import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

type Db = Kysely<Database>;

export function findUserByPhone(db: Db, phone: string) {
  return db.selectFrom("users").selectAll().where("phone", "=", phone).executeTakeFirst();
}

export function getUser(db: Db, id: number) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertUser(db: Db, u: { phone: string; name: string; passwordHash: string; locale: string | null; at: string }) {
  const { id } = await db
    .insertInto("users")
    .values({ phone: u.phone, name: u.name, password_hash: u.passwordHash, locale: u.locale, created_at: u.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function setPasswordHash(db: Db, userId: number, hash: string) {
  await db.updateTable("users").set({ password_hash: hash }).where("id", "=", userId).execute();
}

export async function setLocale(db: Db, userId: number, locale: string) {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export function recentFailures(db: Db, phone: string, sinceIso: string) {
  return db
    .selectFrom("sign_in_failures")
    .select("at")
    .where("phone", "=", phone)
    .where("at", ">", sinceIso)
    .orderBy("at", "desc")
    .limit(10)
    .execute()
    .then((rows) => rows.map((r) => Date.parse(r.at)));
}

export async function recordFailure(db: Db, phone: string, at: string) {
  const { id } = await db.insertInto("sign_in_failures").values({ phone, at }).returning("id").executeTakeFirstOrThrow();
  return id;
}

export async function clearFailures(db: Db, phone: string) {
  await db.deleteFrom("sign_in_failures").where("phone", "=", phone).execute();
}
