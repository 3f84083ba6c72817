// Issue 17 · 3: a compound's public pages and Atom feed, through their loaders. Read without signing in, the same
// for a signed-in person, nothing personal on them (no resident's name or full phone, no ballot of the secret vote),
// scoped by the compound of the address, cached only when no cookie came with the request.
import type { LoaderFunction } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { now } from "~/clock.server";
import { getDb } from "~/db.server";
import { moveRequest } from "~/features/requests/commands.server";
import { fileReport } from "~/features/requests/report-commands.server";
import { routeCacheHeaders } from "~/features/public/page.server";
import { loader as homeLoader } from "~/routes/p.$compound._index";
import { loader as feedLoader } from "~/routes/p.$compound.feed";
import { loader as requestLoader } from "~/routes/p.$compound.requests.$id";
import { loader as resolutionLoader } from "~/routes/p.$compound.resolutions.$id";
import { loader as frontDoorLoader } from "~/routes/_index";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { callLoader, cookieFor, placeId } from "../support/routes";
import { demoResolution, newRequest } from "../support/requests";
import { actorOf } from "../support/services";
import { childText, childrenNamed, parseXml } from "../support/xml";

const db = () => getDb();

async function ids() {
  const inId = await placeId("幸福里小区");
  const res = await demoResolution();
  const request = await db().selectFrom("requests").select("id").where("compound_id", "=", inId).orderBy("id").executeTakeFirstOrThrow();
  return { in: inId, out: await placeId("翠湖湾"), resolution: res.id, request: request.id, vote: (await voteOf(res.id)).vote_id };
}
const voteOf = (resolutionId: number) => db().selectFrom("resolutions").select("vote_id").where("id", "=", resolutionId).executeTakeFirstOrThrow();

/** Everything a page hands the browser, as one text to search. */
async function everything(cookie: string | null) {
  const i = await ids();
  const pages = await Promise.all([
    callLoader(homeLoader, `/p/${i.in}`, { compound: String(i.in) }, cookie),
    callLoader(resolutionLoader, `/p/${i.in}/resolutions/${i.resolution}`, { compound: String(i.in), id: String(i.resolution) }, cookie),
    callLoader(requestLoader, `/p/${i.in}/requests/${i.request}`, { compound: String(i.in), id: String(i.request) }, cookie),
    callLoader(feedLoader, `/p/${i.in}/feed`, { compound: String(i.in) }, cookie),
  ]);
  for (const p of pages) expect(p.status).toBe(200);
  return { pages, text: pages.map((p) => (typeof p.data === "string" ? p.data : JSON.stringify(p.data))).join("\n") };
}

