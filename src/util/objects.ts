import type { JsonObject } from "./canonical-json.js";

/** A plain object (not null, not an array): a JSON/YAML mapping. */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Keys that could reach an object's prototype: refused in manifests, data rows and model files. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
