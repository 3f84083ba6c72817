import path from "node:path";
import { defineConfig } from "vitest/config";

// One clock for the whole suite: the seed, every fixture and every test server start at this instant (see
// app/clock.server.ts), so no test depends on the day it runs. The date check (tests/integration/dates.test.ts)
// runs the date-sensitive tests again with other instants, under faketime.
process.env.CLOCK_START ??= "2026-11-18T02:00:00.000Z"; // a Wednesday, 10:00 in Beijing

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-file.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
