import { describe, expect, it } from "vitest";
import { expandMatrix, matrixBound, matrixSource } from "../../src/expand/matrix.js";
import type { MatrixSpec } from "../../src/manifest/types.js";

const values = (m: MatrixSpec) => expandMatrix(m).map((c) => c.values);

describe("matrix: GitHub Actions strategy.matrix semantics", () => {
  it("builds the cartesian product in key order, first key slowest", () => {
    expect(values({ version: [10, 12, 14], os: ["ubuntu-latest", "windows-latest"] })).toEqual([
      { version: 10, os: "ubuntu-latest" },
      { version: 10, os: "windows-latest" },
      { version: 12, os: "ubuntu-latest" },
      { version: 12, os: "windows-latest" },
      { version: 14, os: "ubuntu-latest" },
      { version: 14, os: "windows-latest" },
    ]);
  });

  it("GitHub's 'Expanding or adding matrix configurations' example", () => {
    const matrix: MatrixSpec = {
      fruit: ["apple", "pear"],
      animal: ["cat", "dog"],
      include: [
        { color: "green" },
        { color: "pink", animal: "cat" },
        { fruit: "apple", shape: "circle" },
        { fruit: "banana" },
        { fruit: "banana", animal: "cat" },
      ],
    };
    expect(values(matrix)).toEqual([
      { fruit: "apple", animal: "cat", color: "pink", shape: "circle" },
      { fruit: "apple", animal: "dog", color: "green", shape: "circle" },
      { fruit: "pear", animal: "cat", color: "pink" },
      { fruit: "pear", animal: "dog", color: "green" },
      { fruit: "banana" },
      { fruit: "banana", animal: "cat" },
    ]);
  });

  it("GitHub's 'Example: Adding configurations' (include extends one original)", () => {
    const matrix: MatrixSpec = {
      os: ["windows-latest", "ubuntu-latest"],
      node: [14, 16],
      include: [{ os: "windows-latest", node: 16, npm: 6 }],
    };
    expect(values(matrix)).toEqual([
      { os: "windows-latest", node: 14 },
      { os: "windows-latest", node: 16, npm: 6 },
      { os: "ubuntu-latest", node: 14 },
      { os: "ubuntu-latest", node: 16 },
    ]);
  });

  it("GitHub's 'Example: Expanding configurations' (include with an added key on every original)", () => {
    const matrix: MatrixSpec = {
      os: ["windows-latest", "ubuntu-latest"],
      node: [14, 16],
      include: [
        { os: "windows-latest", node: 16, npm: 6 },
        { os: "ubuntu-latest", experimental: true },
      ],
    };
    expect(values(matrix)).toEqual([
      { os: "windows-latest", node: 14 },
      { os: "windows-latest", node: 16, npm: 6 },
      { os: "ubuntu-latest", node: 14, experimental: true },
      { os: "ubuntu-latest", node: 16, experimental: true },
    ]);
  });

  it("GitHub's 'Excluding matrix configurations' example: partial matches removed, 12 - 3 = 9 left", () => {
    const matrix: MatrixSpec = {
      os: ["macos-latest", "windows-latest"],
      version: [12, 14, 16],
      environment: ["staging", "production"],
      exclude: [
        { os: "macos-latest", version: 12, environment: "production" },
        { os: "windows-latest", version: 16 },
      ],
    };
    const combos = values(matrix);
    expect(combos).toHaveLength(9);
    expect(combos).not.toContainEqual({ os: "macos-latest", version: 12, environment: "production" });
    expect(combos.filter((c) => c.os === "windows-latest" && c.version === 16)).toEqual([]);
  });

  it("applies exclude before include: an include can bring an excluded combination back as a new one", () => {
    const matrix: MatrixSpec = { a: [1, 2], exclude: [{ a: 2 }], include: [{ a: 2, extra: "x" }] };
    expect(values(matrix)).toEqual([{ a: 1 }, { a: 2, extra: "x" }]);
  });

  it("lets a later include overwrite values added by an earlier include, never original values", () => {
    const matrix: MatrixSpec = { a: [1, 2], include: [{ color: "green" }, { a: 1, color: "pink" }] };
    expect(values(matrix)).toEqual([
      { a: 1, color: "pink" },
      { a: 2, color: "green" },
    ]);
  });

  it("matches object values structurally", () => {
    const matrix: MatrixSpec = {
      size: [
        { w: 1, h: 2 },
        { w: 3, h: 4 },
      ],
      exclude: [{ size: { h: 2, w: 1 } }],
    };
    expect(values(matrix)).toEqual([{ size: { w: 3, h: 4 } }]);
  });

  it("carries an include entry's takes to the combinations it extends or adds, not as a variable", () => {
    const combos = expandMatrix({
      p: ["a", "b"],
      include: [
        { p: "b", takes: 3 },
        { p: "c", takes: 2 },
      ],
    });
    expect(combos.map((c) => [c.values, c.takes])).toEqual([
      [{ p: "a" }, undefined],
      [{ p: "b" }, 3],
      [{ p: "c" }, 2],
    ]);
  });

  it("with only include entries, each entry is a combination", () => {
    expect(values({ include: [{ lang: "en" }, { lang: "fr" }] })).toEqual([{ lang: "en" }, { lang: "fr" }]);
  });

  it("tells which manifest node supplied each value", () => {
    const matrix: MatrixSpec = { p: ["a", "b"], include: [{ note: "n" }, { p: "c" }] };
    const combos = expandMatrix(matrix);
    expect(matrixSource(matrix, combos[1]!, "p")).toEqual(["p", 1]);
    expect(matrixSource(matrix, combos[1]!, "note")).toEqual(["include", 0, "note"]);
    expect(matrixSource(matrix, combos[2]!, "p")).toEqual(["include", 1, "p"]);
    expect(matrixSource(matrix, combos[0]!, "other")).toBeUndefined();
  });

  it("bounds the count without enumerating: 10^10 combinations in no time", () => {
    const axis = Array.from({ length: 10 }, (_, i) => i);
    const huge: MatrixSpec = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, axis]));
    // Counted, not timed: the axes' values read, through a proxy on each axis (enumerating would read 10^11).
    let reads = 0;
    const counted = (list: number[]) =>
      new Proxy(list, {
        get: (t, p, r) => ((reads += typeof p === "string" && /^\d+$/.test(p) ? 1 : 0), Reflect.get(t, p, r)),
      });
    const watched: MatrixSpec = Object.fromEntries(Object.entries(huge).map(([k, v]) => [k, counted(v as number[])]));
    expect(matrixBound(watched)).toBe(1e10);
    expect(reads).toBeLessThanOrEqual(100);
    expandMatrix({ a: counted([1, 2]), b: counted([3]) });
    expect(reads, "the proxy counts the reads of an expansion").toBeGreaterThan(0);
  });
});
