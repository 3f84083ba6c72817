// Issue 13 · 3: the layers a newcomer can rely on, checked on the source.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths";

const importsOf = (file: string) => [...fs.readFileSync(file, "utf8").matchAll(/^\s*import\s[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => m[1]);
const tsFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

describe("issue 13 · 3: migrations stand alone", () => {
  it("a migration imports nothing from app/ (it must run the same however the app changes)", () => {
    const offending = tsFiles(path.join(ROOT, "db/migrations")).flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith("~/") || /(^|\/)app\//.test(i))
        .map((i) => `${path.relative(ROOT, f)} → ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it("only the migration runners import migrations (the tests of migrations aside)", () => {
    const runners = new Set(["db/connect.ts", "db/tools/backup.ts", "db/tools/backup-pg.ts"]);
    const files = [...tsFiles(path.join(ROOT, "db")), ...tsFiles(path.join(ROOT, "app"))].filter((f) => !f.includes(`${path.sep}migrations${path.sep}`));
    const offending = files
      .filter((f) => !runners.has(path.relative(ROOT, f)))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => /migrations\//.test(i))
          .map((i) => `${path.relative(ROOT, f)} → ${i}`),
      );
    expect(offending).toEqual([]);
  });
});
