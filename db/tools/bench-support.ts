// What the benchmarks share: a free port, the production server started on a database file with the
// baselines switched on (BENCH=1), and autocannon runs.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The memory limits the server runs under (`npm start` passes the same): a smaller young generation and a
 * cap on the old one keep a busy server's resident memory near 200 MB instead of letting garbage pile up.
 */
export const SERVER_NODE_FLAGS = ["--max-old-space-size=192", "--max-semi-space-size=8"];
export const log = (s: string) => process.stderr.write(`${s}\n`);
export const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface BenchServer {
  origin: string;
  pid: number;
  run(opts: Omit<autocannon.Options, "url">): Promise<autocannon.Result>;
  stop(): Promise<void>;
}

/** Builds (a second: never a stale build), starts app/server.mjs in production on the file, waits until it answers. */
export async function startBenchServer(file: string, opts: { profile?: string } = {}): Promise<BenchServer> {
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  // --profile DIR: the server writes a V8 CPU profile there when it stops.
  const profile = opts.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(opts.profile)}`] : [];
  const server: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, path.join(ROOT, "app/server.mjs")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: file,
      NODE_ENV: "production",
      APP_ORIGIN: origin,
      LOG_REQUESTS: "0",
      RATE_LIMITS: "off",
      BENCH: "1",
      SEED_DEMO: "0",
      JOB_INTERVAL_MS: "3600000",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/bench/noop`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 200) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    pid: server.pid!,
    run: (o) => new Promise((resolve, reject) => autocannon({ ...o, url: origin }, (err, res) => (err ? reject(err) : resolve(res)))),
    async stop() {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    },
  };
}

/** A run's figures: requests per second over `seconds` (the run's own duration by default), latencies, failures. */
export function measuredOf(r: autocannon.Result, seconds = r.duration || 1): Measured {
  return {
    rps: Math.round((r.requests.total / seconds) * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    bad: r.non2xx - r["3xx"],
  };
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Answers that were neither 2xx nor 3xx. */
  bad: number;
}

/**
 * Measures every target in turn, several rounds over, and keeps each one's median round: a noisy machine
 * (another process waking up for a few seconds) then shifts every figure alike instead of one.
 */
export async function measureInterleaved(
  server: BenchServer,
  targets: { name: string; requests: autocannon.Request[] }[],
  opts: { connections: number; seconds: number; rounds: number },
): Promise<Map<string, Measured>> {
  const runs = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
  const each = Math.max(1, Math.round(opts.seconds / opts.rounds));
  for (let round = 1; round <= opts.rounds; round++) {
    for (const t of targets) {
      log(`round ${round}/${opts.rounds}: ${t.name}…`);
      const r = await server.run({ connections: opts.connections, duration: each, requests: t.requests });
      runs.get(t.name)!.push(measuredOf(r));
    }
  }
  const out = new Map<string, Measured>();
  for (const [name, list] of runs) {
    const sorted = [...list].sort((a, b) => a.rps - b.rps);
    const median = sorted[Math.floor(sorted.length / 2)];
    out.set(name, { ...median, errors: list.reduce((n, m) => n + m.errors, 0), bad: list.reduce((n, m) => n + m.bad, 0) });
  }
  return out;
}
