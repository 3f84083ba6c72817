// The start actions share: the form read and parsed against its schema, or the answer that refuses it.
import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import type { LimitKind } from "~/domain/rate-limit";
import { readForm, requireSameOrigin } from "~/auth/guards.server";
import { invalid } from "~/web/actions.server";
import { parseForm } from "~/web/forms.server";
import { clientAddress, overLimit } from "~/web/limits.server";

type Read<T> = { ok: true; form: FormData; data: T } | { ok: false; response: ReturnType<typeof invalid> };

/** Reads the form and parses it; a refusal (400, with the fields' errors and what was typed) when it does not fit. */
export async function readValidForm<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<Read<z.output<S>>> {
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return { ok: false, response: invalid(parsed.fieldErrors, undefined, form) };
  return { ok: true, form, data: parsed.data };
}

/** A signed-out form (sign in, register): same origin, the form read and parsed, then the per-address rate limit. */
export async function readSignedOutForm<S extends z.ZodTypeAny>(
  request: Request,
  context: AppLoadContext,
  schema: S,
  limit: LimitKind,
): Promise<Read<z.output<S>>> {
  requireSameOrigin(request);
  const read = await readValidForm(request, schema);
  if (!read.ok) return read;
  const over = await overLimit(limit, { address: clientAddress(context) }, undefined, read.form);
  if (over) return { ok: false, response: over };
  return read;
}
