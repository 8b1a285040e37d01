// The import graph of src/ has no cycle between files, and none between folders beyond the upward edges
// listed below (each with the reason it is still there). A new cycle, or a new upward edge that closes
// one, fails here; an allowed edge that no longer exists fails too, so the list only shrinks.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, fileEdges, folderEdges } from "./import-graph.js";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

/**
 * Folder edges allowed to close a cycle ("from>to": the reason). Empty: keep it so. Type-only imports count,
 * since a type shared across folders couples them as much as a value does.
 */
const ALLOWED_UPWARD: Record<string, string> = {};

describe("import cycles in src/", () => {
  const edges = fileEdges(SRC);

  it("has no cycle between files (type-only imports included)", () => {
    expect(cycles(edges)).toEqual([]);
  });

  it("has no cycle between folders once the allowed upward edges are set aside", () => {
    const folders = folderEdges(edges).filter(({ from, to }) => !(`${from}>${to}` in ALLOWED_UPWARD));
    expect(cycles(folders)).toEqual([]);
  });

  it("allows only upward edges that still exist", () => {
    const present = new Set(folderEdges(edges).map(({ from, to }) => `${from}>${to}`));
    expect(Object.keys(ALLOWED_UPWARD).filter((edge) => !present.has(edge))).toEqual([]);
  });

  it("finds a cycle the graph contains (the check itself works)", () => {
    const sample = [
      { from: "a", to: "b" },
      { from: "b", to: "c" },
      { from: "c", to: "a" },
      { from: "c", to: "d" },
    ];
    expect(cycles(sample)).toEqual([["a", "b", "c"]]);
  });
});
