// Where a value came from, so a finding about a rendered body can point at the manifest line (or data
// file row) that supplied it.
import type { SourceLocation } from "../diagnostics.js";
import { canonicalJson } from "../util/canonical-json.js";

export type ManifestPath = readonly (string | number)[];

/** A variable's origin: a node of the manifest, or a row of a data file. */
export type VarSource = { kind: "manifest"; path: ManifestPath } | { kind: "row"; location: SourceLocation };

export type Locate = (path: ManifestPath) => SourceLocation;

export function resolveVarSource(source: VarSource, locate: Locate): SourceLocation {
  return source.kind === "manifest" ? locate(source.path) : source.location;
}

/**
 * Stable text of a combination's variables for keys and messages: `lang=fr,size=16:9` (names sorted). A
 * mapping value is spelt field by field, `node.lts=true,node.version=16`, fields sorted at every level, so
 * the text does not depend on the order the YAML wrote them in.
 */
export function describeVars(vars: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const name of Object.keys(vars).sort()) flattenVar(name, vars[name], parts);
  return parts.join(",");
}

function flattenVar(name: string, value: unknown, parts: string[]): void {
  if (value === null || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length === 0) {
    parts.push(`${name}=${scalarText(value)}`);
    return;
  }
  const fields = value as Record<string, unknown>;
  for (const field of Object.keys(fields).sort()) flattenVar(`${name}.${field}`, fields[field], parts);
}

function scalarText(value: unknown): string {
  return typeof value === "string" ? value : canonicalJson(value);
}
