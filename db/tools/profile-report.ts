// What a V8 CPU profile of the server shows (issue 18): the costs by package or file of the app and by function,
// each as a share of the samples, self time (where the CPU was) and, for functions, inclusive time (what ran
// under them). `npm run bench -- --profile DIR` writes the server's profile there and prints this at the end;
// `npx tsx db/tools/profile-report.ts FILE.cpuprofile [N]` prints it for any profile.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT_URL = pathToFileURL(path.resolve(import.meta.dirname, "../..")).href + "/";

/** A function's name and place, short: `name file:line`, node_modules shortened to `nm:`. */
function functionOf(f: CallFrame): string {
  const where = f.url.replace(/^.*node_modules\//, "nm:").replace(ROOT_URL, "");
  return `${f.functionName || "(anonymous)"} ${where}${f.url ? `:${f.lineNumber + 1}` : ""}`;
}

/** The package (node_modules), the app's file, the Node.js module, or V8's own entries ((garbage collector)). */
function packageOf(f: CallFrame): string {
  if (!f.url) return f.functionName;
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f.url);
  if (pkg) return pkg[1];
  return f.url.replace(ROOT_URL, "");
}

export function profileReport(file: string, top = 15): string[] {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
    total += dt;
  });
  const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
  const byPackage = new Map<string, number>();
  const bySelf = new Map<string, number>();
  const byInclusive = new Map<string, number>();
  for (const [id, t] of selfTime) {
    const frame = byId.get(id)!.callFrame;
    add(byPackage, packageOf(frame), t);
    add(bySelf, functionOf(frame), t);
    // Each function once per sample, however deep it recurses.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = functionOf(byId.get(cur)!.callFrame);
      if (k.startsWith("(root)") || seen.has(k)) continue;
      seen.add(k);
      add(byInclusive, k, t);
    }
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
  return [
    `CPU profile ${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled`,
    "by package or file (self):",
    ...list(byPackage),
    "by function (self):",
    ...list(bySelf),
    "by function (inclusive):",
    ...list(byInclusive),
  ];
}

/** The newest profile in a folder. */
export function newestProfile(dir: string): string | null {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return files[0] ?? null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: npx tsx db/tools/profile-report.ts FILE.cpuprofile [N]");
    process.exit(2);
  }
  console.log(profileReport(file, Number(top ?? 15)).join("\n"));
}
