// Issue 14 · 5: N app processes on one database behave as one. Each test runs an act in a second process
// (tests/support/second-process.ts, its own connection to this file's database) next to this one, and checks
// that the limit, the caches, the cookie secret and the scheduled jobs agree. Portable SQL only, so the same
// tests hold on PostgreSQL.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb, withDatabase } from "~/db.server";
import { cookieSecret } from "~/env.server";
import { castBallot } from "~/features/votes/ballot-commands.server";
import { openVote } from "~/features/votes/commands.server";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { placeMetrics } from "~/features/requests/metrics-queries.server";
import { loadRules } from "~/features/requests/rules-queries.server";
import { countTries, shareCookieSecret } from "~/features/shared-state/commands.server";
import { readFlash } from "~/web/flash.server";
import { openDatabase } from "../../db/connect";
import { engineOf } from "../../db/engine";
import { ROOT } from "../support/paths";
import { demoResolution, newRequest, requestRow } from "../support/requests";
import { actorOf } from "../support/services";

const T0 = Date.parse("2026-12-01T01:00:00Z"); // Tuesday 09:00 Beijing
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** A second app process on this file's database, running one act; `go` starts it when it was told to wait. */
function secondProcess(args: string[], wait = false) {
  const child: ChildProcessWithoutNullStreams = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "tests/support/second-process.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, WAIT_FOR_GO: wait ? "1" : "0" },
  });
  const lines: string[] = [];
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  readline.createInterface({ input: child.stdout }).on("line", (line) => (line === "ready" ? onReady() : lines.push(line)));
  const result = new Promise<unknown>((resolve, reject) =>
    child.on("close", (code) => (code === 0 && lines.length ? resolve(JSON.parse(lines.at(-1)!)) : reject(new Error(`second process: ${code} ${stderr}`)))),
  );
  return { ready, go: () => child.stdin.write("go\n"), result };
}
const inSecondProcess = (...args: string[]) => secondProcess(args).result;

