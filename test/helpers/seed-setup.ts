// vitest's globalSetup: picks the run's one test seed (REELFORM_TEST_SEED replays a given one), prints it,
// and provides it to every test file (read with `testSeed()` / `seededRandom()` from ./seed.ts).
import { randomInt } from "node:crypto";
import type { TestProject } from "vitest/node";
import { SEED_VARIABLE, parseSeed } from "./seed-parse.js";

export default function setup(project: TestProject): void {
  const seed = parseSeed(process.env[SEED_VARIABLE]) ?? randomInt(0, 2 ** 32 - 1);
  process.stdout.write(`test seed ${seed} (replay with ${SEED_VARIABLE}=${seed})\n`);
  project.provide("testSeed", seed);
}
