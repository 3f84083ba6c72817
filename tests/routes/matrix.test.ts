/// <reference types="vite/client" />
// The route × role matrix: every route, every role, inside and outside its scope. Each cell is the answer
// the permission module must give: 200 (or a redirect where the page sends one on), 403, or 404.
import fs from "node:fs";
import path from "node:path";
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { type Persona, callAction, callLoader, cookieFor, placeId, snapshot } from "../support/routes";

type Mod = { loader?: LoaderFunction; action?: ActionFunction };
const modules = import.meta.glob<Mod>("../../app/routes/*.tsx", { eager: true });
const mod = (file: string) => {
  const m = modules[`../../app/routes/${file}.tsx`];
  if (!m) throw new Error(`no route file ${file}`);
  return m;
};

const PERSONAS: Persona[] = [
  "anon",
  "resident",
  "newcomer",
  "coordinator",
  "communityCoordinator",
  "buildingLead",
  "communityStaff",
  "streetStaff",
  "departmentStaff",
  "admin",
];

// R = redirect (3xx). "in" = 幸福里小区 (inside the demo roles' scope), "out" = 翠湖湾 (another street).
type Expect = 200 | 400 | 403 | 404 | "R";
type Row = Partial<Record<Persona, Expect>> & { default: Expect };

const signedIn = (x: Expect): Row => ({ anon: "R", default: x });
const adminOnly: Row = { anon: "R", admin: 200, default: 403 };
// Compound management pages: coordinator of the compound and administrators; others who can see the compound get 403.
const manage = (ok: Expect): Row => ({
  anon: "R",
  coordinator: ok,
  admin: ok,
  resident: 403,
  buildingLead: 403,
  communityStaff: 403,
  streetStaff: 403,
  default: 404,
});
const seesCompound: Row = { anon: "R", resident: 200, buildingLead: 200, coordinator: 200, communityStaff: 200, streetStaff: 200, admin: 200, default: 404 };
const outside: Row = { anon: "R", admin: 200, default: 404 };
// What only the compound's verified residents may do: others who see the compound get 403 (administrators too).
const residentsOfIn = (ok: Expect): Row => ({
  ...seesCompound,
  resident: ok,
  buildingLead: ok,
  coordinator: 403,
  communityStaff: 403,
  streetStaff: 403,
  admin: 403,
});

interface Case {
  path: (ids: Ids) => string;
  params?: (ids: Ids) => Record<string, string>;
  get?: Row;
  /** fresh: sign in anew for this request (signing out ends the session it uses). */
  post?: { form: (ids: Ids) => Record<string, string>; expect: Row; fresh?: boolean };
}
interface Ids {
  vote: number;
  resolution: number;
  submitted: number;
  published: number;
  draft: number;
  in: number;
  out: number;
  street: number;
  building: number;
  pending: number;
  residency: number;
  request: number;
}

