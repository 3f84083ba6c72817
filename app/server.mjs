// @ts-check
// The production server: remix-serve's setup (compression, static files, logging) plus a front door
// that refuses cross-origin actions (and actions whose Origin is not the Host they reached) with a 403
// before Remix answers them with a bare 500, caps every body (413), a health endpoint, and a graceful stop.
import { randomUUID } from "node:crypto";
import path from "node:path";
import url from "node:url";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { createRemixHandler } from "./remix-express.mjs";

installGlobals({ nativeFetch: true });

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const buildPath = path.resolve(root, process.argv[2] ?? "build/index.js");
/** The built app, and what its server entry offers the front door (one typed interface: app/entry.server.tsx). */
const build = /** @type {import("@remix-run/node").ServerBuild & { entry: { module: typeof import("./entry.server") } }} */ (
  await import(url.pathToFileURL(buildPath).href)
);
const port = Number(process.env.PORT ?? 3000);
const log = build.entry.module.log();
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);

// starting (migrating) → ready → stopping. Only "ready" serves pages; the health endpoint says which.
let phase = "starting";
let inFlight = 0;

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, TRUST_PROXY (Express's "trust proxy": loopback, an address, a number of hops) lets
// the client's address come from X-Forwarded-For, for the per-address limits and sign-in throttling.
if (process.env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY);
const securityHeaders = build.entry.module.securityHeaders();
// Every request gets an id (in the log and in the X-Request-Id header); requests are logged when
// LOG_REQUESTS is not 0, with method, masked URL, status and time only: one line when the answer is sent (or the
// client went away first). pino-http did the same with a child logger per request, a cost on every page (issue 18).
const logRequests = process.env.LOG_REQUESTS !== "0";
const { req: reqFields, res: resFields } = build.entry.module.logSerializers;
app.use((req, res, next) => {
  const id = randomUUID();
  res.locals.requestId = id;
  res.setHeader("X-Request-Id", id);
  if (logRequests) {
    const start = performance.now();
    res.once("close", () => {
      const line = {
        req: reqFields({ id, method: req.method, originalUrl: req.originalUrl }),
        res: resFields(res),
        responseTime: Math.round(performance.now() - start),
      };
      if (!res.writableFinished) log.info(line, "request aborted");
      // The server's own 503 while it starts or stops is a state it announces, not a failure: a warning.
      else if (res.locals.unavailable) log.warn(line, "request completed");
      else if (res.statusCode >= 500) log.error(line, "request completed");
      else log.info(line, "request completed");
    });
  }
  next();
});
app.use((_req, res, next) => {
  res.set(securityHeaders);
  next();
});
app.get("/health", async (_req, res) => {
  const ok = phase === "ready" && (await build.entry.module.healthy());
  res
    .status(ok ? 200 : 503)
    .set("Cache-Control", "no-store")
    .json({ status: ok ? "ready" : phase === "ready" ? "unhealthy" : phase, inFlight });
});
app.use((req, res, next) => {
  if (phase !== "ready") {
    res.locals.unavailable = true;
    res
      .status(503)
      .set({ "Retry-After": "5", Connection: "close", "Content-Security-Policy": build.entry.module.plainPagePolicy })
      .type("html")
      .send(build.entry.module.unavailablePage());
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
// Static assets are compressed by the middleware; Remix's answers, whole, by createRemixHandler (app/remix-express.mjs).
app.use(build.publicPath, compression(), express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
// The one other public file; a catch-all static handler would look on disk for every page (a stat each).
app.get("/favicon.svg", (_req, res) => res.sendFile(path.resolve(root, "public/favicon.svg"), { maxAge: "1h" }));
app.use((req, res, next) => {
  const refusal = build.entry.module.originRefusal(
    req.method,
    req.get("origin") ?? null,
    req.protocol,
    req.get("host") ?? null,
    req.get("x-forwarded-host") ?? null,
  );
  if (refusal) res.status(403).set("Content-Security-Policy", build.entry.module.plainPagePolicy).type("html").send(refusal);
  else next();
});
// Every body has a cap (forms 256 KB, uploads the completion form's 31 MB): past it, 413 and nothing more is
// read or kept. A Content-Length over the cap is refused before the body is read; a chunked body is counted as it
// arrives (beside Remix's own reader, which holds at most a buffer's worth while the action reads it).
/** The requests whose body went over its cap (answered 413 already). @type {WeakSet<import("express").Request>} */
const bodyRefused = new WeakSet();
/** @param {import("express").Response} res */
function tooLarge(res) {
  if (res.headersSent) return;
  res
    .status(413)
    .set({ Connection: "close", "Content-Security-Policy": build.entry.module.plainPagePolicy })
    .type("html")
    .send(build.entry.module.tooLargePage());
}
app.use((req, res, next) => {
  const type = req.get("content-type");
  if (build.entry.module.declaredTooLarge(type, req.get("content-length"))) return tooLarge(res);
  if (req.get("content-length") === undefined && req.get("transfer-encoding") !== undefined) {
    const cap = build.entry.module.bodyCap(type);
    let seen = 0;
    /** @param {Buffer} chunk */
    const count = (chunk) => {
      seen += chunk.length;
      if (seen <= cap) return;
      req.off("data", count);
      req.pause();
      // Remix's reader of the body stops with an error (so no action sees a cut form) and keeps nothing more;
      // the 413 goes out with Connection: close, which ends the connection and what is left of the body.
      bodyRefused.add(req);
      if (req.listenerCount("error") > 0) req.emit("error", new Error("request body over its cap"));
      if (!res.headersSent) return tooLarge(res);
      // Answered already (an action that never read its body): end the connection rather than read the rest.
      if (res.writableFinished) req.socket.end();
      else res.once("finish", () => req.socket.end());
    };
    req.on("data", count);
  }
  next();
});
const remix = createRemixHandler({
  build,
  mode: process.env.NODE_ENV ?? "production",
  getLoadContext: (req, res) => ({ requestId: res.locals.requestId, clientAddress: req.ip }),
  encode: build.entry.module.encodeBody,
});
// At most REQUEST_CONCURRENCY requests are inside Remix at once; the others wait their turn, first come first
// served (issue 18). Fifty pages rendered at once, each a few steps interleaved with the others', all finish late
// and unevenly (p99 five to ten times p50); a few at a time finish in the order they came, at the same
// throughput. A request whose client went away while it waited is not started. On SQLite a request holds the CPU
// the whole time (8); on PostgreSQL it mostly waits for the database (32).
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const concurrency = Math.max(1, Number(process.env.REQUEST_CONCURRENCY ?? (onPostgres ? 32 : 8)));
let running = 0;
/** @type {(() => void)[]} */
const waiting = [];
const release = () => {
  const next = waiting.shift();
  if (next) next();
  else running--;
};
app.all("*", (req, res, next) => {
  const start = () => {
    if (res.writableEnded || req.destroyed) return release();
    res.once("close", release);
    // A request whose body was refused (413) is answered already: Remix's late answer has nowhere to go.
    remix(req, res, (err) => (bodyRefused.has(req) ? undefined : next(err)));
  };
  if (running < concurrency) {
    running++;
    start();
  } else waiting.push(start);
});

// Listen at once, so the health endpoint answers "starting" while the schema is migrated.
const server = app.listen(port, () => log.info(`listening on http://localhost:${port}`));
try {
  await build.entry.module.prepare();
} catch (e) {
  log.fatal({ err: e }, "start-up failed");
  process.exit(1);
}
phase = "ready";
log.info("ready");

// Scheduled jobs (closing votes at the end of their window), every 30 seconds; also `npm run jobs`.
/** @type {Promise<void> | null} */
let job = null;
const jobs = setInterval(
  () => {
    if (job || phase !== "ready") return;
    log.debug("scheduled jobs start");
    job = build.entry.module
      .runJobs()
      .then((closed) => {
        if (closed.length) log.info({ votes: closed }, "closed votes");
      })
      .catch((e) => log.error({ err: e }, "job failed"))
      .finally(() => (job = null));
  },
  Number(process.env.JOB_INTERVAL_MS ?? 30_000),
);
jobs.unref();

/**
 * SIGTERM (or SIGINT): take no new connection or request, let the requests in flight finish, start no
 * job and wait for a running one, then close the database. Past SHUTDOWN_TIMEOUT_MS the connections
 * still open are cut.
 */
/** @param {string} signal */
async function stop(signal) {
  if (phase === "stopping") return;
  phase = "stopping";
  log.info({ inFlight }, `${signal}: stopping, ${inFlight} request(s) in flight`);
  clearInterval(jobs);
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_TIMEOUT_MS);
  force.unref();
  await closed;
  if (job) await job;
  await build.entry.module.shutdown();
  log.info("stopped: database closed");
  log.flush(() => process.exit(0));
}
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void stop(signal));
