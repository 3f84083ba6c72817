import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "~/i18n/en";
import zhCN from "~/i18n/zh-CN";
import { formatDateTime, translate } from "~/i18n";

describe("catalogs", () => {
  it("English has exactly the Chinese keys, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [k, v] of Object.entries(en)) expect(v, k).not.toBe("");
  });

  it("every key used in the code exists", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name) && !p.includes(`${path.sep}i18n${path.sep}`)) files.push(p);
      }
    };
    walk(path.resolve(__dirname, "../../app"));
    const used = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      // Keys appear as t("…"), translate(locale, "…"), { key: "…" }, fail(404, "…"), label="…", hint="…",
      // back("…"), new Response("…") and zod messages "v.…".
      const contexts = /(?:\bt\(|translate\([^,()]+,\s*|key:\s*|fail\(\d+,\s*|label=|hint=|back\(|Response\()"([a-zA-Z]+(?:\.[A-Za-z_-]+)+)"|"(v\.[A-Za-z]+)(?:\|[^"]*)?"/g;
      for (const m of text.matchAll(contexts)) used.add(m[1] ?? m[2]);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in zhCN));
    expect(missing).toEqual([]);
  });

  it("interpolates variables", () => {
    expect(translate("zh-CN", "auth.locked", { minutes: 15 })).toContain("15 分钟");
    expect(translate("en", "auth.locked", { minutes: 15 })).toContain("15 minutes");
  });

  it("shows times in Asia/Shanghai", () => {
    expect(formatDateTime("2026-11-26T16:30:00Z", "zh-CN")).toContain("00:30");
  });
});
