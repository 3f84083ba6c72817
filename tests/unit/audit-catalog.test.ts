// The audit log reads in words in both languages: every action and entity type the code writes has a catalog
// entry. Found by reading the source, as the catalog test does: each appendAudit / auditRow call's
// `action:` (a literal, a choice of literals, or a template over a known list) and `entityType:`.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REQUEST_ACTIONS } from "~/domain/request-flow";
import en from "~/i18n/en";
import zhCN from "~/i18n/zh-CN";
import { MODERATION_ACTS } from "~/features/threads/moderation-commands.server";

/** Templated actions: the prefix, and the list its variable part comes from. */
const TEMPLATES: Record<string, readonly string[]> = {
  "mod.": MODERATION_ACTS,
  "request.": REQUEST_ACTIONS,
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The text of each appendAudit(…) call: from the call to its closing parenthesis. */
function auditCalls(text: string): string[] {
  const calls: string[] = [];
  for (const m of text.matchAll(/\b(?:appendAudit|auditRow)\(/g)) {
    let depth = 0;
    let i = m.index! + m[0].length - 1;
    for (; i < text.length; i++) {
      if (text[i] === "(") depth++;
      else if (text[i] === ")" && --depth === 0) break;
    }
    calls.push(text.slice(m.index!, i + 1));
  }
  return calls;
}

function written() {
  const actions = new Set<string>();
  const entities = new Set<string>();
  const unknown: string[] = [];
  const root = path.resolve(__dirname, "../../app");
  let calls = 0;
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(file, "utf8");
    for (const call of auditCalls(text)) {
      // The definitions themselves (export async function appendAudit(db: Db, e: AuditInput)) write nothing.
      if (!/\baction:/.test(call)) continue;
      calls++;
      const expr = /\baction:\s*([\s\S]*?),\s*\n?\s*entityType:/.exec(call)?.[1] ?? "";
      const literals = [...expr.matchAll(/"([a-z_]+\.[a-z_]+)"/g)].map((x) => x[1]);
      const templates = [...expr.matchAll(/`([a-z_]+\.)\$\{[^}]+\}`/g)].map((x) => x[1]);
      for (const a of literals) actions.add(a);
      for (const prefix of templates) {
        const list = TEMPLATES[prefix];
        if (!list) unknown.push(`${path.relative(root, file)}: \`${prefix}\${…}\` (add its list to TEMPLATES)`);
        else for (const v of list) actions.add(`${prefix}${v}`);
      }
      if (literals.length === 0 && templates.length === 0) unknown.push(`${path.relative(root, file)}: action ${expr || "(not found)"}`);
      const entity = /\bentityType:\s*"([a-z_]+)"/.exec(call)?.[1];
      if (entity) entities.add(entity);
      else unknown.push(`${path.relative(root, file)}: entityType not a literal`);
    }
  }
  return { actions, entities, unknown, calls };
}

describe("the audit log in words", () => {
  it("issue 12 · 24: every audit action and entity the code writes has an entry in both catalogs", () => {
    const { actions, entities, unknown, calls } = written();
    expect(unknown).toEqual([]);
    expect(calls).toBeGreaterThan(30);
    // Spot checks that the scan sees what it should.
    for (const a of ["request.complete", "mod.hide_comment", "residency.approve", "minutes.meeting", "vote.paper_confirm"]) expect(actions).toContain(a);
    const missing: string[] = [];
    for (const [name, catalog] of [
      ["zh-CN", zhCN],
      ["en", en],
    ] as const) {
      for (const a of actions) if (!(`audit.act.${a}` in catalog)) missing.push(`${name}: audit.act.${a}`);
      for (const e of entities) if (!(`audit.entity.${e}` in catalog)) missing.push(`${name}: audit.entity.${e}`);
    }
    expect(missing).toEqual([]);
    expect(zhCN["audit.act.request.complete" as keyof typeof zhCN]).toBe("办结了项目");
    expect(en["audit.act.request.complete" as keyof typeof en]).toBe("Completed a request");
  });
});
