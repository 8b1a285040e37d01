import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Vitest's default in run mode is one worker per core less one: a single worker on CI's 2 cores, so the
    // end-to-end tests' waits (a follower's first look, a simulator's task) ran one after another. Most of
    // the suite's time is such waiting, not CPU; three files at once keep both cores busy.
    maxWorkers: 3,
    // expect.poll() waits for something to happen (a video to start, a dialog to open): its default of 1 s is
    // a wall-clock bound a loaded machine can miss; it still ends as soon as the expectation holds.
    expect: { poll: { timeout: 15_000 } },
    // Picks and prints the run's one seed for random test timings (REELFORM_TEST_SEED=<n> replays it).
    globalSetup: ["test/helpers/seed-setup.ts"],
  },
});
