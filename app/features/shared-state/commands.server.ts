// State every app server shares (issue 14 · 5): the abuse-limit tries, counted in the database so that a limit
// holds across N processes; the cookie secret, made by the first process when COOKIE_SECRET is not set.
import { randomBytes } from "node:crypto";
import { getDb, lightTransaction } from "~/db.server";
import { LIMIT_WINDOW_MS, retryAfter, windowAllowance, windowStart } from "~/domain/rate-limit";
import { env, adoptCookieSecret } from "~/env.server";
import { countTry, pruneTries, settleSetting, triesIn } from "./queries.server";

class Refused extends Error {
  constructor(readonly retryAfterMs: number) {
    super("refused");
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One try against each key's limit (per minute; 0 means none): counted for every key, or, when any key is over
 * its limit, for none (the transaction is rolled back) with the longest wait. Counts need not survive a power
 * cut, so their commit does not wait for the disk (lightTransaction): a ballot keeps its group commit's speed.
 */
export async function countTries(keys: { key: string; max: number }[], now: Date): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const limited = keys.filter((k) => k.max > 0);
  if (!limited.length) return { ok: true };
  const at = now.getTime();
  const start = windowStart(at);
  try {
    await lightTransaction(async (trx) => {
      const waits: number[] = [];
      for (const { key, max } of limited) {
        const previous = await triesIn(trx, key, iso(start - LIMIT_WINDOW_MS));
        if ((await countTry(trx, key, iso(start), windowAllowance(previous, at, max))) === null)
          waits.push(retryAfter(previous, await triesIn(trx, key, iso(start)), at, max));
      }
      if (waits.length) throw new Refused(Math.max(...waits));
    });
    return { ok: true };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, retryAfterMs: e.retryAfterMs };
    throw e;
  }
}

/** The scheduled job's share: forget the windows that no longer count (all but the current and the previous). */
export function pruneLimitWindows(now: Date): Promise<number> {
  return pruneTries(getDb(), iso(windowStart(now.getTime()) - LIMIT_WINDOW_MS));
}

/**
 * At start-up, when COOKIE_SECRET is not set: the secret the first process stored (this one's random key if it
 * is the first), so a flash cookie set by one app server verifies on every other.
 */
export async function shareCookieSecret(): Promise<void> {
  if (env().COOKIE_SECRET) return;
  adoptCookieSecret(await settleSetting(getDb(), "cookie_secret", randomBytes(32).toString("base64url")));
}
