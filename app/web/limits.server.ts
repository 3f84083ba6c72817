// The abuse limits of this process, per person and per address (tries kept in memory: a restart forgets
// them). An action asks before it calls its service; over the limit, it answers 429 with the wait.
import type { AppLoadContext } from "@remix-run/node";
import { refusal } from "~/web/actions.server";
import { now } from "~/clock.server";
import { type LimitKind, type Limits, admit, parseLimits } from "~/domain/rate-limit";
import { AppError } from "~/features/errors";

declare global {
  var __gongzhiTries: Map<string, number[]> | undefined;
}

let parsed: { text: string | undefined; limits: Limits } | null = null;
function limits(): Limits {
  const text = process.env.RATE_LIMITS;
  if (!parsed || parsed.text !== text) parsed = { text, limits: parseLimits(text) ?? parseLimits(undefined)! };
  return parsed.limits;
}

function tries(): Map<string, number[]> {
  globalThis.__gongzhiTries ??= new Map();
  return globalThis.__gongzhiTries;
}

/** The client's address, as the server (app/server.mjs) passes it; unknown elsewhere. */
export function clientAddress(context: AppLoadContext | undefined): string | null {
  const a = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  return typeof a === "string" && a !== "" ? a : null;
}

/**
 * Counts a try of `kind` for the person and the address; null when within the limits, else the 429 answer
 * ("操作太频繁，请 N 秒后再试"). A refused try is not counted.
 */
export function overLimit(kind: LimitKind, who: { userId?: number | null; address?: string | null }, intent?: string, form?: FormData) {
  const at = now().getTime();
  const l = limits();
  const keys: [string, number][] = [];
  if (who.userId) keys.push([`${kind}:user:${who.userId}`, l[`${kind}.user`]]);
  if (who.address) keys.push([`${kind}:ip:${who.address}`, l[`${kind}.ip`]]);
  const store = tries();
  const results = keys.map(([key, max]) => ({ key, r: admit(store.get(key) ?? [], at, max) }));
  const refused = results.filter((x) => !x.r.ok);
  if (refused.length) {
    const seconds = Math.ceil(Math.max(...refused.map((x) => x.r.retryAfterMs)) / 1000);
    return refusal(new AppError(429, { key: "limit.exceeded", vars: { seconds } }), intent, form);
  }
  for (const { key, r } of results) store.set(key, r.tries);
  if (store.size > 100_000) for (const [key, t] of store) if (!t.some((x) => x > at - 60_000)) store.delete(key);
  return null;
}
