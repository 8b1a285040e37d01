// The one test seed: replayable streams, a clear error for a bad REELFORM_TEST_SEED, and no test drawing
// from the unseeded Math.random.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./exec.js";
import { parseSeed } from "./seed-parse.js";
import { between, seededRandom, testSeed } from "./seed.js";

describe("test seed", () => {
  it("gives every named stream the same sequence each time, and different names different sequences", () => {
    const draw = (name: string) => Array.from({ length: 5 }, ((random) => () => random())(seededRandom(name)));
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

  it("no test draws from the unseeded Math.random (use seededRandom from test/helpers/seed.ts)", () => {
    const offenders: string[] = [];
    for (const entry of readdirSync(join(REPO, "test"), { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !/\.(ts|mjs|js)$/.test(entry.name) || path === import.meta.filename) continue;
      readFileSync(path, "utf8").split("\n").forEach((line, i) => {
        if (/Math\.random\s*\(/.test(line)) offenders.push(`${path.slice(REPO.length)}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
