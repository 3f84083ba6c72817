// The production server: remix-serve's setup (compression, static files, logging) plus a front door
// that refuses cross-origin actions with a 403 before Remix answers them with a bare 500.
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

installGlobals({ nativeFetch: true });

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const buildPath = path.resolve(root, process.argv[2] ?? "build/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
const port = Number(process.env.PORT ?? 3000);
await build.entry.module.prepare();

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
// The one other public file; a catch-all static handler would look on disk for every page (a stat each).
app.get("/favicon.svg", (_req, res) => res.sendFile(path.resolve(root, "public/favicon.svg"), { maxAge: "1h" }));
if (process.env.LOG_REQUESTS !== "0") app.use(morgan("tiny"));
app.use((req, res, next) => {
  const refusal = build.entry.module.originRefusal(req.method, req.get("origin") ?? null, req.protocol, req.get("host") ?? null);
  if (refusal) res.status(403).type("html").send(refusal);
  else next();
});
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV ?? "production" }));

const server = app.listen(port, () => console.log(`[共治] http://localhost:${port}`));

// Scheduled jobs (closing votes at the end of their window), every 30 seconds; also `npm run jobs`.
let running = false;
const jobs = setInterval(async () => {
  if (running) return;
  running = true;
  try {
    const closed = await build.entry.module.runJobs();
    if (closed.length) console.log(`[共治] closed votes: ${closed.join(", ")}`);
  } catch (e) {
    console.error("[共治] job failed", e);
  } finally {
    running = false;
  }
}, Number(process.env.JOB_INTERVAL_MS ?? 30_000));
jobs.unref();
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
