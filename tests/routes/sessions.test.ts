// The sessions page: lists one's devices, signs out one or everywhere, and works as plain forms.
import { describe, expect, it } from "vitest";
import { sessionIdOf } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { action, loader } from "~/routes/account_.sessions";
import { callAction, callLoader, cookieForPhone } from "../support/routes";
import { userId } from "../support/services";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";

const tokenOf = (cookie: string) => cookie.replace(/^session=/, "");

describe("/account/sessions", () => {
  it("lists the person's sessions, this one marked, and signs out another device", async () => {
    const here = await cookieForPhone(DEMO_ACCOUNTS.communityStaff.phone);
    const there = await cookieForPhone(DEMO_ACCOUNTS.communityStaff.phone);
    const page = await callLoader(loader, "/account/sessions", {}, here);
    const sessions = (page.data as { sessions: { handle: string; current: boolean }[] }).sessions;
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.filter((s) => s.current).map((s) => s.handle)).toEqual([sessionIdOf(tokenOf(here)).slice(0, 16)]);

    const r = await callAction(action, "/account/sessions", { intent: "end", session: sessionIdOf(tokenOf(there)).slice(0, 16) }, {}, here);
    expect(r.status).toBe(302);
    expect(r.location).toBe("/account/sessions");
    expect((await callLoader(loader, "/account/sessions", {}, there)).status).toBe(302); // signed out: sent to sign in
    expect((await callLoader(loader, "/account/sessions", {}, here)).status).toBe(200);
  });

  it("signs out everywhere, this device included", async () => {
    const a = await cookieForPhone(DEMO_ACCOUNTS.streetStaff.phone);
    const b = await cookieForPhone(DEMO_ACCOUNTS.streetStaff.phone);
    const r = await callAction(action, "/account/sessions", { intent: "end-all" }, {}, a);
    expect(r.status).toBe(302);
    expect(r.location).toBe("/login");
    expect(r.headers.get("Set-Cookie")).toMatch(/session=;.*Max-Age=0/);
    const left = await getDb()
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", await userId("streetStaff"))
      .execute();
    expect(left).toEqual([]);
    expect((await callLoader(loader, "/account/sessions", {}, b)).status).toBe(302);
  });
});
