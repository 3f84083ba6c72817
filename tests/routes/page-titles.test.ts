// Page titles come from the catalog (issue 13 · 5): every route's meta builds its title from the root
// loader's locale, and no route keeps a hard-coded Chinese title.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = path.resolve(__dirname, "../../app/routes");
const modules = import.meta.glob<{ meta?: (args: unknown) => { title?: string }[] }>("../../app/routes/*.tsx");
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function metaArgs(locale: string | undefined, data: unknown) {
  const rootData = locale ? { locale } : undefined;
  return { data, params: {}, location: { pathname: "/" }, error: undefined, matches: [{ id: "root", pathname: "/", data: rootData, params: {}, meta: [] }] };
}

function titleOf(meta: (args: unknown) => { title?: string }[], locale: string | undefined, data?: unknown): string {
  const title = meta(metaArgs(locale, data)).find((d) => "title" in d)?.title;
  expect(title).toBeTypeOf("string");
  return title!;
}

describe("issue 13 · 5: page titles from the catalog", () => {
  it("issue 13 · 5: every route's title is English under the English locale and Chinese otherwise", async () => {
    let withMeta = 0;
    for (const [file, load] of Object.entries(modules)) {
      const mod = await load();
      if (!mod.meta) continue;
      withMeta++;
      const en = titleOf(mod.meta, "en");
      expect(en, file).not.toMatch(CJK);
      expect(en, file).toMatch(/Gongzhi|Notice/);
      expect(titleOf(mod.meta, "zh-CN"), file).toMatch(CJK);
      // Without the root's data (its loader failed), Chinese.
      expect(titleOf(mod.meta, undefined), file).toBe(titleOf(mod.meta, "zh-CN"));
    }
    expect(withMeta).toBeGreaterThanOrEqual(40);
  });

  it("issue 13 · 5: titles that carry a record's name put it in the page's language", async () => {
    const proposal = (await import("~/routes/proposals.$id._index")).meta as unknown as (a: unknown) => { title?: string }[];
    expect(titleOf(proposal, "en", { proposal: { title: "清理僵尸车" } })).toBe("清理僵尸车 · Gongzhi");
    expect(titleOf(proposal, "zh-CN", { proposal: { title: "清理僵尸车" } })).toBe("清理僵尸车 · 共治");
    const vote = (await import("~/routes/votes.$id._index")).meta as unknown as (a: unknown) => { title?: string }[];
    expect(titleOf(vote, "en", { vote: { title: "Parking" } })).toBe("Parking · Vote · Gongzhi");
    const resolution = (await import("~/routes/resolutions.$id._index")).meta as unknown as (a: unknown) => { title?: string }[];
    expect(titleOf(resolution, "en", { number: "2026-003" })).toBe("Resolution 2026-003 · Gongzhi");
    expect(titleOf(resolution, "zh-CN", { number: "2026-003" })).toBe("决议 2026-003 · 共治");
    const metrics = (await import("~/routes/places.$id.metrics")).meta as unknown as (a: unknown) => { title?: string }[];
    expect(titleOf(metrics, "en", { place: { name: "东湖街道" } })).toBe("东湖街道 · Request statistics · Gongzhi");
  });

  it("issue 13 · 5: no route module writes a Chinese string in its meta", () => {
    const offenders: string[] = [];
    for (const name of fs.readdirSync(ROUTES)) {
      if (!/\.tsx?$/.test(name)) continue;
      const text = fs.readFileSync(path.join(ROUTES, name), "utf8");
      const start = text.indexOf("export const meta");
      if (start < 0) continue;
      // The meta function runs to the next top-level statement.
      const rest = text.slice(start);
      const end = rest.search(/\n(?:export |const |function |async function |\/\*\*|\/\/)/);
      const body = end < 0 ? rest : rest.slice(0, end);
      if (CJK.test(body) || /title:\s*[`"']/.test(body)) offenders.push(name);
      if (!body.includes("pageTitle(")) offenders.push(`${name} (no pageTitle)`);
    }
    expect(offenders).toEqual([]);
  });
});
