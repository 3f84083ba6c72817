// The shape every action answers with when it refuses: a status, a message, and the field it concerns.
import { data } from "@remix-run/node";
import type { FieldErrors } from "~/forms";
import type { Msg } from "~/i18n";
import { AppError } from "~/services/errors";

export interface ActionFailure {
  ok: false;
  formError: Msg | null;
  fieldErrors: FieldErrors;
  intent?: string;
}

export function invalid(fieldErrors: FieldErrors, intent?: string) {
  return data<ActionFailure>({ ok: false, formError: { key: "error.form" }, fieldErrors, intent }, { status: 400 });
}

/** Runs a service; turns its refusal into a 4xx answer with the message, and lets anything else through. */
export async function attempt<T>(
  fn: () => Promise<T>,
  intent?: string,
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof refusal> }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, response: refusal(e, intent) };
    throw e;
  }
}

export function refusal(e: AppError, intent?: string) {
  const fieldErrors: FieldErrors = e.field ? { [e.field]: e.msg } : {};
  return data<ActionFailure>({ ok: false, formError: e.msg, fieldErrors, intent }, { status: e.status });
}
