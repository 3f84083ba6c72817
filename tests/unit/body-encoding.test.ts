// Issue 18: every text answer is compressed once, whole, by the encoding the client accepts.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { MIN_COMPRESSED_BYTES, encodeBody, encodingFor } from "~/web/body-encoding.server";

describe("encodingFor (Accept-Encoding)", () => {
  it.each([
    [null, "identity"],
    ["", "identity"],
    ["gzip, deflate, br, zstd", "br"],
    ["gzip, deflate", "gzip"],
    ["br", "br"],
    ["GZIP", "gzip"],
    ["identity", "identity"],
    ["br;q=0, gzip", "gzip"],
    ["br;q=0.5, gzip;q=0.8", "gzip"],
    ["br;q=0.8, gzip;q=0.8", "br"],
    ["gzip;q=0", "identity"],
    ["*", "br"],
    ["*;q=0", "identity"],
    ["*, br;q=0", "gzip"],
    ["deflate", "identity"],
    ["gzip;q=abc", "identity"],
    [" , ;q=1, gzip", "gzip"],
  ])("%j → %s", (header, expected) => {
    expect(encodingFor(header)).toBe(expected);
  });
});

describe("encodeBody", () => {
  const page = Buffer.from(`<!DOCTYPE html><html><body>${"<p>幸福里小区 电梯加装 协商议事</p>".repeat(200)}</body></html>`);

  it("brotli and gzip bodies decode to the page byte for byte", () => {
    const br = encodeBody(page, "text/html", "gzip, deflate, br");
    expect(br.contentEncoding).toBe("br");
    expect(zlib.brotliDecompressSync(br.body).equals(page)).toBe(true);
    expect(br.body.length).toBeLessThan(page.length / 5);
    const gzip = encodeBody(page, "text/html", "gzip");
    expect(gzip.contentEncoding).toBe("gzip");
    expect(zlib.gunzipSync(gzip.body).equals(page)).toBe(true);
  });

  it("sends a small body or one nobody asked to compress as it is", () => {
    const small = Buffer.alloc(MIN_COMPRESSED_BYTES - 1, "a");
    expect(encodeBody(small, "application/json", "br")).toEqual({ body: small, contentEncoding: null });
    expect(encodeBody(page, "text/html", null)).toEqual({ body: page, contentEncoding: null });
  });
});
