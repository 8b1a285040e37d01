// One seed for every random choice the tests make (kill timings, churn counts), so that a failure can be
// replayed. `test/helpers/seed-setup.ts` (vitest's globalSetup) picks it once per run, prints it, and hands
// it to every test file; REELFORM_TEST_SEED=<n> replays it. A file that imports this module also prints
// the seed under each of its failing tests.
import { beforeEach, inject } from "vitest";
import { mulberry32, type Random } from "../../src/simulator/prng.js";
import { SEED_VARIABLE, parseSeed } from "./seed-parse.js";

/** The run's seed: the one globalSetup provided, else REELFORM_TEST_SEED (a run without the setup, e.g. a bench). */
export function testSeed(): number {
  const provided = inject("testSeed") as number | undefined;
  const seed = provided ?? parseSeed(process.env[SEED_VARIABLE]);
  if (seed === undefined)
    throw new Error(`no test seed: run through vitest.config.ts (its globalSetup picks one) or set ${SEED_VARIABLE}`);
  return seed;
}

/** FNV-1a of the stream's name: each stream gets its own sequence, however many other streams draw. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * A seeded random source in [0, 1) for one named use (say the test's name): the same seed and name give
 * the same sequence, whichever other tests ran before, so one test run alone with `-t` replays too.
 */
export function seededRandom(stream: string): Random {
  return mulberry32((testSeed() ^ hashName(stream)) >>> 0);
}

/** A whole number from `min` to `max` (both included) from a seeded source. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    const seed = testSeed();
    process.stderr.write(`\nthis test drew random timings from seed ${seed}: replay with ${SEED_VARIABLE}=${seed}\n`);
  });
});
