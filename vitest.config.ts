import path from "node:path";
import { defineConfig } from "vitest/config";

// One clock for the whole suite: the seed, every fixture and every test server start at this instant (see
// app/clock.server.ts), so no test depends on the day it runs. The date check (tests/integration/dates.test.ts)
// runs the date-sensitive tests again with other instants, under faketime.
process.env.CLOCK_START ??= "2026-11-18T02:00:00.000Z"; // a Wednesday, 10:00 in Beijing

// `npm run test:pg` (TEST_ENGINE=pg) runs the suite again on PostgreSQL. Left out there: tests about SQLite
// itself (its file backup, WAL durability after a crash, the group commit) and the date check (it reruns tests
// under faketime: a question of the clock, not of the engine).
const SQLITE_ONLY = [
  "tests/integration/backup.test.ts",
  "tests/integration/group-commit.test.ts",
  "tests/e2e/crash.test.ts",
  "tests/integration/dates.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    exclude: process.env.TEST_ENGINE === "pg" ? ["**/node_modules/**", ...SQLITE_ONLY] : ["**/node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-file.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
