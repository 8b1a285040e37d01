// "did you mean …" for enum-ish values and variable names: the manifest's helper (src/manifest/suggest.ts).
import { closestMatch } from "../manifest/suggest.js";

export { closestMatch };

/** A "did you mean" suggestion, or a list of the allowed values when nothing is close. */
export function suggestValue(value: string, allowed: readonly string[]): string {
  const guess = closestMatch(value, allowed);
  return guess ? `did you mean "${guess}"?` : `allowed: ${allowed.join(", ")}`;
}
