import { describe, expect, it } from "vitest";
import { UNSAFE_ErrorResponseImpl as ErrorResponse } from "@remix-run/router";
import { failureLevel, maskText, serializers } from "~/web/log.server";

describe("log masking", () => {
  it("masks mobile numbers wherever they stand", () => {
    expect(maskText("13912345678")).toBe("139****5678");
    expect(maskText("/x?phone=%2013912345678&b=8613800000001")).toBe("/x?phone=%20139****5678&b=86138****0001");
    expect(maskText("+8613912345678, 13800000001")).toBe("+86139****5678, 138****0001");
    // Longer or shorter runs of digits are not phone numbers.
    expect(maskText("139123456789 1391234567")).toBe("139123456789 1391234567");
  });

  it("serialises a request as id, method and masked URL only, and masks errors", () => {
    const req = { id: "r1", method: "POST", url: "/login?phone=13912345678", headers: { cookie: "session=abc" }, body: { password: "x" } };
    expect(serializers.req(req)).toEqual({ id: "r1", method: "POST", url: "/login?phone=139****5678" });
    const err = serializers.err(new Error("no user 13912345678"));
    expect(err.message).toBe("no user 139****5678");
    expect(err.stack).not.toMatch(/13912345678/);
  });
});

describe("issue 12 · 26: what is logged as an error", () => {
  it.each([
    ["a URL no route matches (404)", new ErrorResponse(404, "Not Found", new Error('No route matches URL "/nowhere"'), true), "info"],
    ["a 405 (no action on the route)", new ErrorResponse(405, "Method Not Allowed", new Error("no action"), true), "info"],
    [
      "Remix's warning about a ?_data request",
      new Error("Warning: Single fetch-enabled apps should not be making ?_data requests, this is likely to break in the future"),
      "warn",
    ],
    ["a 500 error response", new ErrorResponse(500, "Internal Server Error", new Error("x"), true), "error"],
    ["a loader that threw", new Error("database is locked"), "error"],
    ["something thrown that is not an Error", "oops", "error"],
  ])("%s → %s", (_name, error, level) => {
    expect(failureLevel(error)).toBe(level);
  });
});