// Each POST sends a form that an allowed role gets 400 for (so nothing changes), or a harmless real act.
const MATRIX: Record<string, Case[]> = {
  _index: [{ path: () => "/", get: { default: 200 } }],
  login: [
    {
      path: () => "/login",
      get: { anon: 200, default: "R" },
      post: { form: () => ({ phone: "123", password: "" }), expect: { default: 400 } },
    },
  ],
  register: [
    {
      path: () => "/register",
      get: { anon: 200, default: "R" },
      post: { form: () => ({ phone: "123", name: "", password: "short" }), expect: { default: 400 } },
    },
  ],
  logout: [{ path: () => "/logout", get: { default: "R" }, post: { form: () => ({}), expect: { default: "R" }, fresh: true } }],
  language: [{ path: () => "/language", get: { default: "R" }, post: { form: () => ({ locale: "fr" }), expect: { default: "R" } } }],
  // Elderly mode (issue 17 · 5): anyone may switch; a value other than large or normal is a 400 for everyone.
  "text-size": [{ path: () => "/text-size", get: { default: "R" }, post: { form: () => ({ textSize: "huge" }), expect: { default: 400 } } }],
  account: [{ path: () => "/account", get: signedIn(200), post: { form: () => ({ current: "", next: "x" }), expect: signedIn(400) } }],
  "account_.data": [{ path: () => "/account/data", get: signedIn(200) }],
  "account_.close": [{ path: () => "/account/close", get: signedIn(200), post: { form: () => ({ password: "", confirm: "no" }), expect: signedIn(400) } }],
  "account_.sessions": [
    { path: () => "/account/sessions", get: signedIn(200), post: { form: () => ({ intent: "end", session: "not-a-handle" }), expect: signedIn(400) } },
  ],
  claim: [
    { path: () => "/claim", get: signedIn(200), post: { form: () => ({ compoundId: "abc" }), expect: signedIn(400) } },
    { path: (i) => `/claim?compound=${i.out}`, get: signedIn(200) },
  ],
  redeem: [{ path: () => "/redeem", get: signedIn(200), post: { form: () => ({ code: "0O1I", relation: "owner" }), expect: signedIn(400) } }],
  review: [
    {
      path: () => "/review",
      get: { anon: "R", coordinator: 200, communityCoordinator: 200, admin: 200, default: 403 },
      post: {
        form: (i) => ({ residencyId: String(i.pending), decision: "reject", reason: "" }),
        expect: { anon: "R", coordinator: 400, admin: 400, resident: 403, buildingLead: 403, communityStaff: 403, streetStaff: 403, default: 404 },
      },
    },
  ],
  "compounds.$id._index": [
    {
      path: (i) => `/compounds/${i.in}`,
      params: (i) => ({ id: String(i.in) }),
      // The newcomer's claim there waits for review: they are told so (issue 12 · 23).
      get: { ...seesCompound, newcomer: 200 },
      post: { form: () => ({ threshold: "0" }), expect: manage(400) },
    },
    { path: (i) => `/compounds/${i.out}`, params: (i) => ({ id: String(i.out) }), get: outside },
    { path: () => "/compounds/999999", params: () => ({ id: "999999" }), get: { anon: "R", default: 404 } },
    { path: () => "/compounds/abc", params: () => ({ id: "abc" }), get: { anon: "R", default: 404 } },
  ],
  "compounds.$id.residents": [
    {
      path: (i) => `/compounds/${i.in}/residents`,
      params: (i) => ({ id: String(i.in) }),
      get: manage(200),
      post: { form: (i) => ({ residencyId: String(i.residency), reason: "" }), expect: manage(400) },
    },
    { path: (i) => `/compounds/${i.out}/residents`, params: (i) => ({ id: String(i.out) }), get: outside },
  ],
  "compounds.$id.codes._index": [
    {
      path: (i) => `/compounds/${i.in}/codes`,
      params: (i) => ({ id: String(i.in) }),
      get: manage(200),
      post: { form: () => ({ mode: "everything" }), expect: manage(400) },
    },
    { path: (i) => `/compounds/${i.out}/codes`, params: (i) => ({ id: String(i.out) }), get: outside },
  ],
  "compounds.$id.codes.print": [
    { path: (i) => `/compounds/${i.in}/codes/print`, params: (i) => ({ id: String(i.in) }), get: manage(200) },
    { path: (i) => `/compounds/${i.out}/codes/print`, params: (i) => ({ id: String(i.out) }), get: outside },
  ],
  "places._index": [{ path: () => "/places", get: signedIn(200) }],
  "places.$id._index": [
    {
      path: (i) => `/places/${i.in}`,
      params: (i) => ({ id: String(i.in) }),
      get: seesCompound,
      post: {
        form: () => ({ intent: "add-place", name: "" }),
        expect: { anon: "R", admin: 400, resident: 403, buildingLead: 403, coordinator: 403, communityStaff: 403, streetStaff: 403, default: 404 },
      },
    },
    {
      path: (i) => `/places/${i.street}`,
      params: (i) => ({ id: String(i.street) }),
      get: { anon: "R", streetStaff: 200, departmentStaff: 200, admin: 200, default: 404 },
      post: {
        form: () => ({ intent: "grant-role", phone: "1", role: "street_staff" }),
        expect: { anon: "R", admin: 400, streetStaff: 403, departmentStaff: 403, default: 404 },
      },
    },
    {
      path: (i) => `/places/${i.building}`,
      params: (i) => ({ id: String(i.building) }),
      get: { anon: "R", resident: 200, buildingLead: 200, coordinator: 200, communityStaff: 200, streetStaff: 200, admin: 200, default: 404 },
    },
    { path: (i) => `/places/${i.out}`, params: (i) => ({ id: String(i.out) }), get: outside },
  ],
  "places.$id.roster": [
    {
      path: (i) => `/places/${i.in}/roster`,
      params: (i) => ({ id: String(i.in) }),
      get: { ...manage(200), coordinator: 403 },
      post: { form: () => ({}), expect: { ...manage(400), coordinator: 403 } },
    },
    { path: (i) => `/places/${i.out}/roster`, params: (i) => ({ id: String(i.out) }), get: outside },
  ],
  "compounds.$id.proposals.new": [
    {
      path: (i) => `/compounds/${i.in}/proposals/new`,
      params: (i) => ({ id: String(i.in) }),
      get: { anon: "R", resident: 200, buildingLead: 200, admin: 403, coordinator: 403, communityStaff: 403, streetStaff: 403, default: 404 },
      post: {
        form: () => ({ intent: "save", title: "", body: "", category: "housing" }),
        expect: { anon: "R", resident: 400, buildingLead: 400, admin: 403, coordinator: 403, communityStaff: 403, streetStaff: 403, default: 404 },
      },
    },
    { path: (i) => `/compounds/${i.out}/proposals/new`, params: (i) => ({ id: String(i.out) }), get: { anon: "R", admin: 403, default: 404 } },
  ],
  "compounds.$id.proposals.review": [
    { path: (i) => `/compounds/${i.in}/proposals/review`, params: (i) => ({ id: String(i.in) }), get: manage(200) },
    { path: (i) => `/compounds/${i.out}/proposals/review`, params: (i) => ({ id: String(i.out) }), get: outside },
  ],
  "compounds.$id.reports": [
    {
      path: (i) => `/compounds/${i.in}/reports`,
      params: (i) => ({ id: String(i.in) }),
      get: manage(200),
      post: { form: () => ({ reportId: "x" }), expect: manage(400) },
    },
    { path: (i) => `/compounds/${i.out}/reports`, params: (i) => ({ id: String(i.out) }), get: outside },
  ],
  "compounds.$id.search": [
    { path: (i) => `/compounds/${i.in}/search?q=电梯`, params: (i) => ({ id: String(i.in) }), get: seesCompound },
    { path: (i) => `/compounds/${i.out}/search?q=电梯`, params: (i) => ({ id: String(i.out) }), get: outside },
  ],
  "proposals.$id._index": [
    { path: (i) => `/proposals/${i.published}`, params: (i) => ({ id: String(i.published) }), get: seesCompound },
    {
      path: (i) => `/proposals/${i.submitted}`,
      params: (i) => ({ id: String(i.submitted) }),
      get: seesCompound,
      post: {
        form: () => ({ intent: "move", move: "decline", reason: "" }),
        expect: { anon: "R", coordinator: 400, admin: 400, resident: 403, buildingLead: 403, communityStaff: 403, streetStaff: 403, default: 404 },
      },
    },
    { path: (i) => `/proposals/${i.draft}`, params: (i) => ({ id: String(i.draft) }), get: { anon: "R", resident: 200, default: 404 } },
    { path: () => "/proposals/999999", params: () => ({ id: "999999" }), get: { anon: "R", default: 404 } },
  ],
  "proposals.$id.edit": [
    {
      path: (i) => `/proposals/${i.draft}/edit`,
      params: (i) => ({ id: String(i.draft) }),
      get: { anon: "R", resident: 200, default: 404 },
      post: { form: () => ({ intent: "save", title: "", body: "x", category: "housing" }), expect: { anon: "R", resident: 400, default: 404 } },
    },
    {
      path: (i) => `/proposals/${i.published}/edit`,
      params: (i) => ({ id: String(i.published) }),
      get: { anon: "R", resident: 403, buildingLead: 403, coordinator: 403, communityStaff: 403, streetStaff: 403, admin: 403, default: 404 },
    },
  ],
  "proposals.$id.vote": [
    {
      path: (i) => `/proposals/${i.published}/vote`,
      params: (i) => ({ id: String(i.published) }),
      get: { anon: "R", coordinator: 200, admin: 200, resident: 403, buildingLead: 403, communityStaff: 403, streetStaff: 403, default: 404 },
      post: {
        form: () => ({ rule: "majority", per: "person", quorumPercent: "50", opensAt: "x", closesAt: "y" }),
        expect: { anon: "R", coordinator: 400, admin: 400, resident: 403, buildingLead: 403, communityStaff: 403, streetStaff: 403, default: 404 },
      },
    },
  ],
  "votes.$id._index": [
    {
      path: (i) => `/votes/${i.vote}`,
      params: (i) => ({ id: String(i.vote) }),
      get: seesCompound,
      post: {
        form: () => ({ intent: "cast", choice: "maybe" }),
        expect: { ...seesCompound, resident: 400, buildingLead: 400, coordinator: 400, communityStaff: 400, streetStaff: 400, admin: 400 },
      },
    },
    { path: () => "/votes/999999", params: () => ({ id: "999999" }), get: { anon: "R", default: 404 } },
  ],
  "votes.$id.turnout": [
    {
      path: (i) => `/votes/${i.vote}/turnout`,
      params: (i) => ({ id: String(i.vote) }),
      get: { anon: "R", coordinator: 200, admin: 200, buildingLead: 200, resident: 403, communityStaff: 403, streetStaff: 403, default: 404 },
    },
  ],
  // A closed vote's published record is public (issue 12 · 16): the notice's QR code leads a passer-by here.
  "votes.$id.ballots": [
    { path: (i) => `/votes/${i.vote}/ballots`, params: (i) => ({ id: String(i.vote) }), get: { default: 200 } },
    { path: () => "/votes/999999/ballots", params: () => ({ id: "999999" }), get: { default: 404 } },
  ],
  "resolutions.$id._index": [{ path: (i) => `/resolutions/${i.resolution}`, params: (i) => ({ id: String(i.resolution) }), get: { default: 200 } }],
  "resolutions.$id.notice": [{ path: (i) => `/resolutions/${i.resolution}/notice`, params: (i) => ({ id: String(i.resolution) }), get: { default: 200 } }],
  "i18n.$locale": [
    { path: () => "/i18n/zh-CN", params: () => ({ locale: "zh-CN" }), get: { default: 200 } },
    { path: () => "/i18n/fr", params: () => ({ locale: "fr" }), get: { default: 404 } },
  ],
  "bench.page": [{ path: () => "/bench/page", get: { default: 404 } }],
  "bench.noop": [{ path: () => "/bench/noop", get: { default: 404 }, post: { form: () => ({ x: "1" }), expect: { default: 404 } } }],
  "test.clock": [{ path: () => "/test/clock", get: { default: 404 }, post: { form: () => ({ ms: "1000" }), expect: { default: 404 } } }],
  "my.proposals": [{ path: () => "/my/proposals", get: signedIn(200) }],
  notifications: [{ path: () => "/notifications", get: signedIn(200), post: { form: () => ({ id: "none" }), expect: signedIn(400) } }],
  "admin._index": [{ path: () => "/admin", get: adminOnly }],
  "admin.roles": [
    { path: () => "/admin/roles", get: adminOnly, post: { form: () => ({ intent: "revoke", grantId: "x" }), expect: { anon: "R", admin: 400, default: 403 } } },
  ],
  "admin.audit": [{ path: () => "/admin/audit", get: adminOnly }],
  "admin.requests": [{ path: () => "/admin/requests?state=received&level=community&category=x&before=y", get: adminOnly }],
  "admin.rules": [
    {
      path: () => "/admin/rules",
      get: adminOnly,
      post: { form: () => ({ intent: "add-day", date: "x", kind: "holiday" }), expect: { anon: "R", admin: 400, default: 403 } },
    },
  ],
  "admin.responsibilities": [
    { path: () => "/admin/responsibilities", get: adminOnly, post: { form: () => ({ street: "x" }), expect: { anon: "R", admin: 400, default: 403 } } },
  ],
  "resolutions.$id.requests.new": [
    {
      path: (i) => `/resolutions/${i.resolution}/requests/new`,
      params: (i) => ({ id: String(i.resolution) }),
      get: manage(200),
      post: { form: () => ({ title: "", body: "", subcategory: "parking", budget: "1", funding: "other" }), expect: manage(400) },
    },
  ],
  "requests._index": [{ path: () => "/requests", get: signedIn(200), post: { form: () => ({}), expect: { default: "R" } } }],
  "requests.$id._index": [
    {
      // Waiting at 幸福里社区: its community staff (and administrators) hold it; others who see it may not move it.
      path: (i) => `/requests/${i.request}`,
      params: (i) => ({ id: String(i.request) }),
      get: seesCompound,
      post: {
        form: () => ({ intent: "move", action: "escalate", reason: "" }),
        expect: { anon: "R", communityStaff: 400, admin: 400, resident: 403, buildingLead: 403, coordinator: 403, streetStaff: 403, default: 404 },
      },
    },
    { path: () => "/requests/999999", params: () => ({ id: "999999" }), get: { anon: "R", default: 404 } },
  ],
  "evidence.$id": [{ path: () => "/evidence/999999", params: () => ({ id: "999999" }), get: { anon: "R", default: 404 } }],
  "places.$id.metrics": [
    { path: (i) => `/places/${i.in}/metrics`, params: (i) => ({ id: String(i.in) }), get: seesCompound },
    {
      path: (i) => `/places/${i.street}/metrics`,
      params: (i) => ({ id: String(i.street) }),
      get: { anon: "R", streetStaff: 200, departmentStaff: 200, admin: 200, default: 404 },
    },
    { path: (i) => `/places/${i.out}/metrics`, params: (i) => ({ id: String(i.out) }), get: outside },
    { path: (i) => `/places/${i.building}/metrics`, params: (i) => ({ id: String(i.building) }), get: { anon: "R", default: 404 } },
  ],
  "places.$id.metrics.csv": [{ path: (i) => `/places/${i.in}/metrics/csv?table=supply`, params: (i) => ({ id: String(i.in) }), get: seesCompound }],
  // No loader: a static page, checked in the browser tests.
  "open-data": [],
  "api.resolutions": [{ path: () => "/api/resolutions", get: { default: 200 } }],
  "api.votes.$id": [
    { path: (i) => `/api/votes/${i.vote}`, params: (i) => ({ id: String(i.vote) }), get: { default: 200 } },
    { path: () => "/api/votes/999999", params: () => ({ id: "999999" }), get: { default: 404 } },
  ],
  "api.requests._index": [{ path: () => "/api/requests?per=10", get: { default: 200 } }],
  "api.requests.$id": [{ path: (i) => `/api/requests/${i.request}`, params: (i) => ({ id: String(i.request) }), get: { default: 200 } }],
  // A compound's public pages and feed (issue 17 · 3): open to everyone, scoped by the compound in the address.
  "p.$compound._index": [
    { path: (i) => `/p/${i.in}`, params: (i) => ({ compound: String(i.in) }), get: { default: 200 } },
    { path: (i) => `/p/${i.out}`, params: (i) => ({ compound: String(i.out) }), get: { default: 200 } },
    { path: () => "/p/999999", params: () => ({ compound: "999999" }), get: { default: 404 } },
    { path: (i) => `/p/${i.building}`, params: (i) => ({ compound: String(i.building) }), get: { default: 404 } },
  ],
  "p.$compound.resolutions.$id": [
    { path: (i) => `/p/${i.in}/resolutions/${i.resolution}`, params: (i) => ({ compound: String(i.in), id: String(i.resolution) }), get: { default: 200 } },
    { path: (i) => `/p/${i.out}/resolutions/${i.resolution}`, params: (i) => ({ compound: String(i.out), id: String(i.resolution) }), get: { default: 404 } },
  ],
  "p.$compound.requests.$id": [
    { path: (i) => `/p/${i.in}/requests/${i.request}`, params: (i) => ({ compound: String(i.in), id: String(i.request) }), get: { default: 200 } },
    { path: (i) => `/p/${i.out}/requests/${i.request}`, params: (i) => ({ compound: String(i.out), id: String(i.request) }), get: { default: 404 } },
  ],
  "p.$compound.feed": [
    { path: (i) => `/p/${i.in}/feed`, params: (i) => ({ compound: String(i.in) }), get: { default: 200 } },
    { path: () => "/p/999999/feed", params: () => ({ compound: "999999" }), get: { default: 404 } },
  ],
  // Direct reports (issue 17 · 4): verified residents of the compound report and +1; its coordinator merges.
  "compounds.$id.report": [
    {
      path: (i) => `/compounds/${i.in}/report`,
      params: (i) => ({ id: String(i.in) }),
      get: residentsOfIn(200),
      post: { form: (i) => ({ subcategory: "repair", building: String(i.building), title: "", body: "x" }), expect: residentsOfIn(400) },
    },
    { path: (i) => `/compounds/${i.out}/report`, params: (i) => ({ id: String(i.out) }), get: { anon: "R", admin: 403, default: 404 } },
  ],
  "requests.$id.support": [
    {
      // A real +1 by the compound's residents (they then follow the request); others who see it are refused.
      path: (i) => `/requests/${i.request}/support`,
      params: (i) => ({ id: String(i.request) }),
      get: { default: "R" },
      post: { form: () => ({}), expect: residentsOfIn("R") },
    },
  ],
  // Acting on behalf (issue 17 · 6): building leads and coordinators start it; ending it is for anyone signed in
  // (a session acting for no one is sent back with a message); the record of acts done for me is mine.
  behalf: [
    {
      path: () => "/behalf",
      get: { anon: "R", buildingLead: 200, coordinator: 200, communityCoordinator: 200, default: 403 },
      post: {
        form: () => ({ intent: "code", phone: "12" }),
        expect: { anon: "R", buildingLead: 400, coordinator: 400, communityCoordinator: 400, default: 403 },
      },
    },
  ],
  "behalf.end": [{ path: () => "/behalf/end", get: { default: 404 }, post: { form: () => ({}), expect: { default: "R" } } }],
  "account_.behalf": [{ path: () => "/account/behalf", get: signedIn(200) }],
  "requests.$id.merge": [
    {
      path: (i) => `/requests/${i.request}/merge`,
      params: (i) => ({ id: String(i.request) }),
      get: manage(200),
      post: { form: () => ({ into: "x" }), expect: manage(400) },
    },
    { path: () => "/requests/999999/merge", params: () => ({ id: "999999" }), get: { anon: "R", default: 404 } },
  ],
  // Issue 17: one's own notice preferences, channels and push subscriptions; the administrator's failed deliveries.
  "account_.notices": [
    { path: () => "/account/notices", get: signedIn(200), post: { form: () => ({ votes: "sometimes", hour: "25" }), expect: signedIn(400) } },
  ],
  "account_.contacts": [
    { path: () => "/account/contacts", get: signedIn(200), post: { form: () => ({ intent: "verify", channel: "email", code: "x" }), expect: signedIn(400) } },
  ],
  "push.subscribe": [{ path: () => "/push/subscribe", post: { form: () => ({ intent: "subscribe", endpoint: "x" }), expect: signedIn(400) } }],
  "admin.outbox": [{ path: () => "/admin/outbox", get: adminOnly, post: { form: () => ({ id: "x" }), expect: { anon: "R", admin: 400, default: 403 } } }],
};

