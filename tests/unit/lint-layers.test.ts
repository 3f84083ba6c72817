// Issue 13 · 1: the layers are a lint rule (eslint.config.js), so a route that reaches the database fails `npm run lint`.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths";

const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: path.join(ROOT, "eslint.config.js") });

/** The rules a snippet breaks, linted as if it were the file at `file` (relative to the repository). */
async function broken(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

const LAYERS = "@typescript-eslint/no-restricted-imports";

describe("issue 13 · 1: the layers, as lint rules", () => {
  it("a route importing ~/db.server fails", async () => {
    expect(await broken("app/routes/x.tsx", `import { getDb } from "~/db.server";\nexport const loader = () => getDb();\n`)).toContain(LAYERS);
  });

  it("a route importing kysely or a value of db/* fails", async () => {
    expect(await broken("app/routes/x.tsx", `import { sql } from "kysely";\nexport const q = sql\`select 1\`;\n`)).toContain(LAYERS);
    expect(await broken("app/routes/x.tsx", `import { contains } from "../../db/like";\nexport const c = contains;\n`)).toContain(LAYERS);
    expect(await broken("app/routes/x.tsx", `import type { Kysely } from "kysely";\nexport type K = Kysely<never>;\n`)).toContain(LAYERS);
    expect(await broken("app/routes/x.tsx", `import { openDatabase } from "../../db/connect";\nexport const o = openDatabase;\n`)).toContain(LAYERS);
  });

  it("a route importing a queries module fails (also a <topic>-queries module)", async () => {
    expect(await broken("app/routes/x.tsx", `import { findProposal } from "~/features/proposals/queries.server";\nexport const f = findProposal;\n`)).toContain(
      LAYERS,
    );
    expect(await broken("app/routes/x.tsx", `import { search } from "~/features/proposals/search-queries.server";\nexport const f = search;\n`)).toContain(
      LAYERS,
    );
  });

  it("a route calling a feature's page function passes, and may import the schema's words as types", async () => {
    const code = `import type { Category } from "../../db/schema";\nimport { proposalPage } from "~/features/proposals/page.server";\nexport const c: Category | null = null;\nexport const loader = () => proposalPage(null, 1);\n`;
    expect(await broken("app/routes/x.tsx", code)).toEqual([]);
  });

  it("a component importing a .server module fails, even for a type", async () => {
    expect(await broken("app/components/x.tsx", `import { log } from "~/web/log.server";\nexport const l = log;\n`)).toContain(LAYERS);
    expect(await broken("app/components/x.tsx", `import type { ActionFailure } from "~/web/actions.server";\nexport type F = ActionFailure;\n`)).toContain(
      LAYERS,
    );
    expect(await broken("app/domain/x.ts", `import { now } from "../clock.server";\nexport const n = now;\n`)).toContain(LAYERS);
  });

  it("a command calling trx.selectFrom fails; the same in a queries file passes", async () => {
    const code = `import type { DB } from "~/db.server";\nexport const one = (trx: DB) => trx.selectFrom("users").selectAll().execute();\n`;
    expect(await broken("app/features/proposals/commands.server.ts", code)).toContain("no-restricted-syntax");
    expect(await broken("app/features/proposals/page.server.ts", code)).toContain("no-restricted-syntax");
    expect(await broken("app/features/proposals/queries.server.ts", code)).toEqual([]);
    expect(await broken("app/features/proposals/search-queries.server.ts", code)).toEqual([]);
  });

  it("a command may use transaction and getDb, and import types from kysely and db/, but not their values", async () => {
    const ok = `import type { Kysely } from "kysely";\nimport type { Database } from "../../../db/schema";\nimport { transaction } from "~/db.server";\nexport type K = Kysely<Database>;\nexport const run = () => transaction(async () => 1);\n`;
    expect(await broken("app/features/proposals/commands.server.ts", ok)).toEqual([]);
    expect(await broken("app/features/proposals/commands.server.ts", `import { sql } from "kysely";\nexport const q = sql\`select 1\`;\n`)).toContain(LAYERS);
    expect(await broken("app/features/votes/commands.server.ts", `import { castNow } from "../../../db/group-commit";\nexport const c = castNow;\n`)).toContain(
      LAYERS,
    );
    expect(await broken("app/features/votes/queries.server.ts", `import { sql } from "kysely";\nexport const q = sql\`select 1\`;\n`)).toEqual([]);
  });

  it("db/ (runtime) imports nothing from app/; the tests may reach everything", async () => {
    expect(await broken("db/connect.ts", `import { now } from "../app/clock.server";\nexport const n = now;\n`)).toContain(LAYERS);
    expect(
      await broken("tests/integration/x.test.ts", `import { sql } from "kysely";\nexport const q = (db: never) => sql\`select 1\`.execute(db);\n`),
    ).toEqual([]);
  });
  it("issue 13 · 6: a zod schema built at a route's top level fails (it would ship zod to every phone)", async () => {
    const top = `import { z } from "zod";\nconst search = z.object({ q: z.string() });\nexport const loader = () => search;\n`;
    expect(await broken("app/routes/x.tsx", top)).toContain("no-restricted-syntax");
    const lazy = `import { z } from "zod";\nconst search = () => z.object({ q: z.string() });\nexport const loader = () => search();\n`;
    expect(await broken("app/routes/x.tsx", lazy)).toEqual([]);
  });
});
