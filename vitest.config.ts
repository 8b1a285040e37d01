import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Picks and prints the run's one seed for random test timings (REELFORM_TEST_SEED=<n> replays it).
    globalSetup: ["test/helpers/seed-setup.ts"],
  },
});
