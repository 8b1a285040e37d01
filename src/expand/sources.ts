// Where a value came from, so a finding about a rendered body can point at the manifest line (or data
// file row) that supplied it.
import type { SourceLocation } from "../diagnostics.js";

export type ManifestPath = readonly (string | number)[];

/** A variable's origin: a node of the manifest, or a row of a data file. */
export type VarSource = { kind: "manifest"; path: ManifestPath } | { kind: "row"; location: SourceLocation };

export type Locate = (path: ManifestPath) => SourceLocation;

export function resolveVarSource(source: VarSource, locate: Locate): SourceLocation {
  return source.kind === "manifest" ? locate(source.path) : source.location;
}

/** Stable text of a combination's variables for keys and messages: `lang=fr,size=16:9` (names sorted). */
export function describeVars(vars: Readonly<Record<string, unknown>>): string {
  return Object.keys(vars)
    .sort()
    .map((name) => `${name}=${scalarText(vars[name])}`)
    .join(",");
}

export function scalarText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