describe("public pages without signing in", () => {
  it("an anonymous visitor reads the compound's resolutions and requests, one resolution and one request", async () => {
    const i = await ids();
    const { pages } = await everything(null);
    const home = pages[0].data as {
      compound: { name: string };
      resolutions: { items: { id: number }[] };
      requests: { items: { id: number; title: string }[] };
    };
    expect(home.compound.name).toBe("幸福里小区");
    expect(home.resolutions.items.map((r) => r.id)).toContain(i.resolution);
    expect(home.requests.items.map((r) => r.id)).toContain(i.request);
    const request = pages[2].data as { r: { id: number }; moves: { actor_role: string }[] };
    expect(request.r.id).toBe(i.request);
    expect(request.moves.length).toBeGreaterThan(0);
  });

  it("nothing personal: no resident's (or anyone's) name, no full phone, no person's id, no ballot of the secret vote", async () => {
    const i = await ids();
    const { text } = await everything(null);
    const people = await db()
      .selectFrom("users as u")
      .innerJoin("residencies as r", "r.user_id", "u.id")
      .select(["u.name", "u.phone"])
      .where("r.compound_id", "=", i.in)
      .execute();
    expect(people.length).toBeGreaterThan(10);
    for (const a of Object.values(DEMO_ACCOUNTS)) people.push({ name: a.name, phone: a.phone });
    for (const p of people) {
      expect(text, p.name).not.toContain(p.name);
      expect(text, p.phone).not.toContain(p.phone);
    }
    expect(text).not.toMatch(/actor_id|user_id|author_id|uploaded_by/);
    // The demo vote was secret: its ballots (receipts, choices one by one) and its electors' dwellings stay off.
    const vote = await db().selectFrom("votes").select("secret").where("id", "=", i.vote).executeTakeFirstOrThrow();
    expect(vote.secret).toBeTruthy();
    const receipts = await db().selectFrom("published_ballots").select(["receipt_hash", "chain_hash"]).where("vote_id", "=", i.vote).execute();
    const electors = await db().selectFrom("vote_electors").select(["label", "key"]).where("vote_id", "=", i.vote).execute();
    expect(receipts.length).toBeGreaterThan(0);
    for (const r of receipts) expect(text).not.toContain(r.receipt_hash);
    for (const e of electors) expect(text).not.toContain(e.key);
    expect(text).not.toMatch(/receipt|chain_hash|\d+单元 ?\d+室/);
  });

  it("a phone written into a request's free text is masked on the page and in the feed", async () => {
    const i = await ids();
    const id = await newRequest("repair", now(), "楼道灯维修");
    await moveRequest(await actorOf("coordinator"), { requestId: id, action: "escalate", reason: "联系物业 13912345678 未果" }, now());
    const page = await callLoader(requestLoader, `/p/${i.in}/requests/${id}`, { compound: String(i.in), id: String(id) });
    const text = JSON.stringify(page.data);
    expect(text).not.toContain("13912345678");
    expect(text).toContain("139****5678");
  });

  it("a direct report shows its title and steps, not the resident's own text", async () => {
    const i = await ids();
    const compound = await placeId("幸福里小区");
    const building = await getDb().selectFrom("places").select("id").where("parent_id", "=", compound).where("name", "=", "1号楼").executeTakeFirstOrThrow();
    const filed = await fileReport(
      await actorOf("resident"),
      {
        compoundId: compound,
        subcategory: "repair",
        buildingId: building.id,
        spot: null,
        title: "楼道灯不亮",
        body: "我家住三单元二楼，邻居老张说灯坏了一周。",
        files: [],
      },
      now(),
    );
    const page = await callLoader(requestLoader, `/p/${i.in}/requests/${filed.id}`, { compound: String(i.in), id: String(filed.id) });
    expect(page.status).toBe(200);
    const text = JSON.stringify(page.data);
    expect(text).toContain("楼道灯不亮");
    expect(text).not.toContain("邻居老张");
  });

  it("a signed-in person gets exactly what a passer-by gets, in a private answer that no shared cache keeps", async () => {
    const anon = await everything(null);
    for (const persona of ["resident", "coordinator", "admin"] as const) {
      const signed = await everything(await cookieFor(persona));
      expect(signed.text, persona).toBe(anon.text);
      for (const p of signed.pages) {
        expect(p.headers.get("Cache-Control"), persona).toBe("private, no-store");
        expect(p.headers.get("Vary")).toBe("Cookie");
      }
    }
    for (const p of anon.pages) {
      expect(p.headers.get("Cache-Control")).toBe("public, max-age=60");
      expect(p.headers.get("Vary")).toBe("Cookie");
    }
  });

  it("the page's headers: shared caching only when the layout sets no cookie and the page is no error", () => {
    const pub = new Headers({ "Cache-Control": "public, max-age=60" });
    const cc = (h: Headers) => h.get("Cache-Control");
    expect(cc(routeCacheHeaders({ loaderHeaders: pub, parentHeaders: new Headers() }))).toBe("public, max-age=60");
    expect(cc(routeCacheHeaders({ loaderHeaders: pub, parentHeaders: new Headers({ "Set-Cookie": "session=x" }) }))).toBe("private, no-store");
    expect(cc(routeCacheHeaders({ loaderHeaders: new Headers({ "Cache-Control": "private, no-store" }), parentHeaders: new Headers() }))).toBe(
      "private, no-store",
    );
    expect(cc(routeCacheHeaders({ loaderHeaders: pub, parentHeaders: new Headers(), errorHeaders: new Headers() }))).toBe("private, no-store");
  });
});

