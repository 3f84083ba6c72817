// A NUL in a typed value: PostgreSQL refuses it in text, so form and search parsing drop it on both engines.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { optionalText, parseForm, parseSearch, text } from "~/web/forms.server";

describe("form and search values", () => {
  it("drop a NUL character before the schema sees the value", () => {
    const form = new FormData();
    form.append("title", "\u0000楼道灯\u0000");
    form.append("note", "\u0000");
    expect(parseForm(z.object({ title: text(20), note: optionalText(20) }), form)).toEqual({ ok: true, data: { title: "楼道灯", note: null } });
    const search = parseSearch(z.object({ q: z.string().catch("") }), "http://localhost/search?q=%00%E7%94%B5%E6%A2%AF");
    expect(search).toEqual({ q: "电梯" });
  });
});
