/// <reference types="vite/client" />
// The bad-input sweep: every route's action, for each kind of person, gets malformed, missing, oversized and
// out-of-scope values in every field it reads. No answer is a 500 (or an exception), and a refused request
// changes no row of any table (a checksum of every table before and after).
import fs from "node:fs";
import path from "node:path";
import type { ActionFunction } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { engineOf } from "../../db/engine";
import { type Persona, cookieFor, placeId, request, settle } from "../support/routes";

const modules = import.meta.glob<{ action?: ActionFunction }>("../../app/routes/*.tsx", { eager: true });
const APP = path.resolve(__dirname, "../../app");
const PERSONAS: Persona[] = ["anon", "resident", "newcomer", "coordinator", "streetStaff", "admin"];

// Tables that record attempts by design: a refused sign-in or household code is written down to throttle the next.
const ATTEMPT_TABLES = new Set(["sign_in_failures"]);

const onPg = engineOf(getDb()) === "pg";

/** The app's tables, by name. */
async function tableNames(): Promise<string[]> {
  const query = onPg
    ? sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`
    : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`;
  return (await query.execute(getDb())).rows.map((r) => r.name).filter((t) => !ATTEMPT_TABLES.has(t));
}

/**
 * A checksum of every table, one line per table. SQLite: its rows, in order. PostgreSQL: a count and a sum of
 * row hashes per table, computed in the server in one query.
 */
async function checksum(): Promise<string> {
  const db = getDb();
  const tables = await tableNames();
  if (onPg) {
    const union = tables
      .map((t) => `select '${t}' as t, count(*) || '/' || coalesce(sum(hashtextextended(x::text, 0)), 0) as sum from "${t}" x`)
      .join(" union all ");
    const rows = (await sql.raw<{ t: string; sum: string }>(`${union} order by 1`).execute(db)).rows;
    return rows.map((r) => `${r.t}:${r.sum}`).join("\n");
  }
  const parts: string[] = [];
  for (const t of tables) {
    const rows = (await sql.raw(`select * from "${t}" order by 1`).execute(db)).rows;
    parts.push(`${t}:${JSON.stringify(rows)}`);
  }
  return parts.join("\n");
}

function changedTables(a: string, b: string): string[] {
  const left = new Set(a.split("\n"));
  return b
    .split("\n")
    .filter((line) => !left.has(line))
    .map((line) => line.slice(0, line.indexOf(":")));
}

/**
 * A cheap first look: a mark that moves whenever something may have been written. SQLite: the rows this
 * connection changed since it opened (rolled-back writes included). PostgreSQL, whose pool has no such counter
 * (and whose statistics views lag): the next transaction id, which moves when any transaction on the server
 * writes (other test files' too: then the checksum decides).
 */
