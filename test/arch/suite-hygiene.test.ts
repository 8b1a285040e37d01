// A suite that is no lottery on a busy machine: every random timing comes from the one printed seed
// (test/helpers/seed.ts), and no test bounds the wall-clock time of its work (a loaded machine stretches
// it; bound operation counts, CPU time or a virtual clock instead). Lower bounds ("waited at least") stay.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/exec.js";

function testSources(): { path: string; lines: string[] }[] {
  const out: { path: string; lines: string[] }[] = [];
  for (const entry of readdirSync(join(REPO, "test"), { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || !/\.(ts|mjs|js)$/.test(entry.name) || path === import.meta.filename) continue;
    out.push({ path: relative(REPO, path), lines: readFileSync(path, "utf8").split("\n") });
  }
  return out;
}

function offenders(pattern: RegExp): string[] {
  return testSources().flatMap(({ path, lines }) =>
    lines.flatMap((line, i) => (pattern.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("the suite's hygiene", () => {
  it("draws no random number from the unseeded Math.random (use seededRandom from test/helpers/seed.ts)", () => {
    expect(offenders(/Math\.random\s*\(/)).toEqual([]);
  });

  it("puts no wall-clock upper bound on a test's work", () => {
    const clock = String.raw`(Date\.now\(\)|performance\.now\(\)|elapsed|started)`;
    expect(offenders(new RegExp(String.raw`expect\([^)]*${clock}[^)]*\)\.toBeLessThan`))).toEqual([]);
    expect(offenders(/performance\.now\(\)/)).toEqual([]);
  });
});
