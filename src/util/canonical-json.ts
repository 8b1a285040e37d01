import * as crypto from "node:crypto";
import { flatString } from "./flat-string.js";

/** Node's one-shot digest (20.12 and later): about twice as fast as createHash for a body-sized input. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: "hex") => string }).hash;
/** Above this, createHash (the one-shot form copies large inputs; a lockfile's bytes are hundreds of MB). */
const ONE_SHOT_MAX = 64 * 1024;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Deterministic JSON: object keys sorted (code-point order), no whitespace, arrays in order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

/** A copy of value with every object's keys in sorted order (for stable hashing and printing). */
function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value !== null && typeof value === "object") {
    const out = Object.create(null) as Record<string, unknown>; // a "__proto__" key is kept, not made the prototype
    for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}

export function sha256Hex(data: string | Uint8Array): string {
  if (oneShot && data.length <= ONE_SHOT_MAX) return oneShot("sha256", data, "hex");
  return crypto.createHash("sha256").update(data).digest("hex");
}

/** The body hash used in plans, lockfiles and session ids: "sha256:" + hex of the canonical JSON. */
export function hashBody(body: unknown): string {
  return hashJsonText(JSON.stringify(sortKeysDeep(body)));
}

/** hashBody for the JSON text of a body whose object keys are in sorted order (expand/body-json.ts writes it). */
export function hashJsonText(json: string): string {
  // Flat: kept with each of 500,000 requests, and compared with the lockfile's (flat-string.ts).
  return flatString(`sha256:${sha256Hex(json)}`);
}
