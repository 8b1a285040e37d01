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

/** Prototype of every fastKeyedRecord: empty, frozen, with no prototype of its own. */
const NOTHING_INHERITED: object = Object.freeze(Object.create(null) as object);

/**
 * keyedRecord for records made by the hundred thousand (rendered request bodies): nothing is inherited
 * either (`__proto__`, `constructor` and `toString` are ordinary keys), but the prototype is an empty frozen
 * object instead of null. V8 makes Object.create(null) a dictionary from the start, several times slower to
 * build, read and stringify than this (bench/README.md, "plan's CPU").
 */
export function fastKeyedRecord<T>(): Record<string, T> {
  return Object.create(NOTHING_INHERITED) as Record<string, T>;
}
