// Direct reports (随手拍, issue 17 · 4) through their routes: bad input and permissions answered with a status
// and a Chinese message, nothing written (no row, no photo on disk); the two-step form that offers likely
// duplicates before filing (no JavaScript needed); "+1" and the coordinator's merge.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { getDb, uploadDir } from "~/db.server";
import { translate } from "~/i18n";
import { action as mergeAction, loader as mergeLoader } from "~/routes/requests.$id.merge";
import { action as reportAction, loader as reportLoader } from "~/routes/compounds.$id.report";
import { action as supportAction } from "~/routes/requests.$id.support";
import { loader as csvLoader } from "~/routes/places.$id.metrics.csv";
import { loader as metricsLoader } from "~/routes/places.$id.metrics";
import { type Persona, callAction, callLoader, cookieFor, placeId, snapshot } from "../support/routes";
import { PNG_1PX, requestRow } from "../support/requests";

const db = () => getDb();
const files = () => (fs.existsSync(uploadDir()) ? fs.readdirSync(uploadDir()).length : 0);

async function building(compound: string, name: string) {
  const c = await placeId(compound);
  return (await db().selectFrom("places").select("id").where("parent_id", "=", c).where("name", "=", name).executeTakeFirstOrThrow()).id;
}

async function form(over: Record<string, string | null> = {}, photos: File[] = []) {
  const f = new FormData();
  const base: Record<string, string | null> = {
    subcategory: "repair",
    building: String(await building("幸福里小区", "3号楼")),
    spot: "",
    title: "3号楼单元门禁坏了",
    body: "门禁刷卡没反应，门一直开着。",
    ...over,
  };
  for (const [k, v] of Object.entries(base)) if (v !== null) f.set(k, v);
  for (const p of photos) f.append("evidence", p);
  return f;
}

async function post(persona: Persona, body: FormData, compound = "幸福里小区") {
  const id = await placeId(compound);
  const before = await snapshot();
  const kept = files();
  const r = await callAction(reportAction, `/compounds/${id}/report`, body, { id: String(id) }, await cookieFor(persona));
  const d = r.data as { formError?: { key: string; vars?: Record<string, string | number> }; fieldErrors?: Record<string, { key: string }> };
  if (r.status >= 400) {
    expect(await snapshot(), "a refusal wrote nothing").toBe(before);
    expect(files(), "and kept no photo").toBe(kept);
  }
  const key = d?.formError?.key ?? (typeof r.data === "string" ? r.data : undefined);
  return { status: r.status, key, fields: d?.fieldErrors ?? {}, data: r.data, location: r.location };
}

const png = (name = "p.png") => new File([PNG_1PX], name, { type: "image/png" });