function classify(status: number): Expect {
  if (status >= 300 && status < 400) return "R";
  return status as Expect;
}

let ids: Ids;
const cookies = new Map<Persona, string | null>();

beforeAll(async () => {
  const db = getDb();
  const inId = await placeId("幸福里小区");
  const building = await db.selectFrom("places").select("id").where("parent_id", "=", inId).where("name", "=", "1号楼").executeTakeFirstOrThrow();
  const pending = await db.selectFrom("residencies").select("id").where("compound_id", "=", inId).where("status", "=", "pending").executeTakeFirstOrThrow();
  const residency = await db.selectFrom("residencies").select("id").where("compound_id", "=", inId).where("status", "=", "verified").executeTakeFirstOrThrow();
  const proposal = async (title: string) => (await db.selectFrom("proposals").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;
  ids = {
    vote: (await db.selectFrom("votes").select("id").executeTakeFirstOrThrow()).id,
    resolution: (await db.selectFrom("resolutions").select("id").executeTakeFirstOrThrow()).id,
    submitted: await proposal("垃圾分类投放点加装洗手池"),
    published: await proposal("1号楼加装电梯，请大家一起商量"),
    draft: await proposal("小区健身器材维修（草稿）"),
    in: inId,
    out: await placeId("翠湖湾"),
    street: await placeId("东湖街道"),
    building: building.id,
    pending: pending.id,
    residency: residency.id,
    request: (await db.selectFrom("requests").select("id").where("level", "=", "community").executeTakeFirstOrThrow()).id,
  };
  for (const p of PERSONAS) cookies.set(p, await cookieFor(p));
});

describe("route × role matrix", () => {
  it("covers every route file that exists", () => {
    const files = fs
      .readdirSync(path.resolve(__dirname, "../../app/routes"))
      .filter((f) => f.endsWith(".tsx"))
      .map((f) => f.replace(/\.tsx$/, ""));
    expect(files.sort()).toEqual(Object.keys(MATRIX).sort());
    for (const f of files) {
      const m = mod(f);
      const cases = MATRIX[f];
      if (m.loader)
        expect(
          cases.some((c) => c.get),
          `${f} has a loader`,
        ).toBe(true);
      if (m.action)
        expect(
          cases.some((c) => c.post),
          `${f} has an action`,
        ).toBe(true);
    }
  });

  for (const [file, cases] of Object.entries(MATRIX)) {
    for (const c of cases) {
      for (const persona of PERSONAS) {
        if (c.get) {
          const want = c.get[persona] ?? c.get.default;
          it(`GET ${file} as ${persona} → ${want}`, async () => {
            const loader = mod(file).loader!;
            const r = await callLoader(loader, c.path(ids), c.params?.(ids) ?? {}, cookies.get(persona) ?? null);
            expect(classify(r.status), `${c.path(ids)}`).toBe(want);
          });
        }
        if (c.post) {
          const want = c.post.expect[persona] ?? c.post.expect.default;
          it(`POST ${file} as ${persona} → ${want}`, async () => {
            const action = mod(file).action!;
            const before = want === "R" ? null : await snapshot();
            const cookie = c.post!.fresh ? await cookieFor(persona) : (cookies.get(persona) ?? null);
            const r = await callAction(action, c.path(ids), c.post!.form(ids), c.params?.(ids) ?? {}, cookie);
            expect(classify(r.status), `${c.path(ids)}`).toBe(want);
            if (before !== null) expect(await snapshot()).toBe(before);
          });
          it(`POST ${file} as ${persona} from another origin → 403`, async () => {
            const action = mod(file).action!;
            const before = await snapshot();
            const r = await callAction(action, c.path(ids), c.post!.form(ids), c.params?.(ids) ?? {}, cookies.get(persona) ?? null, "http://evil.example");
            expect(r.status).toBe(403);
            expect(r.data).toBe("error.origin");
            expect(await snapshot()).toBe(before);
          });
        }
      }
    }
  }
});
