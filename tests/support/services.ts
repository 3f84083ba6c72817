import { getDb } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { AppError } from "~/features/errors";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";

export async function userId(key: keyof typeof DEMO_ACCOUNTS): Promise<number> {
  const u = await getDb().selectFrom("users").select("id").where("phone", "=", DEMO_ACCOUNTS[key].phone).executeTakeFirstOrThrow();
  return u.id;
}

export async function actorOf(key: keyof typeof DEMO_ACCOUNTS): Promise<Actor> {
  return loadActor(getDb(), await userId(key));
}

/** The refusal a service threw: status and message key. Fails if it did not refuse. */
export async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, key: e.msg.key, field: e.field };
    throw e;
  }
  throw new Error("expected a refusal");
}