describe("issue 17 · 4: a report's bad input and permissions", () => {
  it.each<[string, () => Promise<FormData>, number, string, string?]>([
    ["a 4th photo", () => form({}, [png("1.png"), png("2.png"), png("3.png"), png("4.png")]), 400, "direct.tooManyPhotos", "evidence"],
    ["a non-image", () => form({}, [new File([Buffer.from("%PDF-1.4 not an image")], "a.png", { type: "image/png" })]), 400, "evidence.notImage", "evidence"],
    ["no building and no spot", () => form({ building: "", spot: "" }), 400, "error.form", "building"],
    ["an empty text", () => form({ body: "  " }), 400, "error.form", "body"],
    ["a text too long", () => form({ body: "长".repeat(2001) }), 400, "error.form", "body"],
    ["a title too long", () => form({ title: "长".repeat(81) }), 400, "error.form", "title"],
    ["an unknown category", () => form({ subcategory: "lamps" }), 400, "error.form", "subcategory"],
    ["another compound's building", async () => form({ building: String(await building("锦绣花园", "1号楼")) }), 404, "direct.noSuchBuilding", "building"],
  ])("%s → %d %s", async (_, make, status, key, field) => {
    const r = await post("resident", await make());
    expect([r.status, r.key]).toEqual([status, key]);
    if (field) expect(Object.keys(r.fields)).toContain(field);
    // Every message has its Chinese words.
    expect(translate("zh-CN", key as never)).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each<[Persona, string, number, string]>([
    ["newcomer", "幸福里小区", 404, "error.notFound"],
    ["coordinator", "幸福里小区", 403, "direct.residentsOnly"],
    ["admin", "幸福里小区", 403, "direct.residentsOnly"],
    ["resident", "翠湖湾", 404, "error.notFound"],
  ])("%s reporting in %s → %d", async (persona, compound, status, key) => {
    const r = await post(persona, await form({ building: "", spot: "南门" }), compound);
    expect([r.status, r.key]).toEqual([status, key]);
    const page = await callLoader(
      reportLoader,
      `/compounds/${await placeId(compound)}/report`,
      { id: String(await placeId(compound)) },
      await cookieFor(persona),
    );
    expect(page.status).toBe(status);
  });
});

describe("issue 17 · 4: filing, likely duplicates, +1 and merge", () => {
  it("files a report with a photo; a second alike one is first offered the duplicate, then filed when confirmed", async () => {
    const first = await post("resident", await form({}, [png()]));
    expect(first.status).toBe(302);
    const id = Number(/\/requests\/(\d+)/.exec(first.location!)![1]);
    expect((await requestRow(id)).source).toBe("report");
    expect(await db().selectFrom("request_evidence").select("id").where("request_id", "=", id).execute()).toHaveLength(1);

    const before = await snapshot();
    const offered = await post("buildingLead", await form({ title: "3号楼门禁坏了" }, [png()]));
    expect(offered.status).toBe(200);
    expect((offered.data as { duplicates: { id: number }[] }).duplicates.map((d) => d.id)).toEqual([id]);
    expect(await snapshot(), "offering duplicates writes nothing").toBe(before);

    const filed = await post("buildingLead", await form({ title: "3号楼门禁坏了", confirm: "1" }));
    expect(filed.status).toBe(302);
    const second = Number(/\/requests\/(\d+)/.exec(filed.location!)![1]);
    expect(second).not.toBe(id);

    // "+1 this one instead" by the building lead, then a coordinator merges the second into the first.
    const plus = await callAction(supportAction, `/requests/${id}/support`, {}, { id: String(id) }, await cookieFor("buildingLead"));
    expect([plus.status, plus.location]).toEqual([302, `/requests/${id}`]);
    const page = await callLoader(mergeLoader, `/requests/${second}/merge`, { id: String(second) }, await cookieFor("coordinator"));
    expect((page.data as { targets: { id: number }[] }).targets.map((t) => t.id)).toContain(id);
    const bad = await callAction(mergeAction, `/requests/${second}/merge`, { into: String(second) }, { id: String(second) }, await cookieFor("coordinator"));
    expect([bad.status, (bad.data as { formError: { key: string } }).formError.key]).toEqual([400, "direct.mergeSelf"]);
    const merged = await callAction(mergeAction, `/requests/${second}/merge`, { into: String(id) }, { id: String(second) }, await cookieFor("coordinator"));
    expect(merged.status).toBe(302);
    expect((await requestRow(second)).merged_into).toBe(id);
    const closed = await callAction(supportAction, `/requests/${second}/support`, {}, { id: String(second) }, await cookieFor("resident"));
    expect([closed.status, closed.data]).toEqual([409, "direct.closed"]);
  });
});

describe("issue 17 · 4: the metrics page and its CSV show the origins apart and together", () => {
  it("has a by-origin table: resolutions, reports, together", async () => {
    const id = await placeId("幸福里小区");
    const page = await callLoader(metricsLoader, `/places/${id}/metrics?from=2026-01-01&to=2026-12-31`, { id: String(id) }, await cookieFor("coordinator"));
    const rows = (page.data as { bySource: string[][] }).bySource;
    expect(rows[0]).toEqual(["指标", "决议产生", "随手拍", "合计"]);
    expect(rows.map((r) => r[0])).toContain("收到项目");
    const csv = await callLoader(
      csvLoader,
      `/places/${id}/metrics/csv?table=source&from=2026-01-01&to=2026-12-31`,
      { id: String(id) },
      await cookieFor("coordinator"),
    );
    expect(csv.status).toBe(200);
    expect(String(csv.data)).toContain("决议产生,随手拍,合计");
  });
});
