// The environment, validated once at start-up: the app refuses to start with a clear message when wrong.
import { z } from "zod";
import { parseLimits } from "./domain/rate-limit";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default("./data/gongzhi.db"),
  APP_ORIGIN: z
    .string()
    .url()
    .transform((s) => new URL(s).origin)
    .optional(),
  SEED_DEMO: z.enum(["0", "1"]).default("1"),
  SQLITE_SYNCHRONOUS: z.enum(["FULL", "NORMAL"]).default("FULL"),
  RATE_LIMITS: z
    .string()
    .optional()
    .refine((s) => parseLimits(s) !== null, 'expected "off" or e.g. "comment.user=5,ballot.ip=0"'),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
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

/** Cookies are Secure in production, unless the configured origin is plain http on a machine other than localhost. */
export function secureCookies(): boolean {
  const e = env();
  if (e.NODE_ENV !== "production") return false;
  if (!e.APP_ORIGIN) return true;
  const u = new URL(e.APP_ORIGIN);
  return u.protocol === "https:" || u.hostname === "localhost";
}
