// The test seed's name and syntax, shared by vitest's globalSetup (./seed-setup.ts) and the tests' helper (./seed.ts).

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's one seed for random test timings (see ./seed.ts). */
    testSeed: number;
  }
}

export const SEED_VARIABLE = "REELFORM_TEST_SEED";

/** REELFORM_TEST_SEED's value as a seed (a whole number from 0 to 2^32 - 1), undefined when unset. */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const seed = Number(text.trim());
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`${SEED_VARIABLE} must be a whole number from 0 to 4294967295, got "${text}"`);
  }
  return seed;
}
