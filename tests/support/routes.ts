// Calling loaders and actions with real Request objects, signed in by inserting a session.
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { generateSessionToken } from "~/auth/session.server";
import { createSession } from "~/features/accounts/session-queries.server";
import { getDb } from "~/db.server";
import { DEMO_ACCOUNTS } from "../../db/tools/demo-data";
import { now as clockNow } from "~/clock.server";

export const ORIGIN = "http://localhost:3000";

export type Persona = keyof typeof DEMO_ACCOUNTS | "anon";

export async function cookieFor(persona: Persona): Promise<string | null> {
  if (persona === "anon") return null;
  return cookieForPhone(DEMO_ACCOUNTS[persona].phone);
}

export async function cookieForPhone(phone: string): Promise<string> {
  const db = getDb();
  const user = await db.selectFrom("users").select("id").where("phone", "=", phone).executeTakeFirstOrThrow();
  const token = generateSessionToken();
  await createSession(db, token, user.id, clockNow());
  return `session=${token}`;
}

export interface Outcome {
  status: number;
  data: unknown;
  headers: Headers;
  location: string | null;
}

/** Normalises whatever a loader or action returned or threw into a status and data. */
export async function settle(run: () => unknown): Promise<Outcome> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
    if (!(thrown instanceof Response) && !isDataWithInit(thrown)) throw thrown;
  }
  if (value instanceof Response) {
    const text = await value.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      /* plain text */
    }
    return { status: value.status, data, headers: value.headers, location: value.headers.get("Location") };
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers);
    return { status: value.init?.status ?? 200, data: value.data, headers, location: headers.get("Location") };
  }
  return { status: 200, data: value, headers: new Headers(), location: null };
}

function isDataWithInit(v: unknown): v is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof v === "object" && v !== null && (v as { type?: string }).type === "DataWithResponseInit";
}

export function request(
  path: string,
  opts: { cookie?: string | null; method?: string; form?: Record<string, string> | FormData; origin?: string | null } = {},
) {
  const headers = new Headers();
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  const method = opts.method ?? (opts.form ? "POST" : "GET");
  if (method !== "GET" && opts.origin !== null) headers.set("Origin", opts.origin ?? ORIGIN);
  headers.set("Host", new URL(ORIGIN).host);
  let body: FormData | URLSearchParams | undefined;
  if (opts.form instanceof FormData) body = opts.form;
  else if (opts.form) body = new URLSearchParams(opts.form);
  return new Request(`${ORIGIN}${path}`, { method, headers, body });
}

export function callLoader(loader: LoaderFunction, path: string, params: Record<string, string> = {}, cookie: string | null = null) {
  return settle(() => loader({ request: request(path, { cookie }), params, context: {} }));
}

export function callAction(
  action: ActionFunction,
  path: string,
  form: Record<string, string> | FormData,
  params: Record<string, string> = {},
  cookie: string | null = null,
  origin?: string | null,
) {
  return settle(() => action({ request: request(path, { cookie, form, origin }), params, context: {} }));
}

export async function placeId(name: string): Promise<number> {
  const row = await getDb().selectFrom("places").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  return row.id;
}

/** A checksum of every table, to prove a refused request changed nothing. */
export async function snapshot(): Promise<string> {
  const db = getDb();
  const tables = ["places", "dwellings", "departments", "users", "role_grants", "residencies", "dwelling_owners", "household_codes", "audit_log"] as const;
  const parts: string[] = [];
  for (const t of tables) parts.push(JSON.stringify(await db.selectFrom(t).selectAll().execute()));
  return parts.join("\n");
}
