// The production server: remix-serve's setup (compression, static files, logging) plus a front door
// that refuses cross-origin actions with a 403 before Remix answers them with a bare 500, a health
// endpoint, and a graceful stop.
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
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);

// starting (migrating) → ready → stopping. Only "ready" serves pages; the health endpoint says which.
let phase = "starting";
let inFlight = 0;

const app = express();
app.disable("x-powered-by");
const securityHeaders = build.entry.module.securityHeaders();
app.use((_req, res, next) => {
  res.set(securityHeaders);
  next();
});
app.get("/health", async (_req, res) => {
  const ok = phase === "ready" && (await build.entry.module.healthy());
  res.status(ok ? 200 : 503).set("Cache-Control", "no-store").json({ status: ok ? "ready" : phase === "ready" ? "unhealthy" : phase, inFlight });
});
app.use((req, res, next) => {
  if (phase !== "ready") {
    res.status(503).set({ "Retry-After": "5", Connection: "close", "Content-Security-Policy": build.entry.module.plainPagePolicy }).type("html").send(build.entry.module.unavailablePage());
    return;
  }
  inFlight++;
  res.once("close", () => {
    inFlight--;
    // A keep-alive connection takes no further request once the server is stopping.
    if (phase === "stopping") req.socket.end();
  });
  next();
});
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static(path.resolve(root, "public"), { maxAge: "1h" }));
if (process.env.LOG_REQUESTS !== "0") app.use(morgan("tiny"));
app.use((req, res, next) => {
  const refusal = build.entry.module.originRefusal(req.method, req.get("origin") ?? null, req.protocol, req.get("host") ?? null);
  if (refusal) res.status(403).set("Content-Security-Policy", build.entry.module.plainPagePolicy).type("html").send(refusal);
  else next();
});
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV ?? "production" }));

// Listen at once, so the health endpoint answers "starting" while the schema is migrated.
const server = app.listen(port, () => console.log(`[共治] http://localhost:${port}`));
try {
  await build.entry.module.prepare();
} catch (e) {
  console.error("[共治] start-up failed", e);
  process.exit(1);
}
phase = "ready";
console.log("[共治] ready");

// Scheduled jobs (closing votes at the end of their window), every 30 seconds; also `npm run jobs`.
let job = null;
const jobs = setInterval(() => {
  if (job || phase !== "ready") return;
  job = build.entry.module
    .runJobs()
    .then((closed) => {
      if (closed.length) console.log(`[共治] closed votes: ${closed.join(", ")}`);
    })
    .catch((e) => console.error("[共治] job failed", e))
    .finally(() => (job = null));
}, Number(process.env.JOB_INTERVAL_MS ?? 30_000));
jobs.unref();

/**
 * SIGTERM (or SIGINT): take no new connection or request, let the requests in flight finish, start no
 * job and wait for a running one, then close the database. Past SHUTDOWN_TIMEOUT_MS the connections
 * still open are cut.
 */
async function stop(signal) {
  if (phase === "stopping") return;
  phase = "stopping";
  console.log(`[共治] ${signal}: stopping, ${inFlight} request(s) in flight`);
  clearInterval(jobs);
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_TIMEOUT_MS);
  force.unref();
  await closed;
  if (job) await job;
  await build.entry.module.shutdown();
  console.log("[共治] stopped: database closed");
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void stop(signal));
