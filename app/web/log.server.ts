// Structured logs (pino, one JSON object a line) with the request's id. Nothing that could let someone in
// or identify a person is written: no cookies or other headers, no form bodies, and any mainland mobile
// number in a URL, message or error is masked as 138****1234.
import { isRouteErrorResponse } from "@remix-run/react";
import pino from "pino";
import { maskPhone } from "~/domain/phone";

// A mobile number standing alone, or after +86 / 86, or right after a URL escape such as %20.
const PHONE_IN_TEXT = /(?:(?<=%[0-9A-Fa-f]{2})|(?<!\d))(\+?86)?(1[3-9]\d{9})(?!\d)/g;

/** Masks every mobile number in a text (URLs, messages, stack traces). */
export function maskText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (_m, prefix: string | undefined, phone: string) => (prefix ?? "") + maskPhone(phone));
}

interface RequestLike {
  id?: unknown;
  method?: string;
  url?: string;
  originalUrl?: string;
}

export const serializers = {
  req: (req: RequestLike) => ({ id: req.id, method: req.method, url: maskText(req.originalUrl ?? req.url ?? "") }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  err: (err: unknown) => {
    const e = pino.stdSerializers.err(err as Error);
    return { ...e, message: maskText(String(e.message ?? "")), stack: maskText(String(e.stack ?? "")) };
  },
};

function createLogger() {
  return pino({
    level: process.env.LOG_LEVEL ?? "info",
    base: { pid: process.pid },
    serializers,
    // A belt to the braces: headers, bodies and secrets are never serialised, and would be censored if they were.
    redact: {
      paths: ["headers", "*.headers", "body", "*.body", "password", "*.password", "token", "*.token", "cookie", "*.cookie"],
      censor: "[redacted]",
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === "string" ? maskText(a) : a)) as Parameters<typeof method>);
      },
    },
  });
}

declare global {
  var __gongzhiLog: pino.Logger | undefined;
}

/** The process's logger. */
export function log(): pino.Logger {
  if (!globalThis.__gongzhiLog) globalThis.__gongzhiLog = createLogger();
  return globalThis.__gongzhiLog;
}

/** Remix's words when a `?_data` request (an old client's, or a bot's) reaches an app with single fetch. */
const DATA_REQUEST_WARNING = "Warning: Single fetch-enabled apps should not be making ?_data requests";

/**
 * The level at which a failure Remix hands to handleError is logged: a URL no route matches and any other 4xx
 * answer are the visitor's mistake (info), a `?_data` request is a client to look at (warn); only what the server
 * failed at is an error.
 */
export function failureLevel(error: unknown): "info" | "warn" | "error" {
  if (isRouteErrorResponse(error)) return error.status >= 500 ? "error" : "info";
  if (error instanceof Error && error.message.startsWith(DATA_REQUEST_WARNING)) return "warn";
  return "error";
}
