// Durability under a crash: the production server takes 200 concurrent voters casting and changing 5,000
// ballots over HTTP, is killed with SIGKILL in the middle, and is started again on the same file. Every
// ballot it acknowledged is there exactly once (the current choice, and its receipt in the history), and
// nothing else is: a request cut off by the crash left either nothing or its own ballot.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sessionIdOf } from "~/auth/session.server";
import { receiptHashOf } from "~/domain/ballot-chain";
import { migrateToLatest, openDatabase } from "../../db/connect";
import { setupVoteFixture } from "../../db/tools/vote-fixture";
import { ARTIFACTS } from "../support/paths";
import { type TestServer, startServer } from "../support/server";
import { now as clockNow } from "~/clock.server";

const VOTERS = 1_500;
const CONCURRENCY = 200;
const OPERATIONS = 5_000;
const KILL_AFTER = 2_500; // acknowledged ballots
const GAP_MS = 3_300; // the server refuses a second ballot of one voter within 3 s (a double submit)
const CHOICES = ["agree", "oppose", "abstain"] as const;
type Choice = (typeof CHOICES)[number];

const file = path.join(ARTIFACTS, `crash-${process.pid}.db`);
let server: TestServer | null = null;
afterAll(async () => {
  if (server && server.child.exitCode === null) await server.stop();
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
});

interface Voter {
  token: string;
  electorId: number;
  /** Every acknowledged ballot, in order: receipt code and choice. */
  acked: { code: string; choice: Choice }[];
  /** A ballot sent but not answered when the server died: it may or may not have been kept. */
  unknown: Choice | null;
  lastAckAt: number;
  sent: number;
  /** Requests cut off by the crash, over the whole run (their ballots may sit in the history). */
  lost: number;
}

async function cast(url: string, voteId: number, v: Voter, choice: Choice): Promise<"acked" | "refused" | "lost"> {
  let res: Response;
  try {
    res = await fetch(`${url}/votes/${voteId}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: url, Cookie: `session=${v.token}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: `intent=cast&choice=${choice}`,
    });
    await res.arrayBuffer();
  } catch {
    return "lost";
  }
  if (res.status === 409) return "refused";
  if (res.status !== 302) throw new Error(`unexpected answer ${res.status}; the server said:\n${server?.output().slice(-3000)}`);
  const flash = res.headers
    .getSetCookie()
    .map((c) => /^flash=([^;]+)/.exec(c)?.[1])
    .find(Boolean);
  const msg = JSON.parse(Buffer.from(flash!.split(".")[0], "base64url").toString("utf8")) as { key: string; vars: { codes: string } };
  expect(msg.key).toBe("vote.cast.done");
  v.acked.push({ code: msg.vars.codes, choice });
  v.unknown = null;
  v.lastAckAt = Date.now();
  return "acked";
}

/** 200 workers, each with its own voters, one ballot of a voter at a time and 3.3 s apart. */
async function load(url: string, voteId: number, voters: Voter[], ops: { voter: number; choice: Choice }[], stopWhen: () => boolean, onAck: () => void) {
  const perWorker: { voter: number; choice: Choice }[][] = Array.from({ length: CONCURRENCY }, () => []);
  for (const op of ops) perWorker[op.voter % CONCURRENCY].push(op);
  let refused = 0;
  let lost = 0;
  await Promise.all(
    perWorker.map(async (mine) => {
      for (const op of mine) {
        if (stopWhen()) return;
        const v = voters[op.voter];
        const wait = v.lastAckAt + GAP_MS - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (stopWhen()) return;
        v.sent++;
        const r = await cast(url, voteId, v, op.choice);
        if (r === "acked") onAck();
        else if (r === "refused") refused++;
        else {
          lost++;
          v.lost++;
          v.unknown = op.choice;
          return; // the server is gone
        }
      }
    }),
  );
  return { refused, lost };
}

