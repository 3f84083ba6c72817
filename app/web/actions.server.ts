// The shape every action answers with when it refuses: a status, a message, and the field it concerns.
import { data } from "@remix-run/node";
import type { FieldErrors } from "~/web/forms";
import { AppError } from "~/features/errors";
import type { ActionFailure } from "~/web/action-failure";

export type { ActionFailure } from "~/web/action-failure";

const SECRET_FIELDS = new Set(["password", "current", "next"]);

export function formValues(form?: FormData): Record<string, string> | undefined {
  if (!form) return undefined;
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !SECRET_FIELDS.has(k)) values[k] = v.slice(0, 20_000);
  return values;
}

export function invalid(fieldErrors: FieldErrors, intent?: string, form?: FormData) {
  return data<ActionFailure>({ ok: false, formError: { key: "error.form" }, fieldErrors, intent, values: formValues(form) }, { status: 400 });
}

/** Runs a service; turns its refusal into a 4xx answer with the message, and lets anything else through. */
export async function attempt<T>(
  fn: () => Promise<T>,
  intent?: string,
  form?: FormData,
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof refusal> }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, response: refusal(e, intent, form) };
    throw e;
  }
}

export function refusal(e: AppError, intent?: string, form?: FormData) {
  const fieldErrors: FieldErrors = e.field ? { [e.field]: e.msg } : {};
  return data<ActionFailure>({ ok: false, formError: e.msg, fieldErrors, intent, values: formValues(form) }, { status: e.status });
}
