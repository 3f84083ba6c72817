// The bare Remix page of issue 18: db/tools/bare-remix (a root and one route, Remix's default server entry) built
// into node_modules/.cache (so its imports resolve to the repository's own packages) and served by remix-serve,
// as `npx create-remix` would run it, in the same benchmark run as the app.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { ROOT, freePort } from "./bench-support";

export const BARE_PATH = "/";
const SOURCE = path.join(ROOT, "db/tools/bare-remix");
const OUT = path.join(ROOT, "node_modules/.cache/bare-remix");

export interface BareServer {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBareRemix(): Promise<BareServer> {
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: SOURCE,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", BARE_REMIX_OUT: OUT },
  });
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/@remix-run/serve/dist/cli.js"), "build/index.js"], {
    cwd: OUT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port) },
    // remix-serve logs every request (morgan) to stdout, as it does when deployed: written, not shown.
    stdio: ["ignore", "ignore", "inherit"],
  });
  const origin = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`remix-serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}${BARE_PATH}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error("remix-serve did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
