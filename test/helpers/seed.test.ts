// The one test seed: replayable streams and a clear error for a bad REELFORM_TEST_SEED
// (test/arch/suite-hygiene.test.ts checks that no test draws from the unseeded Math.random).
import { describe, expect, it } from "vitest";
import { parseSeed } from "./seed-parse.js";
import { between, seededRandom, testSeed } from "./seed.js";

describe("test seed", () => {
  it("gives every named stream the same sequence each time, and different names different sequences", () => {
    const draw = (name: string) =>
      Array.from(
        { length: 5 },
        (
          (random) => () =>
            random()
        )(seededRandom(name)),
      );
    expect(draw("kills")).toEqual(draw("kills"));
    expect(draw("kills")).not.toEqual(draw("churn"));
    expect(Number.isInteger(testSeed())).toBe(true);
  });

  it("draws whole numbers between both bounds, both included", () => {
    const random = seededRandom("bounds");
    const seen = new Set(Array.from({ length: 400 }, () => between(random, 3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(between(() => 0, 100, 299)).toBe(100);
    expect(between(() => 0.999999, 100, 299)).toBe(299);
  });

  it("reads REELFORM_TEST_SEED, and names it when its value is not a seed", () => {
    expect(parseSeed(undefined)).toBeUndefined();
    expect(parseSeed(" ")).toBeUndefined();
    expect(parseSeed(" 42 ")).toBe(42);
    expect(parseSeed("4294967295")).toBe(4294967295);
    expect(() => parseSeed("-1")).toThrow('REELFORM_TEST_SEED must be a whole number from 0 to 4294967295, got "-1"');
    expect(() => parseSeed("1.5")).toThrow("REELFORM_TEST_SEED");
    expect(() => parseSeed("abc")).toThrow("REELFORM_TEST_SEED");
  });
});
