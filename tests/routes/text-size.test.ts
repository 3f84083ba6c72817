// Elderly mode (issue 17 · 5): the large-text switch. A plain form: remembered by a cookie for everyone and on the
// account of a signed-in person (whose account then wins over the cookie), back to the same page of this site
// only, and a value that is neither "large" nor "normal" is a 400 with a Chinese message that changes nothing.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { translate } from "~/i18n";
import { loader as rootLoader } from "~/root";
import { action, loader } from "~/routes/text-size";
import { callAction, callLoader, cookieFor } from "../support/routes";
import { userId } from "../support/services";

const storedChoice = async () =>
  (
    await getDb()
      .selectFrom("users")
      .select("large_text")
      .where("id", "=", await userId("resident"))
      .executeTakeFirstOrThrow()
  ).large_text;

/** What the root loader decides for a request with these cookies. */
const largeFor = async (...cookies: (string | null)[]) => {
  const r = await callLoader(rootLoader, "/", {}, cookies.filter(Boolean).join("; ") || null);
  return (r.data as { largeText: boolean }).largeText;
};

describe("issue 17 · 5: the large-text switch", () => {
  it("a visitor's choice is a year's cookie, read by the root loader, and back to the same page", async () => {
    const on = await callAction(action, "/text-size", { textSize: "large", redirectTo: "/compounds/3?tab=votes#open" });
    expect(on.status).toBe(302);
    expect(on.location).toBe("/compounds/3?tab=votes#open");
    expect(on.headers.get("Set-Cookie")).toBe("large_text=1; SameSite=Lax; Path=/; Max-Age=31536000");
    expect(await largeFor("large_text=1")).toBe(true);
    expect(await largeFor(null)).toBe(false);
    expect(await largeFor("large_text=yes")).toBe(false);

    const off = await callAction(action, "/text-size", { textSize: "normal", redirectTo: "/" });
    expect(off.location).toBe("/");
    expect(off.headers.get("Set-Cookie")).toMatch(/^large_text=0;/);
    expect(await largeFor("large_text=0")).toBe(false);
  });

  it("a signed-in person's choice is kept on the account (and in the cookie), and the account wins", async () => {
    const session = await cookieFor("resident");
    expect(await storedChoice()).toBeNull();
    // Nothing chosen on the account yet: the browser's cookie decides.
    expect(await largeFor(session, "large_text=1")).toBe(true);
    expect(await largeFor(session)).toBe(false);

    const on = await callAction(action, "/text-size", { textSize: "large", redirectTo: "/notifications" }, {}, session);
    expect(on.status).toBe(302);
    expect(on.location).toBe("/notifications");
    expect(on.headers.get("Set-Cookie")).toMatch(/^large_text=1;/);
    expect(await storedChoice()).toBe(1);
    // Another device, no cookie yet: large text from the account; the account beats a stale cookie.
    expect(await largeFor(session)).toBe(true);
    expect(await largeFor(session, "large_text=0")).toBe(true);

    await callAction(action, "/text-size", { textSize: "normal" }, {}, session);
    expect(await storedChoice()).toBe(0);
    expect(await largeFor(session, "large_text=1")).toBe(false);
  });

  it("refuses a value other than large or normal with a Chinese message, and changes nothing", async () => {
    const session = await cookieFor("resident");
    const before = await storedChoice();
    for (const textSize of ["huge", "", "LARGE", "1", "large ", "<b>large</b>"]) {
      const r = await callAction(action, "/text-size", { textSize, redirectTo: "/" }, {}, session);
      expect(r.status, textSize).toBe(400);
      expect(r.data).toBe("textSize.bad");
      expect(r.headers.get("Set-Cookie")).toBeNull();
    }
    const missing = await callAction(action, "/text-size", { redirectTo: "/" }, {}, session);
    expect(missing.status).toBe(400);
    expect(translate("zh-CN", "textSize.bad")).toMatch(/字号.*大字版.*标准版/);
    expect(await storedChoice()).toBe(before);
  });

  it("goes back only to a path on this site: never an open redirect", async () => {
    const away = [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
      "http:evil.example",
      "evil.example",
      " //evil.example",
    ];
    for (const redirectTo of away) {
      const r = await callAction(action, "/text-size", { textSize: "large", redirectTo });
      expect(r.status, redirectTo).toBe(302);
      expect(r.location, redirectTo).toBe("/");
    }
    const none = await callAction(action, "/text-size", { textSize: "large" });
    expect(none.location).toBe("/");
  });

  it("refuses a form from another site, and a GET is sent home", async () => {
    const r = await callAction(action, "/text-size", { textSize: "large", redirectTo: "/" }, {}, null, "http://evil.example");
    expect(r.status).toBe(403);
    expect(r.headers.get("Set-Cookie")).toBeNull();
    const get = await callLoader(loader, "/text-size");
    expect(get.status).toBe(302);
    expect(get.location).toBe("/");
  });
});
