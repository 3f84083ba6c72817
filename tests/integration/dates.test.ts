// Issue 12 · 1: no test depends on today's date or the machine's time zone. The suite pins one clock
// (CLOCK_START, vitest.config.ts); this check runs the date-sensitive tests again as if "today" were four
// other days — the machine's own clock moved by faketime, in another time zone, and the suite's clock started
// at the same instant — each in its own artifacts folder.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, ROOT } from "../support/paths";

/** The tests whose outcome could hang on the day: deadlines, working days, windows, expiry, metrics periods. */
export const DATE_SENSITIVE = [
  "tests/unit/working-days.test.ts",
  "tests/unit/request-metrics.test.ts",
  "tests/integration/request-metrics.test.ts",
  "tests/integration/requests.test.ts",
  "tests/integration/votes.test.ts",
  "tests/integration/proposals.test.ts",
  "tests/integration/sessions.test.ts",
  "tests/integration/auth.test.ts",
  "tests/integration/open-data.test.ts",
  "tests/integration/residency.test.ts",
  "tests/routes/votes-bad-input.test.ts",
  "tests/routes/requests-bad-input.test.ts",
  "tests/routes/secrecy.test.ts",
];

/** Each "today": the machine's wall clock in its time zone (what faketime is given) and the same instant in UTC. */
export const TODAYS = [
  { name: "1 December in Beijing while UTC is still 30 November", tz: "Asia/Shanghai", local: "2026-12-01 00:30:00", instant: "2026-11-30T16:30:00.000Z" },
  { name: "29 February, the machine in New York", tz: "America/New_York", local: "2028-02-29 09:00:00", instant: "2028-02-29T14:00:00.000Z" },
  {
    name: "3 December 2026, a day the suite was red (the demo's requests inside a test's December)",
    tz: "Asia/Shanghai",
    local: "2026-12-03 14:00:00",
    instant: "2026-12-03T06:00:00.000Z",
  },
  { name: "National Day, a public holiday, the machine in UTC", tz: "UTC", local: "2026-10-01 02:00:00", instant: "2026-10-01T02:00:00.000Z" },
];

const FAKETIME = "/usr/bin/faketime";

/** The environment without an outer faketime's settings (the suite itself may run under faketime). */
function withoutFaketime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const key of Object.keys(clean)) if (key === "LD_PRELOAD" || key.startsWith("FAKETIME") || key === "DONT_FAKE_MONOTONIC") delete clean[key];
  return clean;
}

describe("issue 12 · 1: the date-sensitive tests pass whatever day it is", () => {
  it("has faketime (Debian's faketime package; .ci/run installs it)", () => {
    expect(fs.existsSync(FAKETIME), "install faketime: apt-get install faketime").toBe(true);
    // And it moves Node's own clock, in the time zone given.
    for (const { tz, local, instant } of TODAYS) {
      const run = spawnSync(FAKETIME, [local, process.execPath, "-e", "process.stdout.write(new Date().toISOString())"], {
        env: { ...withoutFaketime(process.env), TZ: tz },
        encoding: "utf8",
      });
      expect(run.stdout.slice(0, 16)).toBe(instant.slice(0, 16));
    }
  });

  it.each(TODAYS)(
    "today = $name",
    ({ tz, local, instant }) => {
      const artifacts = path.join(ARTIFACTS, `dates-${instant.slice(0, 10)}`);
      const env: NodeJS.ProcessEnv = {
        ...withoutFaketime(process.env),
        TZ: tz,
        CLOCK_START: instant,
        TEST_ARTIFACTS: artifacts,
        SKIP_BUILD: "1",
        FAKETIME_DONT_FAKE_MONOTONIC: "1",
      };
      delete env.VITEST;
      delete env.VITEST_POOL_ID;
      delete env.VITEST_WORKER_ID;
      delete env.DATABASE_URL;
      const run = spawnSync(FAKETIME, [local, process.execPath, path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...DATE_SENSITIVE], {
        cwd: ROOT,
        env,
        encoding: "utf8",
        timeout: 240_000,
      });
      const out = `${run.stdout}\n${run.stderr}`;
      fs.rmSync(artifacts, { recursive: true, force: true });
      const summary = /^(\d+) passed, (\d+) failed/m.exec(out);
      expect(summary, out.slice(-4000)).not.toBeNull();
      expect(Number(summary![2]), out.slice(-6000)).toBe(0);
      expect(Number(summary![1])).toBeGreaterThan(50);
      expect(run.status, out.slice(-2000)).toBe(0);
    },
    300_000,
  );
});
