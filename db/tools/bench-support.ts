// What the benchmarks share: a free port, the production server (or N of them behind a proxy) started on a
// database with the baselines switched on (BENCH=1), and autocannon runs.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
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
  /** The first app server's process (the one whose peak memory the table reports). */
  pid: number;
  /** Every app server's process. */
  pids: number[];
  /**
   * With several servers: the origin of a second proxy that sends everything to the first server alone, so
   * one server and N are measured through the same kind of proxy, interleaved in one run.
   */
  single: string | null;
  run(opts: Omit<autocannon.Options, "url">, origin?: string): Promise<autocannon.Result>;
  stop(): Promise<void>;
}

/**
 * Builds (a second: never a stale build), starts app/server.mjs in production on the database (a SQLite file or a
 * postgres:// URL), waits until it answers. With `servers` > 1, starts that many on the one database and a
 * round-robin proxy (bench-proxy.mjs, its own process) in front of them: `origin` is the proxy's.
 */
export async function startBenchServer(
  database: string,
  opts: { profile?: string; servers?: number; uploadDir?: string; build?: boolean } = {},
): Promise<BenchServer> {
  // build: false when the same tree was just built for another engine's servers.
  if (opts.build !== false)
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
  const count = Math.max(1, opts.servers ?? 1);
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  // --profile DIR: the server writes a V8 CPU profile there when it stops.
  const profile = opts.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(opts.profile)}`] : [];
  const ports = count === 1 ? [port] : await Promise.all(Array.from({ length: count }, () => freePort()));
  const start = (p: number) =>
    spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, path.join(ROOT, "app/server.mjs")], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(p),
        DATABASE_URL: database,
        ...(opts.uploadDir ? { UPLOAD_DIR: opts.uploadDir } : {}),
        NODE_ENV: "production",
        // Every server answers as the one origin the clients reach (the proxy's, when there is one).
        APP_ORIGIN: origin,
        LOG_REQUESTS: "0",
        RATE_LIMITS: "off",
        BENCH: "1",
        SEED_DEMO: "0",
        JOB_INTERVAL_MS: "3600000",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
  // The first server alone, then the others: the first start of a freshly generated database does work once
  // (the search index written again with the current tokens) that N servers starting together would race for.
  const children: ChildProcess[] = [start(ports[0])];
  try {
    await answers(`http://localhost:${ports[0]}`, children[0]);
    children.push(...ports.slice(1).map(start));
    for (const [i, p] of ports.entries()) await answers(`http://localhost:${p}`, children[i]);
  } catch (error) {
    for (const c of children) c.kill("SIGTERM");
    throw error;
  }
  let single: string | null = null;
  if (count > 1) {
    const proxy = (listen: number, to: number[]) =>
      children.push(
        spawn(process.execPath, [path.join(ROOT, "db/tools/bench-proxy.mjs"), String(listen), ...to.map(String)], { stdio: ["ignore", "ignore", "inherit"] }),
      );
    const singlePort = await freePort();
    proxy(port, ports);
    proxy(singlePort, ports.slice(0, 1));
    single = `http://localhost:${singlePort}`;
    await answers(origin);
    await answers(single);
  }
  return {
    origin,
    pid: children[0].pid!,
    pids: children.slice(0, count).map((c) => c.pid!),
    single,
    run: (o, url = origin) => new Promise((resolve, reject) => autocannon({ ...o, url }, (err, res) => (err ? reject(err) : resolve(res)))),
    async stop() {
      await Promise.all(
        children.map((c) => {
          c.kill("SIGTERM");
          return new Promise((r) => c.once("exit", r));
        }),
      );
    },
  };
}

/** Waits until the server answers (up to 10 minutes: a large database's first start does work), or fails when it exits. */
async function answers(origin: string, child?: ChildProcess) {
  for (let i = 0; ; i++) {
    if (child && child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${origin}`);
    try {
      if ((await fetch(`${origin}/bench/noop`)).ok) return;
    } catch {
      // not listening yet
    }
    if (i > 6000) throw new Error(`server did not start: ${origin}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
  /** CPU time the serving processes spent per request, in ms (user + system, from /proc): unlike requests per
   * second it hardly moves when other work shares the machine. Null when not measured. */
  cpuMs?: number | null;
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
  targets: { name: string; requests: autocannon.Request[]; origin?: string; pids?: number[] }[],
  opts: { connections: number; seconds: number; rounds: number },
): Promise<Map<string, Measured>> {
  const runs = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
  const each = Math.max(1, Math.round(opts.seconds / opts.rounds));
  for (let round = 1; round <= opts.rounds; round++) {
    for (const t of targets) {
      log(`round ${round}/${opts.rounds}: ${t.name}…`);
      const before = cpuTicks(t.pids ?? server.pids);
      const r = await server.run({ connections: opts.connections, duration: each, requests: t.requests }, t.origin);
      const m = { ...measuredOf(r), cpuMs: cpuPerRequest(before, cpuTicks(t.pids ?? server.pids), r.requests.total) };
      if (m.bad > 0) log(`${t.name}: answers by status ${JSON.stringify(r.statusCodeStats)}`);
      runs.get(t.name)!.push(m);
    }
  }
  const out = new Map<string, Measured>();
  for (const [name, list] of runs) {
    const sorted = [...list].sort((a, b) => a.rps - b.rps);
    const median = sorted[Math.floor(sorted.length / 2)];
    const cpu = list
      .map((m) => m.cpuMs)
      .filter((c): c is number => typeof c === "number")
      .sort((a, b) => a - b);
    out.set(name, {
      ...median,
      cpuMs: cpu.length ? cpu[Math.floor(cpu.length / 2)] : null,
      errors: list.reduce((n, m) => n + m.errors, 0),
      bad: list.reduce((n, m) => n + m.bad, 0),
    });
  }
  return out;
}

/** The CPU time (user + system, in clock ticks of 10 ms) the processes have used so far, from /proc (Linux); null elsewhere. */
export function cpuTicks(pids: number[]): number | null {
  try {
    let ticks = 0;
    for (const pid of pids) {
      // Fields after the command name (which may hold spaces, so cut at its closing parenthesis): utime is the 14th
      // field of the whole line, stime the 15th.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks;
  } catch {
    return null;
  }
}

const TICK_MS = 10;
/** CPU ms per request between two readings of cpuTicks; null when either is missing or nothing was served. */
export function cpuPerRequest(before: number | null, after: number | null, requests: number): number | null {
  if (before === null || after === null || requests === 0) return null;
  return Math.round(((after - before) * TICK_MS * 100) / requests) / 100;
}

/** A process's peak resident memory in MB, from /proc (Linux). */
export function peakRss(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}
