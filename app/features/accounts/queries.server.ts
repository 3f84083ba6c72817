import type { DB as Db } from "~/db.server";

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

/** Elderly mode (large text) on or off, remembered on the account. */
export async function setLargeText(db: Db, userId: number, on: boolean) {
  await db
    .updateTable("users")
    .set({ large_text: on ? 1 : 0 })
    .where("id", "=", userId)
    .execute();
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

/** Sign-in failures of a number since an instant: from one source, and from every source but known devices. */
export async function signInFailures(db: Db, phone: string, source: string, sinceIso: string, ceiling: number) {
  const fromSource = await db
    .selectFrom("sign_in_failures")
    .select("at")
    .where("phone", "=", phone)
    .where("source", "=", source)
    .where("at", ">", sinceIso)
    .orderBy("at", "desc")
    .limit(10)
    .execute();
  const fromStrangers = await db
    .selectFrom("sign_in_failures")
    .select("at")
    .where("phone", "=", phone)
    .where("at", ">", sinceIso)
    .where((eb) => eb.or([eb("source", "is", null), eb("source", "not like", "device:%")]))
    .orderBy("at", "desc")
    .limit(ceiling + 5)
    .execute();
  return { source: fromSource.map((r) => Date.parse(r.at)), strangers: fromStrangers.map((r) => Date.parse(r.at)) };
}

export async function recordSignInFailure(db: Db, phone: string, source: string, at: string) {
  const { id } = await db.insertInto("sign_in_failures").values({ phone, at, source }).returning("id").executeTakeFirstOrThrow();
  return id;
}

/** A success forgets the failures from where it came, not a stranger's elsewhere. */
export async function clearSignInFailures(db: Db, phone: string, source: string) {
  await db.deleteFrom("sign_in_failures").where("phone", "=", phone).where("source", "=", source).execute();
}

export function findKnownDevice(db: Db, tokenHash: string) {
  return db.selectFrom("known_devices").select(["id", "user_id"]).where("token_hash", "=", tokenHash).executeTakeFirst();
}

export async function addKnownDevice(db: Db, userId: number, tokenHash: string, at: string) {
  await db.insertInto("known_devices").values({ user_id: userId, token_hash: tokenHash, created_at: at, last_used_at: at }).execute();
}

export async function touchKnownDevice(db: Db, id: number, at: string) {
  await db.updateTable("known_devices").set({ last_used_at: at }).where("id", "=", id).execute();
}
