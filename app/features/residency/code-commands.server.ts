// Household codes: one unused code per dwelling, printable as slips.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Actor } from "~/domain/permissions";
import { codeFromBytes } from "~/domain/household-code";
import { appendAudit } from "~/features/audit/queries.server";
import { getPlace } from "~/features/places/queries.server";
import { actorId, authorize, fail } from "~/features/errors";

type Db = Kysely<Database>;

export async function generateCodes(db: Db, actor: Actor, input: { compoundId: number; mode: "missing" | "all" }, now: Date) {
  return db.transaction().execute(async (trx) => {
    const compound = await getPlace(trx, input.compoundId);
    if (!compound || compound.kind !== "compound") fail(404, "error.notFound");
    authorize(actor, "codes.manage", compound);
    const at = now.toISOString();
    const dwellings = await trx.selectFrom("dwellings").select("id").where("compound_id", "=", compound.id).execute();
    const unused = await trx
      .selectFrom("household_codes as h")
      .innerJoin("dwellings as d", "d.id", "h.dwelling_id")
      .select(["h.id", "h.dwelling_id"])
      .where("d.compound_id", "=", compound.id)
      .where("h.used_at", "is", null)
      .where("h.revoked_at", "is", null)
      .execute();
    const hasCode = new Set(unused.map((u) => u.dwelling_id));
    if (input.mode === "all" && unused.length > 0) {
      await trx
        .updateTable("household_codes")
        .set({ revoked_at: at })
        .where("id", "in", unused.map((u) => u.id))
        .execute();
      hasCode.clear();
    }
    const targets = dwellings.filter((d) => !hasCode.has(d.id));
    for (const d of targets) {
      // 32^8 codes: a collision is rare; the unique key catches it and we draw again.
      for (let attempt = 0; ; attempt++) {
        const code = codeFromBytes(randomBytes(8));
        const clash = await trx.selectFrom("household_codes").select("id").where("code", "=", code).executeTakeFirst();
        if (clash && attempt < 5) continue;
        await trx.insertInto("household_codes").values({ dwelling_id: d.id, code, created_by: actorId(actor), created_at: at }).execute();
        break;
      }
    }
    await appendAudit(trx, {
      actorId: actorId(actor),
      action: "codes.generate",
      entityType: "place",
      entityId: compound.id,
      placeId: compound.id,
      data: { mode: input.mode, count: targets.length, revoked: input.mode === "all" ? unused.length : 0 },
      at,
    });
    return targets.length;
  });
}
