// The abuse limits, per person and per address, counted in the database so that they hold across every app
// server. An action asks before it calls its service; over the limit, it answers 429 with the wait.
import type { AppLoadContext } from "@remix-run/node";
import { refusal } from "~/web/actions.server";
import { now } from "~/clock.server";
import { type LimitKind, type Limits, parseLimits } from "~/domain/rate-limit";
import { AppError } from "~/features/errors";
import { countTries } from "~/features/shared-state/commands.server";

let parsed: { text: string | undefined; limits: Limits } | null = null;
function limits(): Limits {
  const text = process.env.RATE_LIMITS;
  if (!parsed || parsed.text !== text) parsed = { text, limits: parseLimits(text) ?? parseLimits(undefined)! };
  return parsed.limits;
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
export async function overLimit(kind: LimitKind, who: { userId?: number | null; address?: string | null }, intent?: string, form?: FormData) {
  const l = limits();
  const keys: { key: string; max: number }[] = [];
  if (who.userId) keys.push({ key: `${kind}:user:${who.userId}`, max: l[`${kind}.user`] });
  if (who.address) keys.push({ key: `${kind}:ip:${who.address}`, max: l[`${kind}.ip`] });
  const r = await countTries(keys, now());
  if (r.ok) return null;
  const seconds = Math.ceil(r.retryAfterMs / 1000);
  return refusal(new AppError(429, { key: "limit.exceeded", vars: { seconds } }), intent, form);
}