describe("scoped by the compound of the address", () => {
  const cases: [string, (i: Ids) => [LoaderFunction, string, Record<string, string>]][] = [
    [
      "another compound's resolution",
      (i) => [resolutionLoader, `/p/${i.out}/resolutions/${i.resolution}`, { compound: String(i.out), id: String(i.resolution) }],
    ],
    ["another compound's request", (i) => [requestLoader, `/p/${i.out}/requests/${i.request}`, { compound: String(i.out), id: String(i.request) }]],
    ["a resolution that does not exist", (i) => [resolutionLoader, `/p/${i.in}/resolutions/999999`, { compound: String(i.in), id: "999999" }]],
    ["a request id that is not a number", (i) => [requestLoader, `/p/${i.in}/requests/abc`, { compound: String(i.in), id: "abc" }]],
  ];
  it.each(cases)("%s → 404", async (_label, make) => {
    const [loader, path, params] = make(await ids());
    const r = await callLoader(loader, path, params);
    expect(r.status).toBe(404);
    expect(r.data).toBe("error.notFound");
  });

  it.each([
    ["a compound that does not exist", "999999"],
    ["a building, not a compound", "building"],
    ["not a number", "abc"],
    ["a number with a sign", "+1"],
    ["a huge number", "9".repeat(30)],
  ])("%s → 404 on every page, with a Chinese message on the feed", async (_label, raw) => {
    const i = await ids();
    const building = (await db().selectFrom("places").select("id").where("parent_id", "=", i.in).executeTakeFirstOrThrow()).id;
    const c = raw === "building" ? String(building) : raw;
    for (const [loader, path, params] of [
      [homeLoader, `/p/${c}`, { compound: c }],
      [resolutionLoader, `/p/${c}/resolutions/${i.resolution}`, { compound: c, id: String(i.resolution) }],
      [requestLoader, `/p/${c}/requests/${i.request}`, { compound: c, id: String(i.request) }],
    ] as const) {
      const r = await callLoader(loader, path, params);
      expect([path, r.status, r.data]).toEqual([path, 404, "public.noCompound"]);
    }
    const feed = await callLoader(feedLoader, `/p/${c}/feed`, { compound: c });
    expect(feed.status).toBe(404);
    expect(feed.data).toBe("找不到这个小区：地址中的小区编号不存在。");
    expect(feed.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
  });
});
type Ids = Awaited<ReturnType<typeof ids>>;

describe("the Atom feed", () => {
  it("is well-formed Atom (strict checker, tests/support/xml.ts): the adopted resolution and the request steps, newest first, linking to public pages that open", async () => {
    const i = await ids();
    const r = await callLoader(feedLoader, `/p/${i.in}/feed`, { compound: String(i.in) });
    expect(r.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const root = parseXml(r.data as string);
    expect(root.name).toBe("feed");
    expect(childText(root, "title")).toBe("幸福里小区 · 决议与项目进展");
    const entries = childrenNamed(root, "entry");
    const moves = await db()
      .selectFrom("request_moves as m")
      .innerJoin("requests as q", "q.id", "m.request_id")
      .select("m.id")
      .where("q.compound_id", "=", i.in)
      .execute();
    expect(entries.length).toBe(moves.length + 1);
    const updated = entries.map((e) => childText(e, "updated"));
    for (const u of updated) expect(u).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect([...updated].sort().reverse()).toEqual(updated);
    expect(new Set(entries.map((e) => childText(e, "id"))).size).toBe(entries.length);
    expect(entries.some((e) => childText(e, "title")!.startsWith("决议 "))).toBe(true);
    for (const e of entries) {
      const href = childrenNamed(e, "link")[0].attrs.href;
      const url = new URL(href);
      const m = /^\/p\/(\d+)\/(resolutions|requests)\/(\d+)$/.exec(url.pathname)!;
      expect(m[1]).toBe(String(i.in));
      const opened = await callLoader(m[2] === "requests" ? requestLoader : resolutionLoader, url.pathname, { compound: m[1], id: m[3] });
      expect(opened.status).toBe(200);
    }
  });

  it("escapes what residents and staff type: a request titled with markup stays well-formed", async () => {
    const i = await ids();
    await newRequest("repair", now(), `门禁 & <对讲> "试点" ]]>`);
    const r = await callLoader(feedLoader, `/p/${i.in}/feed`, { compound: String(i.in) });
    const titles = childrenNamed(parseXml(r.data as string), "entry").map((e) => childText(e, "title"));
    expect(titles).toContain(`项目「门禁 & <对讲> "试点" ]]>」：立项，待受理`);
  });
});

describe("the front door", () => {
  it("lists the compounds with a public record for a passer-by", async () => {
    const r = await callLoader(frontDoorLoader, "/");
    const compounds = (r.data as { compounds: { id: number; name: string }[] }).compounds;
    expect(compounds.map((c) => c.name)).toContain("幸福里小区");
  });
});
