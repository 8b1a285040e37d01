import type { JsonObject } from "./canonical-json.js";

/** A plain object (not null, not an array): a JSON/YAML mapping. */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Keys that could reach an object's prototype: refused in manifests, data rows and model files. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * An empty record for keys that come from outside (video keys, lockfile entries, API fields): it has no
 * prototype, so `__proto__`, `constructor` and `toString` are ordinary keys, never Object.prototype's members.
 */
export function keyedRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A prototype-free copy of `from`'s own entries (JSON.parse makes `__proto__` an own key: it is kept). */
export function keyedCopy<T>(from: Readonly<Record<string, T>>): Record<string, T> {
  const out = keyedRecord<T>();
  for (const [key, value] of Object.entries(from)) out[key] = value;
  return out;
}