async function writeMark(): Promise<string> {
  const query = onPg ? sql<{ n: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as n` : sql<{ n: number }>`select total_changes() as n`;
  return String((await query.execute(getDb())).rows[0].n);
}

/** The field names and intents a route reads: from its source and the components and form modules it imports. */
function formShape(file: string): { fields: string[]; intents: string[] } {
  const own = fs.readFileSync(path.join(APP, "routes", `${file}.tsx`), "utf8");
  const texts = [own];
  for (const m of own.matchAll(/from "~\/((?:components\/[\w-]+)|forms[\w.-]*|proposal-editor\.server)"/g)) {
    for (const ext of [".tsx", ".ts"]) {
      const p = path.join(APP, `${m[1]}${ext}`);
      if (fs.existsSync(p)) texts.push(fs.readFileSync(p, "utf8"));
    }
  }
  const fields = new Set<string>();
  const intents = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/name="(\w+)"/g)) fields.add(m[1]);
    for (const m of text.matchAll(/^\s+(\w+): (?:z\.|text\(|optionalText\(|idField|choice\(|phoneField|passwordField)/gm)) fields.add(m[1]);
  }
  for (const m of own.matchAll(/(?:intent === "|case "|z\.literal\(")([a-z][a-z-]*)"/g)) intents.add(m[1]);
  fields.delete("intent");
  return { fields: [...fields].sort(), intents: intents.size ? [...intents].sort() : [""] };
}

/** A plausible value for a field, so that the other fields' checks are reached. */
function plausible(field: string, ids: Record<string, number>): string {
  const table: Record<string, string> = {
    phone: "13900000099",
    password: "abcdefgh1",
    current: "abcdefgh1",
    next: "abcdefgh2",
    choice: "agree",
    stance: "for",
    relation: "owner",
    locale: "zh-CN",
    category: "housing",
    rule: "owners_ordinary",
    per: "dwelling",
    quorumPercent: "50",
    opensAt: "2026-12-01T10:00",
    closesAt: "2026-12-02T10:00",
    code: "ABCD-EFGH",
    mode: "missing",
    decision: "reject",
    role: "street_staff",
    redirectTo: "/",
    move: "decline",
    threshold: "3",
    confirm: "no",
    reason: "spam",
    secret: "1",
    building: "1号楼",
    unit: "1",
    room: "101",
    ms: "1000",
    textSize: "large",
    // Issue 17: notice preferences and channels.
    channel: "email",
    hour: "20",
    votes: "now",
    mine: "digest",
    threads: "now",
    requests: "off",
    moderation: "now",
  };
  if (field in table) return table[field];
  if (/Id$|^id$/.test(field)) return String(ids[field] ?? ids.any);
  return "测试内容";
}

const BAD_VALUES: [string, string | null][] = [
  ["missing", null],
  ["empty", ""],
  ["oversized", "长".repeat(100_000)],
  ["negative", "-1"],
  ["not a number", "abc"],
  ["huge number", "9".repeat(30)],
  ["markup", "<script>alert(1)</script>"],
  ["control", "\u0000\u202e"],
];

function pathFor(file: string, id: string): { url: string; params: Record<string, string> } {
  const segments = file
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => (s === "$id" ? id : s.replace(/_$/, "")));
  return { url: `/${segments.join("/")}`, params: file.includes("$id") ? { id } : {} };
}

let ids: Record<string, number>;
const scopes: Record<string, { in: string; out: string }> = {};

beforeAll(async () => {
  process.env.RATE_LIMITS = "off";
  const db = getDb();
  const inId = await placeId("幸福里小区");
  const out = await placeId("翠湖湾");
  const proposal = async (title: string) => (await db.selectFrom("proposals").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;
  const published = await proposal("1号楼加装电梯，请大家一起商量");
  const draft = await proposal("小区健身器材维修（草稿）");
  const vote = (await db.selectFrom("votes").select("id").executeTakeFirstOrThrow()).id;
  const resolution = (await db.selectFrom("resolutions").select("id").executeTakeFirstOrThrow()).id;
  const comment = (await db.selectFrom("comments").select("id").where("proposal_id", "=", published).executeTakeFirstOrThrow()).id;
  const residency = (await db.selectFrom("residencies").select("id").where("compound_id", "=", inId).where("status", "=", "pending").executeTakeFirstOrThrow())
    .id;
  ids = {
    any: 1,
    commentId: comment,
    parentId: comment,
    residencyId: residency,
    proposalId: published,
    mergeInto: draft,
    compoundId: inId,
    placeId: inId,
    voteId: vote,
  };
  scopes.compounds = { in: String(inId), out: String(out) };
  scopes.places = { in: String(inId), out: String(out) };
  scopes.proposals = { in: String(published), out: String(draft) };
  scopes.votes = { in: String(vote), out: "999999" };
  scopes.resolutions = { in: String(resolution), out: "999999" };
  // A request waiting at 幸福里社区 (its community staff hold it); none exists in another street.
  const request = (await db.selectFrom("requests").select("id").where("level", "=", "community").executeTakeFirstOrThrow()).id;
  scopes.requests = { in: String(request), out: "999999" };
});

afterAll(() => {
  delete process.env.RATE_LIMITS;
});

const withActions = Object.entries(modules)
  .filter(([, m]) => m.action)
  .map(([p]) => path.basename(p, ".tsx"))
  .sort();

describe("bad-input sweep", () => {
  it("covers every route with an action", () => {
    expect(withActions.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of withActions) {
    it(`${file}: no 500, and a refused request changes nothing`, async () => {
      const action = modules[`../../app/routes/${file}.tsx`].action!;
      const { fields, intents } = formShape(file);
      const scope = scopes[file.split(".")[0]];
      const targets = scope ? [scope.in, scope.out, "abc", "999999999999999999999"] : [""];
      let requests = 0;
      for (const persona of PERSONAS) {
        let cookie = await cookieFor(persona);
        let before = await checksum();
        for (const target of targets) {
          const { url, params } = pathFor(file, target);
          for (const intent of intents) {
            const base: Record<string, string> = Object.fromEntries(fields.map((f) => [f, plausible(f, ids)]));
            if (intent) base.intent = intent;
            const forms: { label: string; body: FormData }[] = [];
            const toForm = (o: Record<string, string | null>) => {
              const fd = new FormData();
              for (const [k, v] of Object.entries(o)) if (v !== null) fd.append(k, v);
              return fd;
            };
            forms.push({ label: "empty", body: new FormData() });
            for (const f of fields) for (const [label, value] of BAD_VALUES) forms.push({ label: `${f} ${label}`, body: toForm({ ...base, [f]: value }) });
            const doubled = toForm(base);
            for (const f of fields) doubled.append(f, "第二个值");
            forms.push({ label: "every field twice", body: doubled });
            if (intent) forms.push({ label: "unknown intent", body: toForm({ ...base, intent: "no-such-intent" }) });

            for (const { label, body } of forms) {
              requests++;
              const t0 = await writeMark();
              const r = await settle(() => action({ request: request(url, { cookie, form: body }), params, context: {} }));
              const where = `${persona} ${url} ${intent} ${label}`;
              expect(r.status, where).toBeLessThan(500);
              // Nothing written at all, or (when the request wrote and was refused) every table as it was.
              if ((await writeMark()) === t0) continue;
              const after = await checksum();
              // Every table as it was: nothing to check, and no session ended (the cookie still holds).
              if (after === before) continue;
              if (r.status >= 400) expect(changedTables(before, after), `${where}: a refused request changed a row`).toEqual([]);
              before = after;
              if (r.status >= 300 && r.status < 400 && persona !== "anon") {
                // Accepted: it may have signed the person out. A fresh session, and the tables as they now are.
                cookie = await cookieFor(persona);
                before = await checksum();
              }
            }
          }
        }
      }
      expect(requests).toBeGreaterThan(0);
    }, 300_000);
  }
});

// The public pages and feed (issue 17 · 3) have no action: their sweep is of the address. Every bad compound, id
// and page number is a 200 or a 404, never a 500, and reading writes nothing.
describe("bad-input sweep: public pages", () => {
  const PUBLIC_ROUTES = ["p.$compound._index", "p.$compound.resolutions.$id", "p.$compound.requests.$id", "p.$compound.feed"];
  const BAD_SEGMENTS = ["abc", "-1", "0", "1.5", "+1", "9".repeat(30), "%00", "<script>", "长".repeat(1000), "999999999"];

  it("covers every public route file", () => {
    const files = fs.readdirSync(path.join(APP, "routes")).filter((f) => f.startsWith("p."));
    expect(files.map((f) => f.replace(/\.tsx$/, "")).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  for (const file of PUBLIC_ROUTES) {
    it(`${file}: no 500 and nothing written, whatever the address`, async () => {
      const loader = (await import(`../../app/routes/${file}.tsx`)).loader as (a: {
        request: Request;
        params: Record<string, string>;
        context: object;
      }) => unknown;
      const good = { compound: scopes.compounds.in, id: file.includes("resolutions") ? scopes.resolutions.in : scopes.requests.in };
      const cases: Record<string, string>[] = [];
      for (const bad of BAD_SEGMENTS) {
        cases.push({ ...good, compound: bad });
        if (file.includes("$id")) cases.push({ ...good, id: bad }, { compound: scopes.compounds.out, id: bad });
      }
      for (const persona of ["anon", "resident"] as Persona[]) {
        const cookie = await cookieFor(persona);
        const t0 = await writeMark();
        for (const params of cases) {
          const url = `/p/${encodeURIComponent(params.compound)}${file.includes("$id") ? `/x/${encodeURIComponent(params.id)}` : ""}`;
          const r = await settle(() => loader({ request: request(url, { cookie }), params, context: {} }));
          expect([404], `${persona} ${JSON.stringify(params)}`).toContain(r.status);
        }
        for (const q of ["page=abc", "page=-1", "rpage=0", "page=99999999", "page=1e9", "rpage=%00", `page=${"9".repeat(400)}`]) {
          const r = await settle(() => loader({ request: request(`/p/${good.compound}?${q}`, { cookie }), params: good, context: {} }));
          expect(r.status, `${persona} ?${q}`).toBe(200);
        }
        expect(await writeMark(), `${persona}: reading a public page wrote something`).toBe(t0);
      }
    });
  }
});
