import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { expectedOrigin, isSafeMethod, isTrustedOrigin, originMatchesHost } from "./auth/origin";
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- a trial deployment seeds the demo city at start (the seed goes through the feature commands)
import { isEmpty, seedDemo } from "../db/tools/seed";
import { closeDb, databaseAnswers, getDb, migrateDatabase } from "./db.server";
import { env, seedsDemo } from "./env.server";
import { now } from "./clock.server";
import { runDueJobs } from "~/features/votes/commands.server";
import { runRequestJobs } from "~/features/requests/commands.server";
import { pruneLimitWindows, shareCookieSecret } from "~/features/shared-state/commands.server";
import { deliverOutbox } from "~/features/outbox/commands.server";
import { refreshSearchTokens } from "~/features/proposals/search-commands.server";
import { translate } from "./i18n";
import { htmlCollector } from "~/web/html-stream.server";
import { failureLevel, log, serializers } from "~/web/log.server";
import { NonceContext } from "~/web/nonce";
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from "~/web/security.server";

// Validate the environment once, at start-up: a wrong variable stops the server with a clear message.
env();

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = newNonce();
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        // The whole page in one buffer, compressed at once by app/remix-express.mjs (issue 18): no route streams
        // deferred data, so waiting for all of it delays nothing, for people and crawlers alike.
        onAllReady() {
          shellRendered = true;
          const { sink, html } = htmlCollector();
          html.then((page) => {
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            clearTimeout(timer);
            resolve(
              new Response(new Uint8Array(page.buffer as ArrayBuffer, page.byteOffset, page.length), { headers: responseHeaders, status: responseStatusCode }),
            );
          }, reject);
          pipe(sink);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log().error({ err: error, reqId: requestIdOf(loadContext) }, "render failed");
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

function requestIdOf(context: AppLoadContext | undefined): string | undefined {
  const id = (context as { requestId?: unknown } | undefined)?.requestId;
  return typeof id === "string" ? id : undefined;
}

/**
 * A loader or action that threw (not a Response): logged with the request's id, never with its body. A URL that
 * no route matches (404) and other 4xx are logged at info, Remix's warning about a `?_data` request at warn.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  const level = failureLevel(error);
  const req = { method: request.method, url: new URL(request.url).pathname };
  if (level === "info") log().info({ status: (error as { status?: number }).status, reqId: requestIdOf(context), req }, "request refused");
  else log()[level]({ err: error, reqId: requestIdOf(context), req }, level === "warn" ? "request warning" : "request failed");
};

/** The logger of the server process (app/server.mjs logs its requests with it). */
export { log };
export const logSerializers = serializers;

/**
 * The server's front door (app/server.mjs) asks this before Remix sees a request: Remix itself answers a
 * cross-origin action, or one whose Origin is not the Host it reached (a proxy rewriting Host while APP_ORIGIN
 * is set), with a bare 500, and a refusal must be a 403 that says why.
 */
export function originRefusal(
  method: string,
  origin: string | null,
  protocol: string,
  host: string | null,
  forwardedHost: string | null = null,
): string | null {
  if (isSafeMethod(method)) return null;
  if (!isTrustedOrigin(origin, expectedOrigin(env().APP_ORIGIN, protocol, host))) return plainPage("error.origin");
  if (originMatchesHost(origin, host, forwardedHost)) return null;
  log().warn(
    { appOrigin: env().APP_ORIGIN, host, forwardedHost },
    "action refused: the Host it reached is not APP_ORIGIN's; the proxy must pass Host (proxy_set_header Host $host) or X-Forwarded-Host",
  );
  return plainPage("error.host");
}

export { bodyCap, declaredTooLarge } from "~/web/body-limit.server";
export { encodeBody } from "~/web/body-encoding.server";

/** The 413 page: the body was over its cap (app/web/body-limit.server.ts). */
export function tooLargePage(): string {
  return plainPage("error.tooLarge");
}

/** The headers the server adds to every response (the policy itself comes with each page, with its nonce). */
export function securityHeaders(): Record<string, string> {
  return staticSecurityHeaders(env().NODE_ENV === "production");
}

/** The policy of the server's own plain pages (403, 503): no script at all. */
export const plainPagePolicy = contentSecurityPolicy(null);

/** The page the server sends while it starts or stops (503), before Remix can answer. */
export function unavailablePage(): string {
  return plainPage("error.unavailable");
}

function plainPage(key: "error.origin" | "error.host" | "error.tooLarge" | "error.unavailable"): string {
  const title = translate("zh-CN", "error.title");
  const text = translate("zh-CN", key);
  const en = translate("en", key);
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p><p lang="en">${en}</p><p><a href="/">${translate("zh-CN", "error.backHome")}</a></p></main></body></html>`;
}

/** The health endpoint's question to the app: can the database answer? */
export function healthy(): Promise<boolean> {
  return databaseAnswers();
}

/** The last step of a graceful stop: close the database (SQLite checkpoints the WAL and removes it). */
export async function shutdown(): Promise<void> {
  await closeDb();
}

/** Run by the server before it listens: the schema up to date, and the demo city in an empty database where it is a trial. */
export async function prepare(say: (line: string) => void = (line) => log().info(line)): Promise<void> {
  const db = getDb();
  const done = await migrateDatabase();
  if (done.length) say(`migrated: ${done.join(", ")}`);
  await shareCookieSecret();
  const reindexed = await refreshSearchTokens();
  if (reindexed) say(`search index: ${reindexed} documents indexed again with the current tokens`);
  if (!(await isEmpty(db))) return;
  if (seedsDemo(env())) {
    await seedDemo(db, now(), say);
    say("demo city seeded: its accounts' password is in the README; a real deployment sets APP_ORIGIN or SEED_DEMO=0");
  } else say("empty database, no demo: create the first administrator with `npm run cli -- create-admin --phone P --name N`");
}

/** The scheduled job of every server process: closes votes whose window has ended, escalates requests nobody
 * accepted by their deadline (each item once, whichever process claims it first), and forgets abuse-limit
 * windows that no longer count, and delivers the due notices by email, SMS and push. Answers the ids of the votes closed. */
export async function runJobs(): Promise<number[]> {
  const closed = await runDueJobs(now());
  await runRequestJobs(now());
  await pruneLimitWindows(now());
  // Last: the notices the jobs above wrote go out in the same run.
  await deliverOutbox(now());
  return closed;
}
