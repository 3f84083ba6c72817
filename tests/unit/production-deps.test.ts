// Issue 13 · 6: a production deployment runs `npm run build`, then `npm prune --omit=dev` (or `npm ci --omit=dev`
// on a built tree), then `npm run serve`. The server (app/server.mjs) and the built app import, at run time, every
// package the app's code imports by value: Remix's compiler bundles the app's own files (app/, and what they import
// from db/) but leaves packages external. So each of those packages must be a dependency, not a devDependency.
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// `import … from "x"`, `export … from "x"`, `import "x"`; a statement that imports only types is left out.
const STATEMENT = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gms;

/** The modules a file imports by value (bare names and paths as written). */
function valueImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(STATEMENT)) {
    if (m[5]) {
      found.push(m[5]);
      continue;
    }
    if (m[2]) continue; // import type / export type
    const names = m[3].match(/^\{([^}]*)\}$/s);
    if (
      names &&
      names[1]
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith("type "))
    )
      continue;
    found.push(m[4]);
  }
  return found;
}

/** The file a relative or ~/ specifier names, or null for a package. */
function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith("~/") ? path.join(ROOT, "app", spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, `${base}.js`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${spec}`);
}

const packageOf = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
const isBuiltin = (spec: string) => spec.startsWith("node:") || builtinModules.includes(spec.split("/")[0]);

function appEntries(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? appEntries(path.join(dir, e.name)) : /\.(tsx?|mjs)$/.test(e.name) && !/\.test\./.test(e.name) ? [path.join(dir, e.name)] : [],
    );
}

/** Every package imported by value from app/ (server and browser code) and from what it reaches in db/. */
function runtimePackages(): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>(); // package → first file importing it
  const queue = appEntries(path.join(ROOT, "app"));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(file)) {
      const local = resolveLocal(file, spec);
      if (local) queue.push(local);
      else if (!isBuiltin(spec) && !packages.has(packageOf(spec))) packages.set(packageOf(spec), path.relative(ROOT, file));
    }
  }
  return packages;
}

describe("issue 13 · 6: a production start needs no dev dependency", () => {
  it("every package the server and the built app import at run time is in dependencies", () => {
    const packages = runtimePackages();
    expect(packages.size).toBeGreaterThan(5); // the scan sees the app (react, @remix-run/*, kysely, …)
    const misplaced = [...packages].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (imported by ${file})`);
    expect(misplaced).toEqual([]);
  });

  it("npm run serve starts the built server without building (the build tool is a devDependency)", () => {
    const scripts = (pkg as unknown as { scripts: Record<string, string> }).scripts;
    expect(scripts.serve).toMatch(/node .*app\/server\.mjs/);
    expect(scripts.serve).not.toMatch(/remix/);
    expect(scripts.start).toContain("remix build");
  });
});