describe("issue 14 · 5: app processes share their state through the database", () => {
  it("counts an abuse limit across processes and handles, and a refused try is not counted", async () => {
    const key = "comment:user:424242";
    const when = at(0);
    expect((await countTries([{ key, max: 3 }], when)).ok).toBe(true);
    expect(await inSecondProcess("tries", key, "3", "3", when.toISOString())).toEqual([true, true, false]);
    expect(await countTries([{ key, max: 3 }], when)).toMatchObject({ ok: false });
    // The counts' commit skips the disk sync on SQLite for that one transaction only: the setting is back after.
    if (engineOf(getDb()) === "sqlite") expect((await sql`pragma synchronous`.execute(getDb())).rows).toEqual([{ synchronous: 2 }]);
    // A third view of the file (another process's connection) agrees.
    const other = openDatabase(process.env.DATABASE_URL!);
    try {
      expect(await withDatabase(other, () => countTries([{ key, max: 3 }], when))).toMatchObject({ ok: false });
      // Two keys: one over its limit refuses the try, and the other key does not count it either.
      const fresh = "comment:ip:10.4.4.4";
      expect(
        await withDatabase(other, () =>
          countTries(
            [
              { key: fresh, max: 5 },
              { key, max: 3 },
            ],
            when,
          ),
        ),
      ).toMatchObject({ ok: false });
      const rows = await other.selectFrom("rate_limits").select(["key", "n"]).where("key", "in", [key, fresh]).execute();
      expect(rows).toEqual([{ key, n: 3 }]);
    } finally {
      await other.destroy();
    }
  }, 30_000);

  it("a request changed by another process shows in this process's cached metrics at once", async () => {
    const id = await newRequest("parking", at(0), "另一台服务器受理");
    const compound = await getDb()
      .selectFrom("places")
      .select(["id", "kind", "path"])
      .where("id", "=", (await demoResolution()).compound_id)
      .executeTakeFirstOrThrow();
    const period = { from: at(-60).toISOString(), to: at(24 * 60).toISOString() };
    const before = await placeMetrics(getDb(), compound, period, at(120));
    expect(await placeMetrics(getDb(), compound, period, at(120))).toEqual(before); // cached
    await inSecondProcess("accept", String(id), at(60).toISOString());
    expect((await requestRow(id)).state).toBe("accepted");
    const after = await placeMetrics(getDb(), compound, period, at(120));
    expect(after).not.toEqual(before);
  }, 30_000);

  it("a rule changed by another process shows in this process's cached rules at once", async () => {
    expect((await loadRules(getDb())).calendar.holidays.has("2026-12-16")).toBe(false);
    await inSecondProcess("holiday", "2026-12-16", at(0).toISOString());
    expect((await loadRules(getDb())).calendar.holidays.has("2026-12-16")).toBe(true);
  }, 30_000);

  it("without COOKIE_SECRET every process signs flash cookies with the secret the first one stored", async () => {
    const first = (await inSecondProcess("secret")) as { secret: string; flash: string };
    delete globalThis.__gongzhiCookieSecret;
    await shareCookieSecret();
    expect(cookieSecret()).toBe(first.secret);
    const cookie = first.flash.split(";")[0];
    expect(readFlash(new Request("http://localhost:3000/", { headers: { Cookie: cookie } })).msg).toEqual({ key: "sessions.signedOutEverywhere" });
    expect(((await inSecondProcess("secret")) as { secret: string }).secret).toBe(first.secret);
  }, 30_000);

  it("two processes running the jobs at one moment close a due vote once and escalate a request once", async () => {
    const db = getDb();
    const p = await db.selectFrom("proposals").select(["id", "compound_id"]).where("title", "=", "规范小区停车，清理僵尸车").executeTakeFirstOrThrow();
    const voteId = await openVote(
      await actorOf("coordinator"),
      { proposalId: p.id, rule: "residents", per: "person", quorumPercent: 0, secret: true, opensAt: at(0), closesAt: at(60) },
      at(0),
    );
    const voters = await db
      .selectFrom("vote_voters as v")
      .innerJoin("users as u", "u.id", "v.user_id")
      .select(["u.id", "u.phone"])
      .distinct()
      .where("v.vote_id", "=", voteId)
      .orderBy("u.id")
      .execute();
    for (const [i, v] of voters.entries()) await castBallot(await loadActor(db, v.id), v, { voteId, choice: "agree" }, at(1 + i / 100));
    const requestId = await newRequest("parking", at(0), "无人受理");
    const when = new Date(Date.parse((await requestRow(requestId)).accept_due) + 60_000);

    const a = secondProcess(["jobs", when.toISOString()], true);
    const b = secondProcess(["jobs", when.toISOString()], true);
    await Promise.all([a.ready, b.ready]);
    a.go();
    b.go();
    const runs = (await Promise.all([a.result, b.result])) as { votes: number[]; requests: number[] }[];

    expect(runs.flatMap((r) => r.votes).filter((id) => id === voteId)).toEqual([voteId]);
    expect(runs.flatMap((r) => r.requests).filter((id) => id === requestId)).toEqual([requestId]);
    const vote = await db.selectFrom("votes").select(["status", "passed", "result"]).where("id", "=", voteId).executeTakeFirstOrThrow();
    expect(vote).toMatchObject({ status: "closed", passed: 1 });
    const closes = await db.selectFrom("audit_log").select("id").where("action", "=", "vote.close").where("entity_id", "=", voteId).execute();
    expect(closes).toHaveLength(1);
    const resolutions = await db.selectFrom("resolutions").select("number").where("vote_id", "=", voteId).execute();
    expect(resolutions).toHaveLength(1);
    const escalations = await db.selectFrom("request_moves").select("id").where("request_id", "=", requestId).where("action", "=", "auto_escalate").execute();
    expect(escalations).toHaveLength(1);
    expect((await requestRow(requestId)).level).toBe("community");
  }, 60_000);
});
