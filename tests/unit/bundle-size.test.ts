// The proposal page ships at most 100 KB of gzipped JavaScript: the manifest, the entry, the root and the
// page's own module with every chunk they import, as the browser fetches them (the build of global setup).
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const PUBLIC = path.resolve(__dirname, "../../public");

interface Manifest {
  url?: string;
  entry: { module: string; imports: string[] };
  routes: Record<string, { module: string; imports?: string[] }>;
}

export function pageJavaScript(routeId: string) {
  const dir = path.join(PUBLIC, "build");
  const manifestFile = fs.readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f))!;
  const text = fs.readFileSync(path.join(dir, manifestFile), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
  const files = new Set<string>([`/build/${manifestFile}`, manifest.entry.module, ...manifest.entry.imports]);
  for (const id of ["root", routeId]) {
    const r = manifest.routes[id];
    files.add(r.module);
    for (const i of r.imports ?? []) files.add(i);
  }
  let gz = 0;
  for (const f of files) gz += gzipSync(fs.readFileSync(path.join(PUBLIC, f)), { level: 9 }).length;
  return { files: files.size, gzipKb: Math.round((gz / 1024) * 10) / 10 };
}

describe("JavaScript a phone downloads", () => {
  it("the proposal page: at most 100 KB gzipped", () => {
    const js = pageJavaScript("routes/proposals.$id._index");
    console.log(`proposal page: ${js.files} files, ${js.gzipKb} KB gzipped`);
    expect(js.gzipKb).toBeLessThanOrEqual(100);
  });
});
