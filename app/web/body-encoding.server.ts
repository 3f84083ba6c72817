import zlib from "node:zlib";

/**
 * An answer's body compressed once, in one synchronous call, by the encoding the client asks for (issue 18;
 * app/remix-express.mjs sends every text answer through here).
 *
 * The compression middleware compressed each answer as a stream, a zlib or brotli stream per response fed and
 * flushed chunk by chunk, each a task on libuv's thread pool: about 1 ms of CPU per page, more than the trivial
 * page's own work. The app's answers are small (a page is 6–60 KB) and whole before they are sent (no route
 * streams deferred data), and compressing a whole buffer at once costs 0.05–0.15 ms. Brotli at quality 5 is both
 * smaller than gzip at level 6 and about as fast at these sizes; gzip for clients without brotli.
 */
export type Encoding = "br" | "gzip" | "identity";

/** Below this size the headers weigh more than what compression would save. */
export const MIN_COMPRESSED_BYTES = 1024;

/** The encoding to send, from an Accept-Encoding header: br, else gzip, else none; `q=0` refuses one. */
export function encodingFor(acceptEncoding: string | null): Encoding {
  if (!acceptEncoding) return "identity";
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name?.trim()) continue;
    // A weight that is not a number refuses the encoding rather than taking it at full weight.
    const q = params.map((p) => /^\s*q\s*=(.*)$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : /^\s*[0-9.]+\s*$/.test(q) ? Number(q) : 0;
    accepted.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: string) => accepted.get(name) ?? accepted.get("*") ?? 0;
  const br = weightOf("br");
  const gzip = weightOf("gzip");
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return "identity";
}

/** The body to send and its Content-Encoding (null: sent as it is). */
export function encodeBody(body: Buffer, _contentType: string | null, acceptEncoding: string | null): { body: Buffer; contentEncoding: string | null } {
  const encoding = body.length < MIN_COMPRESSED_BYTES ? "identity" : encodingFor(acceptEncoding);
  if (encoding === "identity") return { body, contentEncoding: null };
  if (encoding === "br")
    return {
      body: zlib.brotliCompressSync(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
      contentEncoding: "br",
    };
  return { body: zlib.gzipSync(body, { level: 6 }), contentEncoding: "gzip" };
}
