// Helpers for the service-request tests: the demo resolution, a tiny real PNG, and a request made from it.
import { getDb } from "~/db.server";
import type { Subcategory } from "~/domain/request-kinds";
import { createRequest } from "~/features/requests/commands.server";
import { actorOf } from "./services";

/** A 1×1 PNG, byte for byte. */
export const PNG_1PX = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

export async function demoResolution() {
  return getDb().selectFrom("resolutions").select(["id", "proposal_id", "compound_id"]).orderBy("id").executeTakeFirstOrThrow();
}

export async function newRequest(subcategory: Subcategory, at: Date, title = `测试项目 ${subcategory}`) {
  const res = await demoResolution();
  return (
    await createRequest(await actorOf("coordinator"), { resolutionId: res.id, title, body: "说明", subcategory, budgetFen: 100_000, funding: "micro_fund" }, at)
  ).id;
}

export async function requestRow(id: number) {
  return getDb().selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export async function movesOf(id: number) {
  return getDb().selectFrom("request_moves").selectAll().where("request_id", "=", id).orderBy("id").execute();
}
