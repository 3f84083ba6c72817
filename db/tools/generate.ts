// npm run db:generate -- --scale demo|street|district [--out FILE|postgres://…] [--now ISO]
// Writes a synthetic database through the real schema (see db/tools/generator.ts, docs/generator.md) and FILE.json beside it with
// the ids and accounts a benchmark needs. Prints the time taken and the size.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { isPostgresUrl } from "../engine";
import { SCALES, type Scale, generateDatabase } from "./generator";

const { values } = parseArgs({
  options: { scale: { type: "string", default: "demo" }, out: { type: "string" }, now: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(
    `npm run db:generate -- [--scale ${SCALES.join("|")}] [--out FILE] [--now ISO]\n  Writes a synthetic database (default data/generated-SCALE.db) and FILE.json beside it; see docs/generator.md.`,
  );
  process.exit(0);
}
const scale = values.scale as Scale;
if (!SCALES.includes(scale)) {
  console.error(`--scale must be one of ${SCALES.join(", ")}`);
  process.exit(2);
}
// --out may be a postgres:// URL: the rows are generated into SQLite and copied there; the sidecar goes to data/.
const toPg = isPostgresUrl(values.out ?? "");
const file = toPg ? values.out! : path.resolve(values.out ?? `data/generated-${scale}.db`);
const sidecarFile = toPg ? path.resolve(`data/generated-${scale}-pg.json`) : `${file}.json`;
fs.mkdirSync(path.dirname(sidecarFile), { recursive: true });
const now = values.now ? new Date(values.now) : undefined;
if (now && Number.isNaN(now.getTime())) {
  console.error("--now must be an ISO date");
  process.exit(2);
}

const bar = new cliProgress.SingleBar(
  { format: "{phase} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} elapsed, eta {eta_formatted}", etaBuffer: 50 },
  cliProgress.Presets.shades_classic,
);
let phase = "";
const t0 = performance.now();
const sidecar = await generateDatabase({
  file,
  scale,
  now,
  onProgress(done, total, p) {
    if (p !== phase) {
      if (phase) bar.stop();
      phase = p;
      bar.start(total, done, { phase: p === "rows" ? "dwellings" : "indexes  " });
    } else bar.update(done);
  },
});
bar.stop();
fs.writeFileSync(sidecarFile, `${JSON.stringify(sidecar, null, 2)}\n`);
const c = sidecar.counts;
console.log(
  [
    `${scale}: ${c.compounds} compounds, ${c.dwellings} dwellings, ${c.verifiedResidents} verified residents, ${c.proposals} proposals, ${c.comments} comments,`,
    `${c.closedVotes} closed and ${c.openVotes} open votes with ${c.ballot_casts} ballots, ${c.requests} requests (${c.request_moves} moves), ${c.notifications} notifications, ${c.audit_log} audit entries`,
    `written to ${toPg ? file.replace(/\/\/[^@/]*@/, "//") : file} (${(sidecar.bytes / 1e6).toFixed(1)} MB) and ${sidecarFile} in ${((performance.now() - t0) / 1000).toFixed(1)} s (peak RSS ${sidecar.peakRssMb} MB)`,
  ].join("\n"),
);
