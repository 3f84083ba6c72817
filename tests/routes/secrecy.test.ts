/// <reference types="vite/client" />
// A secret vote: nobody, coordinators and administrators included, can see how a person voted — in any
// page's data, the audit log or notifications. Every loader is tried with every id, before and after close.
import type { LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { loadActor } from "~/features/accounts/actor-queries.server";
import { closeVote, openVote } from "~/features/votes/commands.server";
import { castBallot } from "~/features/votes/ballot-commands.server";
import { callLoader, cookieFor } from "../support/routes";
import { actorOf } from "../support/services";

const loaders = import.meta.glob<{ loader?: LoaderFunction }>("../../app/routes/*.tsx", { eager: true });
const CHOICES = new Set(["agree", "oppose", "abstain"]);
const T0 = Date.parse("2026-12-05T01:00:00Z");

let voteId = 0;
let proposalId = 0;
let compoundId = 0;
const identities = new Set<string>();

beforeAll(async () => {
  const db = getDb();
  const p = await db.selectFrom("proposals").select(["id", "compound_id"]).where("title", "like", "1号楼加装电梯%").executeTakeFirstOrThrow();
  proposalId = p.id;
  compoundId = p.compound_id;
  voteId = await openVote(
    await actorOf("coordinator"),
    { proposalId: p.id, rule: "owners_ordinary", per: "dwelling", quorumPercent: 0, secret: true, opensAt: new Date(T0), closesAt: new Date(T0 + 3_600_000) },
    new Date(T0),
  );
  const voters = await db
    .selectFrom("vote_voters as w")
    .innerJoin("users as u", "u.phone", "w.phone")
    .innerJoin("vote_electors as e", "e.id", "w.elector_id")
    .select(["u.id", "u.phone", "u.name", "e.label"])
    .where("w.vote_id", "=", voteId)
    .orderBy("u.id")
    .execute();
  for (const [i, v] of voters.entries()) {
    identities.add(v.name);
    identities.add(v.phone);
    identities.add(v.label);
    if (voters.findIndex((x) => x.id === v.id) !== i) continue;
    await castBallot(await loadActor(db, v.id), v, { voteId, choice: i === 0 ? "oppose" : i % 3 ? "agree" : "abstain" }, new Date(T0 + 60_000 + i * 5000));
  }
});

/** Any object in the data that names a person (or their dwelling) and also holds a choice. */
function leaks(data: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === "object") {
      const values = Object.values(v as Record<string, unknown>);
      const names = values.filter((x) => typeof x === "string" && identities.has(x));
      const choices = values.filter((x) => typeof x === "string" && CHOICES.has(x));
      if (names.length && choices.length) found.push(`${path}: ${names.join(",")} with ${choices.join(",")}`);
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, `${path}.${k}`);
    }
  };
  walk(data, "");
  return found;
}

/** Every loader, with the ids of this vote, its proposal and compound (and, after close, its resolution). */
async function everyPage(persona: "coordinator" | "admin" | "buildingLead") {
  const cookie = await cookieFor(persona);
  const results: { file: string; status: number; data: unknown }[] = [];
  const resolution = await getDb().selectFrom("resolutions").select("id").where("vote_id", "=", voteId).executeTakeFirst();
  const idsFor = (file: string) =>
    file.includes("/votes.")
      ? [voteId]
      : file.includes("/proposals.")
        ? [proposalId]
        : file.includes("/resolutions.")
          ? resolution
            ? [resolution.id]
            : []
          : [compoundId];
  for (const [file, mod] of Object.entries(loaders)) {
    if (!mod.loader) continue;
    for (const id of idsFor(file)) {
      const r = await callLoader(mod.loader, `/x/${id}?q=电梯`, { id: String(id) }, cookie);
      results.push({ file, status: r.status, data: r.data });
    }
  }
  return results;
}

describe("a secret vote", () => {
  it("while open, shows no choice at all to a coordinator, an administrator or a building lead", async () => {
    for (const persona of ["coordinator", "admin", "buildingLead"] as const) {
      const pages = await everyPage(persona);
      expect(pages.filter((p) => p.status === 200).length).toBeGreaterThan(10);
      for (const p of pages) {
        const text = JSON.stringify(p.data ?? "");
        // The open-data list holds the figures of other, closed votes: this one must not be among them.
        if (p.file.includes("/api.resolutions")) {
          expect(text).not.toContain(`"vote_id":${voteId},`);
          continue;
        }
        expect(text.includes('"oppose"') || text.includes('"abstain"'), `${persona} ${p.file}`).toBe(false);
      }
    }
  });

  it("after close, still ties no choice to any person, anywhere", async () => {
    expect(await closeVote(voteId, new Date(T0 + 3_600_000))).not.toBeNull();
    for (const persona of ["coordinator", "admin", "buildingLead"] as const) {
      for (const p of await everyPage(persona)) expect(leaks(p.data), `${persona} ${p.file}`).toEqual([]);
    }
  });

  it("keeps choices out of the audit log and notifications, and cuts the link at close", async () => {
    const db = getDb();
    const audit = await db.selectFrom("audit_log").select(["action", "data"]).where("entity_type", "=", "vote").execute();
    for (const a of audit) expect(a.data ?? "").not.toMatch(/"(agree|oppose|abstain)"/);
    const notes = await db.selectFrom("notifications").select("data").execute();
    for (const n of notes) expect(n.data ?? "").not.toMatch(/"(agree|oppose|abstain)"/);
    const v = await db.selectFrom("votes").select("slot_salt").where("id", "=", voteId).executeTakeFirstOrThrow();
    expect(v.slot_salt).toBeNull();
  });
});
