// The open-data API: no sign-in, paged, and nothing personal in it — no names, no phone numbers, no choices.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { loader as resolutions } from "~/routes/api.resolutions";
import { loader as requests } from "~/routes/api.requests._index";
import { loader as oneRequest } from "~/routes/api.requests.$id";
import { loader as vote } from "~/routes/api.votes.$id";
import { moveRequest } from "~/features/requests/commands.server";
import { callLoader } from "../support/routes";
import { newRequest } from "../support/requests";
import { actorOf } from "../support/services";
import { now as clockNow } from "~/clock.server";

const db = () => getDb();

async function personalStrings() {
  const users = await db().selectFrom("users").select(["name", "phone"]).execute();
  return users.flatMap((u) => [u.phone, u.name]).filter((s) => s.length >= 2);
}

describe("open data", () => {
  it("lists resolutions, a closed vote's figures and request timelines without any name or phone", async () => {
    const id = await newRequest("parking", clockNow());
    await moveRequest(await actorOf("coordinator"), { requestId: id, action: "escalate", reason: "需社区协调" }, clockNow());
    const v = await db().selectFrom("votes").select("id").where("status", "=", "closed").executeTakeFirstOrThrow();
    const answers = [
      await callLoader(resolutions, "/api/resolutions"),
      await callLoader(vote, `/api/votes/${v.id}`, { id: String(v.id) }),
      await callLoader(requests, "/api/requests?per=100"),
      await callLoader(oneRequest, `/api/requests/${id}`, { id: String(id) }),
    ];
    for (const a of answers) expect(a.status).toBe(200);
    const text = answers.map((a) => JSON.stringify(a.data)).join("\n");
    const leaks = (await personalStrings()).filter((s) => text.includes(s));
    expect(leaks).toEqual([]);
    // A mobile number standing alone (hashes are hex: 11 digits inside one are not a phone).
    expect(text).not.toMatch(/(?<![0-9a-f])1[3-9]\d{9}(?![0-9a-f])/);
    const timeline = (answers[3].data as { timeline: { action: string; actor_role: string; reason: string | null }[] }).timeline;
    expect(timeline.map((m) => [m.action, m.actor_role])).toEqual([
      ["create", "coordinator"],
      ["escalate", "coordinator"],
    ]);
    expect(timeline[1].reason).toBe("需社区协调");
    // The vote's figures, and no list of who chose what.
    expect(answers[1].data).toMatchObject({ result: { counts: { electors: expect.any(Number) } } });
    expect(text).not.toContain("receipt");
    expect(answers[2].headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("pages and refuses a bad page or an open vote", async () => {
    const first = (await callLoader(requests, "/api/requests?per=1")).data as { next: number; data: { id: number }[] };
    expect(first.next).toBe(first.data[0].id);
    const second = (await callLoader(requests, `/api/requests?per=1&before=${first.next}`)).data as { data: { id: number }[] };
    expect(second.data[0].id).toBeLessThan(first.data[0].id);
    expect((await callLoader(requests, "/api/requests?per=1000")).status).toBe(400);
    expect((await callLoader(requests, "/api/requests?before=-1")).status).toBe(400);
    expect((await callLoader(requests, "/api/requests?before=abc")).data).toMatchObject({ error: expect.stringContaining("before") });
    expect((await callLoader(oneRequest, "/api/requests/abc", { id: "abc" })).status).toBe(404);
    expect((await callLoader(vote, "/api/votes/999999", { id: "999999" })).status).toBe(404);
  });
});
