// A change of the tokenizer reaches documents indexed before it: the first server to start indexes them again.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { refreshSearchTokens } from "~/features/proposals/search-commands.server";
import { searchCompound } from "~/features/proposals/search-queries.server";
import { readSetting, writeSetting } from "~/features/shared-state/queries.server";
import { SEARCH_TOKENS_VERSION } from "~/domain/search-text";

describe("search tokens version", () => {
  it("re-indexes every document once when the tokens changed, and finds 电梯 after a building number", async () => {
    const db = getDb();
    const p = await db.selectFrom("proposals").select(["id", "compound_id", "title"]).where("state", "=", "published").orderBy("id").executeTakeFirstOrThrow();
    await db.updateTable("proposals").set({ body_md: "3号楼电梯坏了三天。" }).where("id", "=", p.id).execute();
    // As the old tokenizer wrote it: the number swallowed the Chinese after it.
    await sql`update search_index set text = ${`c${p.compound_id}x3号楼电梯坏了三天`} where doc_type = 'proposal' and doc_id = ${p.id}`.execute(db);
    await writeSetting(db, "search_tokens", "1");
    const before = await searchCompound(db, p.compound_id, "坏了");
    expect(before.map((r) => r.id)).not.toContain(p.id);

    const redone = await refreshSearchTokens();
    expect(redone).toBeGreaterThan(1);
    expect(await readSetting(db, "search_tokens")).toBe(SEARCH_TOKENS_VERSION);
    expect((await searchCompound(db, p.compound_id, "坏了")).map((r) => r.id)).toContain(p.id);
    expect((await searchCompound(db, p.compound_id, "电梯")).map((r) => r.id)).toContain(p.id);
    // Once is enough.
    expect(await refreshSearchTokens()).toBe(0);
  });
});