/** Reads the vote's rows and checks them against what the server acknowledged. */
function verify(voteId: number, voters: Voter[]) {
  const db = new SQLite(file, { readonly: true });
  try {
    const salt = db.prepare("select slot_salt from votes where id = ?").pluck().get(voteId) as string;
    const choices = new Map(
      (
        db.prepare("select slot, choice, receipt_hash from ballot_choices where vote_id = ?").all(voteId) as {
          slot: string;
          choice: Choice;
          receipt_hash: string;
        }[]
      ).map((c) => [c.slot, c]),
    );
    const casts = new Set(db.prepare("select elector_id from ballot_casts where vote_id = ?").pluck().all(voteId) as number[]);
    const history = db.prepare("select receipt_hash from ballot_history where vote_id = ?").pluck().all(voteId) as string[];
    const slotOf = (electorId: number) => createHash("sha256").update(`${salt}:${electorId}`).digest("hex");
    let expectedRows = 0;
    let ackedTotal = 0;
    let unknownTotal = 0;
    let lostTotal = 0;
    const ackedReceipts = new Set<string>();
    for (const v of voters) {
      const row = choices.get(slotOf(v.electorId));
      const last = v.acked.at(-1);
      ackedTotal += v.acked.length;
      for (const a of v.acked) ackedReceipts.add(receiptHashOf(a.code));
      lostTotal += v.lost;
      if (v.unknown) unknownTotal++;
      if (v.unknown) {
        // Either the acknowledged ballot is still current, or the lost request's ballot replaced it.
        const keptOld = last && row?.receipt_hash === receiptHashOf(last.code) && row.choice === last.choice;
        const tookNew = row && row.choice === v.unknown && !v.acked.some((a) => receiptHashOf(a.code) === row.receipt_hash);
        const nothing = !last && !row;
        expect(keptOld || tookNew || nothing, `voter with elector ${v.electorId}`).toBeTruthy();
      } else if (last) {
        expect(row?.receipt_hash, `voter with elector ${v.electorId}`).toBe(receiptHashOf(last.code));
        expect(row?.choice).toBe(last.choice);
      } else expect(row).toBeUndefined();
      expect(casts.has(v.electorId)).toBe(row !== undefined);
      if (row) expectedRows++;
    }
    // Nothing else: no choice or cast that belongs to no voter, one row an elector.
    expect(choices.size).toBe(expectedRows);
    expect(casts.size).toBe(expectedRows);
    // Every acknowledged ballot is in the history exactly once; besides them only lost requests' ballots.
    const counts = new Map<string, number>();
    for (const h of history) counts.set(h, (counts.get(h) ?? 0) + 1);
    for (const r of ackedReceipts) expect(counts.get(r), "an acknowledged receipt").toBe(1);
    expect(history.length).toBeGreaterThanOrEqual(ackedTotal);
    expect(history.length).toBeLessThanOrEqual(ackedTotal + lostTotal);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    return { ackedTotal, unknownTotal, lostTotal, rows: expectedRows };
  } finally {
    db.close();
  }
}

describe("a crash in the middle of a vote", () => {
  it("keeps every acknowledged ballot exactly once and nothing else", async () => {
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
    const setup = openDatabase(file);
    await migrateToLatest(setup);
    const fixture = await setupVoteFixture(setup, VOTERS, new Date(clockNow().getTime() - 60_000), "崩溃");
    const electors = new Map(
      (
        await setup
          .selectFrom("vote_voters")
          .innerJoin("users", "users.phone", "vote_voters.phone")
          .innerJoin("sessions", "sessions.user_id", "users.id")
          .select(["sessions.id", "vote_voters.elector_id"])
          .where("vote_id", "=", fixture.voteId)
          .execute()
      ).map((r) => [r.id, r.elector_id]),
    );
    await setup.destroy();
    const voters: Voter[] = fixture.tokens.map((token) => ({
      token,
      electorId: electors.get(sessionIdOf(token))!,
      acked: [],
      unknown: null,
      lastAckAt: 0,
      sent: 0,
      lost: 0,
    }));
    expect(voters.every((v) => v.electorId > 0)).toBe(true);
    const ops = Array.from({ length: OPERATIONS }, (_, k) => ({ voter: k % VOTERS, choice: CHOICES[(k * 7 + Math.floor(k / VOTERS)) % 3] }));

    // First run: killed once half the ballots are acknowledged.
    // The server runs on the crash test's own file (DATABASE_URL overrides the demo copy).
    const env = { DATABASE_URL: file, SEED_DEMO: "0", JOB_INTERVAL_MS: "3600000" };
    server = await startServer({ env });
    const first = server;
    let acked = 0;
    let killed: Promise<void> | null = null;
    const t0 = Date.now();
    const run1 = await load(
      first.url,
      fixture.voteId,
      voters,
      ops,
      () => killed !== null,
      () => {
        acked++;
        if (acked >= KILL_AFTER && !killed) killed = first.kill();
      },
    );
    const seconds = (Date.now() - t0) / 1000;
    await killed;
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(acked).toBeGreaterThanOrEqual(KILL_AFTER);
    process.stdout.write(
      `crash test: ${acked} ballots acknowledged in ${seconds.toFixed(1)} s (${Math.round(acked / seconds)}/s, synchronous=${process.env.SQLITE_SYNCHRONOUS ?? "FULL"}); ${run1.lost} requests cut off, ${run1.refused} refused\n`,
    );

    // Started again on the same file: it recovers, and holds exactly what it acknowledged.
    server = await startServer({ env });
    const afterCrash = verify(fixture.voteId, voters);
    expect(afterCrash.ackedTotal).toBe(acked);

    // The rest of the ballots on the restarted server; then everything adds up again.
    const sentBefore = voters.reduce((s, v) => s + v.sent, 0);
    const remaining = ops.slice(0);
    const done = new Map<number, number>();
    for (const v of voters.keys()) done.set(v, voters[v].sent);
    const rest = remaining.filter((op) => {
      const left = done.get(op.voter)!;
      if (left > 0) {
        done.set(op.voter, left - 1);
        return false;
      }
      return true;
    });
    expect(rest.length).toBe(OPERATIONS - sentBefore);
    const run2 = await load(
      server.url,
      fixture.voteId,
      voters,
      rest,
      () => false,
      () => {},
    );
    const final = verify(fixture.voteId, voters);
    // Every ballot sent was acknowledged, cut off by the crash, or refused (a double submit) and left no trace.
    expect(final.ackedTotal + final.lostTotal + run1.refused + run2.refused).toBe(OPERATIONS);
    await server.stop();
  }, 300_000);
});
