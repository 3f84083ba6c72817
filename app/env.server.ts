// The environment, validated once at start-up: the app refuses to start with a clear message when wrong.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { parseLimits } from "./domain/rate-limit";

// Notices outside the app (issue 17): each channel is on when its variable is set.
const channelFields = {
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).optional(),
  SMS_URL: z.string().url().optional(),
  SMS_TOKEN: z.string().min(1).optional(),
};
const channelSchema = z.object(channelFields);

/** The channels' settings, read when a message goes (validated at start-up with the rest). */
export function channelSettings(): z.infer<typeof channelSchema> {
  const r = channelSchema.safeParse(process.env);
  return r.success ? r.data : {};
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default("./data/gongzhi.db"),
  APP_ORIGIN: z
    .string()
    .url()
    .transform((s) => new URL(s).origin)
    .optional(),
  SEED_DEMO: z.enum(["0", "1"]).optional(),
  COOKIE_SECRET: z.string().min(32, "at least 32 characters").optional(),
  SQLITE_SYNCHRONOUS: z.enum(["FULL", "NORMAL"]).default("FULL"),
  PG_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  UPLOAD_DIR: z.string().min(1).optional(),
  RATE_LIMITS: z
    .string()
    .optional()
    .refine((s) => parseLimits(s) !== null, 'expected "off" or e.g. "comment.user=5,ballot.ip=0"'),
  ...channelFields,
});

export type Env = z.infer<typeof schema>;

const postgres = (url: string) => /^postgres(ql)?:\/\//i.test(url);

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema
    .refine((e) => !postgres(e.DATABASE_URL) || e.UPLOAD_DIR, {
      path: ["UPLOAD_DIR"],
      message: "required with a PostgreSQL DATABASE_URL (a directory every app server shares)",
    })
    .safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | null = null;
export function env(): Env {
  if (!cached) cached = parseEnv(process.env);
  return cached;
}

/** Hosts that can only be a trial on one's own machine. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether the server fills an empty database with the demo city, whose passwords are in the README. Only where
 * it is plainly a trial: \`SEED_DEMO=1\` said outright, or no \`SEED_DEMO\` and a local origin (none configured, or
 * localhost). \`SEED_DEMO=0\`, or a public origin, starts empty: the first administrator comes from the command line.
 */
export function seedsDemo(e: Pick<Env, "SEED_DEMO" | "APP_ORIGIN">): boolean {
  if (e.SEED_DEMO !== undefined) return e.SEED_DEMO === "1";
  if (!e.APP_ORIGIN) return true;
  return LOCAL_HOSTS.has(new URL(e.APP_ORIGIN).hostname);
}

/** Cookies are Secure in production, unless the configured origin is plain http on a machine other than localhost. */
export function secureCookies(): boolean {
  const e = env();
  if (e.NODE_ENV !== "production") return false;
  if (!e.APP_ORIGIN) return true;
  const u = new URL(e.APP_ORIGIN);
  return u.protocol === "https:" || u.hostname === "localhost";
}

declare global {
  var __gongzhiCookieSecret: string | undefined;
}

/**
 * The key that signs cookies holding data (the flash message): COOKIE_SECRET, or else the key every app server
 * shares (stored in the database by the first one, loaded at start-up: adoptCookieSecret), or else, before that
 * (tools, tests), a random key of this process. Sessions need none (the cookie holds a random token looked up
 * in the database).
 */
export function cookieSecret(): string {
  globalThis.__gongzhiCookieSecret ??= env().COOKIE_SECRET ?? randomBytes(32).toString("base64url");
  return globalThis.__gongzhiCookieSecret;
}

/** Start-up, without COOKIE_SECRET: the key every app server shares (features/shared-state). */
export function adoptCookieSecret(secret: string): void {
  if (!env().COOKIE_SECRET) globalThis.__gongzhiCookieSecret = secret;
}
