// The action shared by "write a proposal" and "edit a draft": preview, save, or save and submit.
import { data } from "@remix-run/node";
import { z } from "zod";
import { invalid, formValues } from "~/web/actions.server";
import { LIMITS } from "~/domain/categories";
import { proposalSchema } from "~/features/proposals/forms.server";
import { parseForm, text } from "~/web/forms.server";
import { renderMarkdown } from "~/web/markdown.server";

export type EditorInput = z.output<typeof proposalSchema>;

/** A preview answers with the rendered HTML and the form as typed; otherwise the parsed input. */
export function readEditor(form: FormData) {
  if (form.get("intent") === "preview") {
    const parsed = parseForm(z.object({ body: text(LIMITS.body) }), form);
    if (!parsed.ok) return { response: invalid(parsed.fieldErrors, "preview", form) };
    return { response: data({ preview: renderMarkdown(parsed.data.body), values: formValues(form) }) };
  }
  const parsed = parseForm(proposalSchema, form);
  if (!parsed.ok) return { response: invalid(parsed.fieldErrors, undefined, form) };
  return { input: parsed.data };
}
