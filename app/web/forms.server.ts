// Form parsing with zod. Messages are catalog keys ("v.tooLong|80" carries a number), translated on the page.
import { z } from "zod";
import { isMainlandMobile, normalizePhone } from "~/domain/phone";
import type { FieldErrors } from "~/web/forms";
import { type Msg, isMessageKey } from "~/i18n/index";

export type { FieldErrors };

export function text(max: number) {
  return z
    .string({ required_error: "v.required", invalid_type_error: "v.required" })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, "v.required").max(max, `v.tooLong|${max}`));
}

export function optionalText(max: number) {
  return z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.string().max(max, `v.tooLong|${max}`))
    .transform((s) => (s === "" ? null : s));
}

export const phoneField = z.string({ required_error: "v.phone", invalid_type_error: "v.phone" }).transform(normalizePhone).refine(isMainlandMobile, "v.phone");

export const passwordField = z
  .string({ required_error: "v.passwordShort", invalid_type_error: "v.passwordShort" })
  .min(8, "v.passwordShort")
  .max(128, "v.passwordLong");

export const idField = z.coerce.number({ invalid_type_error: "v.id" }).int("v.id").positive("v.id").max(Number.MAX_SAFE_INTEGER, "v.id");

export function choice<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { errorMap: () => ({ message: "v.choice" }) });
}

/** A zod message is a catalog key ("v.tooLong|80"); one of zod's own (English) shows as the general form error. */
function toMsg(message: string): Msg {
  const [key, n] = message.split("|");
  if (!isMessageKey(key)) return { key: "error.form" };
  return { key, vars: n ? { max: n } : undefined };
}

/**
 * A NUL character is never meaningful in a typed value, and PostgreSQL refuses it in text (SQLite would store
 * it): dropped from every form and search value before its schema sees it, on both engines alike.
 */
const withoutNul = (v: string) => (v.includes("\u0000") ? v.replaceAll("\u0000", "") : v);

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/**
 * Search parameters through a schema. A page's address is typed by people and shared in chats, so a malformed
 * value never fails the page: write each field with `.catch(default)`; the first value of a repeated key counts.
 */
/**
 * A schema, or the function that makes it: routes write their schemas as functions (a schema made at a module's
 * top level would stay in the browser's bundle), and each is made once, on first use, not on every request
 * (issue 18: making a schema cost more than parsing with it).
 */
export type SchemaOf<S extends z.ZodTypeAny> = S | (() => S);
const made = new WeakMap<() => z.ZodTypeAny, z.ZodTypeAny>();
function schemaOf<S extends z.ZodTypeAny>(schema: SchemaOf<S>): S {
  if (typeof schema !== "function") return schema;
  let s = made.get(schema);
  if (!s) {
    s = schema();
    made.set(schema, s);
  }
  return s as S;
}

export function parseSearch<S extends z.ZodTypeAny>(schemaOrMake: SchemaOf<S>, url: URL | string): z.output<S> {
  const schema = schemaOf(schemaOrMake);
  const params = (typeof url === "string" ? new URL(url) : url).searchParams;
  const values: Record<string, string> = {};
  for (const [k, v] of params.entries()) if (!(k in values)) values[k] = withoutNul(v);
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  return schema.parse({});
}

export function parseForm<S extends z.ZodTypeAny>(schemaOrMake: SchemaOf<S>, form: FormData): Parsed<z.output<S>> {
  const schema = schemaOf(schemaOrMake);
  const values: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in values)) values[k] = withoutNul(v);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    fieldErrors[field] ??= toMsg(issue.message);
  }
  return { ok: false, fieldErrors };
}
