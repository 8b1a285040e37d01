// What changed in a request body between the recorded generation and the manifest: leaf paths with
// old and new values, so a reviewer sees "output_config.duration: 5 -> 10" rather than two hashes.
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import { compareCodePoints } from "../lockfile/json-text.js";
import { withoutApplyAdded } from "./apply-added.js";
import type { PlanEntry } from "./types.js";
import { isJsonObject } from "../util/objects.js";

export interface BodyChange {
  /** "prompt", "output_config.duration", "file_infos[0].url". */
  path: string;
  /** undefined: the field was absent on that side. */
  old?: JsonValue;
  new?: JsonValue;
}

/** Fields whose old and new text are shown in full, one per line. */
export const TEXT_FIELDS = new Set(["prompt", "negative_prompt"]);

/**
 * Changes of a ~ entry (body changed or forced); [] when there is nothing to compare. Both sides are compared
 * without the values apply adds (session_id, its own session_context), so those are never a change.
 */
export function entryChanges(entry: PlanEntry, campaign: string): BodyChange[] {
  if (!entry.recorded || !entry.body || entry.old_hash === entry.new_hash) return [];
  return bodyChanges(
    withoutApplyAdded(entry.recorded.body, campaign, entry.key),
    withoutApplyAdded(entry.body, campaign, entry.key),
  );
}

function bodyChanges(before: JsonObject, after: JsonObject): BodyChange[] {
  const changes: BodyChange[] = [];
  compare(before, after, "", changes);
  // The prompts first: they are what a reviewer reads.
  return [...changes.filter((c) => TEXT_FIELDS.has(c.path)), ...changes.filter((c) => !TEXT_FIELDS.has(c.path))];
}

function compare(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: BodyChange[]): void {
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareCodePoints);
    for (const k of keys) compare(a[k], b[k], path ? `${path}.${k}` : k, out);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) compare(a[i], b[i], `${path}[${i}]`, out);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push({ path, ...(a === undefined ? {} : { old: a }), ...(b === undefined ? {} : { new: b }) });
  }
}

/** A value as one short line: JSON, or "(none)" when absent. */
export function showValue(v: JsonValue | undefined): string {
  return v === undefined ? "(none)" : JSON.stringify(v);
}
