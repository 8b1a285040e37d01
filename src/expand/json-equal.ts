import { canonicalJson } from "../util/canonical-json.js";

/** Structural equality of JSON values (matrix values may be objects, as in GitHub Actions). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return canonicalJson(a) === canonicalJson(b);
}
