// Pattern warnings say why a pattern does nothing (issue 16, item 8).
import { describe, expect, it } from "vitest";
import { compileSelection } from "../../src/plan/select.js";

function warningsFor(
  options: Parameters<typeof compileSelection>[0],
  requests: string[],
  orphans: string[] = [],
): string[] {
  const selection = compileSelection(options);
  for (const key of requests) selection.includes(key);
  for (const key of orphans) selection.includes(key, "orphan");
  return selection.unmatched();
}

describe("selection warnings", () => {
  it("--replace covered by --exclude: no effect because of --exclude, not 'matches no key'", () => {
    expect(
      warningsFor({ replace: ["catalog-101"], exclude: ["catalog-*"] }, ["catalog-101", "catalog-102", "hero"]),
    ).toEqual([
      '--replace "catalog-101" matches only keys that --exclude leaves out of the plan (catalog-101): it has no effect',
    ]);
  });

  it("--target whose keys are all excluded", () => {
    expect(warningsFor({ target: ["hero-*"], exclude: ["hero-*"] }, ["hero-a", "x"])).toEqual([
      '--target "hero-*" matches only keys that --exclude leaves out of the plan (hero-a): it has no effect',
    ]);
  });

  it("--replace of an orphan only", () => {
    expect(warningsFor({ replace: ["old"] }, ["new"], ["old"])).toEqual([
      '--replace "old" matches only keys no longer in the manifest (they are retired, never replaced) (old): it has no effect',
    ]);
  });

  it("no warning when a pattern reaches a key in the plan, whatever else it matched", () => {
    expect(warningsFor({ replace: ["catalog-*"], exclude: ["catalog-101"] }, ["catalog-101", "catalog-102"])).toEqual(
      [],
    );
  });

  it("a pattern matching nothing says so", () => {
    expect(warningsFor({ exclude: ["zzz"] }, ["a"])).toEqual([
      '--exclude "zzz" matches no key in the manifest or the lockfile',
    ]);
  });
});
