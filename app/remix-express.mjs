// @ts-check
// Remix behind Express (app/server.mjs), as @remix-run/express 2.17 does it (request built the same way, MIT), but
// with each text answer sent whole: read into one buffer, compressed in one synchronous call by the encoding the
// client accepts, sent with its Content-Length (issue 18). The adapter wrote every chunk and flushed it, and the
// compression middleware then ran a zlib or brotli stream per response with a flush per chunk, each a task on
// libuv's thread pool: about 1 ms of CPU per page, more than the trivial page's own work. Server answers here are
// small and finite (pages, single-fetch data, JSON, CSV); binary answers (photos) and event streams pass as they come.
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";

/**
 * @param {{
 *   build: import("@remix-run/node").ServerBuild;
 *   mode: string;
 *   getLoadContext: (req: import("express").Request, res: import("express").Response) => import("@remix-run/node").AppLoadContext;
 *   encode: (body: Buffer, contentType: string | null, acceptEncoding: string | null) => { body: Buffer; contentEncoding: string | null };
 * }} options
 * @returns {(req: import("express").Request, res: import("express").Response, next: (err?: unknown) => void) => Promise<void>}
 */
export function createRemixHandler({ build, mode, getLoadContext, encode }) {
  const handleRequest = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const request = remixRequest(req, res);
      const response = await handleRequest(request, getLoadContext(req, res));
      await send(req, res, response, encode);
    } catch (error) {
      next(error);
    }
  };
}

/** The answers sent whole (and compressed when large enough): text of every kind Remix and the app answer with. */
const WHOLE = /^(text\/|application\/(json|javascript|xml|atom\+xml|manifest\+json)|image\/svg\+xml)/i;

/**
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {Response} response
 * @param {(body: Buffer, contentType: string | null, acceptEncoding: string | null) => { body: Buffer; contentEncoding: string | null }} encode
 */
async function send(req, res, response, encode) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  const type = response.headers.get("content-type");
  if (!response.body) {
    res.end();
    return;
  }
  if (type && /text\/event-stream/i.test(type)) {
    res.flushHeaders();
    await streamTo(response.body, res);
    return;
  }
  if (!type || !WHOLE.test(type) || response.headers.has("content-encoding")) {
    await streamTo(response.body, res);
    return;
  }
  const whole = Buffer.from(await response.arrayBuffer());
  const { body, contentEncoding } = encode(whole, type, req.get("accept-encoding") ?? null);
  res.vary("Accept-Encoding");
  if (contentEncoding) res.set("Content-Encoding", contentEncoding);
  res.set("Content-Length", String(body.length));
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * A body as it comes, chunk by chunk (photos, event streams).
 * @param {ReadableStream<Uint8Array>} stream
 * @param {import("express").Response} res
 */
async function streamTo(stream, res) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  } catch (error) {
    res.destroy(/** @type {Error} */ (error));
    throw error;
  }
}

/**
 * The Fetch request Remix reads, from Express's (as @remix-run/express builds it: the host and port from
 * X-Forwarded-Host or Host, Express's protocol and hostname, which respect "trust proxy"; aborted when the client
 * goes before the answer is written).
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 */
function remixRequest(req, res) {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const a = Number.parseInt(forwardedPort, 10);
  const b = Number.parseInt(hostPort, 10);
  const port = Number.isSafeInteger(a) ? a : Number.isSafeInteger(b) ? b : "";
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  /** @type {AbortController | null} */
  let controller = new AbortController();
  /** @type {RequestInit & { duplex?: "half" }} */
  const init = { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

/** @param {import("node:http").IncomingHttpHeaders} headers */
function remixHeaders(headers) {
  const out = new Headers();
  for (const [key, values] of Object.entries(headers)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) out.append(key, value);
    else out.set(key, values);
  }
  return out;
}
