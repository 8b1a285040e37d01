// defaults deep-merged under a video (objects merged, arrays replaced), remembering for every value which
// manifest node supplied it.
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import type { ManifestPath } from "./sources.js";
import { RUNNER_FIELDS as RUNNER_KEYS } from "../manifest/rule-passthrough.js";
import { isJsonObject, keyedRecord, keyedCopy } from "../util/objects.js";

/** Fields of a video that drive expansion and never reach the API (the schema's video-only properties). */
const RUNNER_FIELDS: ReadonlySet<string> = new Set(RUNNER_KEYS);

export interface MergedBody {
  body: JsonObject;
  /** Body path ("output_config.duration", "file_infos.0.url") -> the manifest path it came from. */
  origins: Map<string, ManifestPath>;
}

export function mergeVideoBody(
  defaults: JsonObject | undefined,
  video: JsonObject,
  videoPath: ManifestPath,
): MergedBody {
  const origins = new Map<string, ManifestPath>();
  const base = defaults ? withoutRunnerFields(defaults) : {};
  record(base, "", ["defaults"], origins);
  const own = withoutRunnerFields(video);
  const body = mergeInto(base, own, "", [...videoPath], origins);
  return { body, origins };
}

function withoutRunnerFields(fields: JsonObject): JsonObject {
  const out: JsonObject = keyedRecord<JsonValue>();
  for (const [k, v] of Object.entries(fields)) if (!RUNNER_FIELDS.has(k) && v !== undefined) out[k] = v;
  return out;
}

function mergeInto(
  base: JsonObject,
  over: JsonObject,
  prefix: string,
  overPath: (string | number)[],
  origins: Map<string, ManifestPath>,
): JsonObject {
  const out: JsonObject = keyedCopy<JsonValue>(base);
  for (const [k, v] of Object.entries(over)) {
    const path = prefix ? `${prefix}.${k}` : k;
    const existing = out[k];
    if (isJsonObject(existing) && isJsonObject(v)) {
      out[k] = mergeInto(existing, v, path, [...overPath, k], origins);
      origins.set(path, [...overPath, k]);
    } else {
      clearUnder(path, origins);
      out[k] = v;
      record(v, path, [...overPath, k], origins);
    }
  }
  return out;
}

function record(
  value: JsonValue,
  path: string,
  manifestPath: (string | number)[],
  origins: Map<string, ManifestPath>,
): void {
  if (path) origins.set(path, manifestPath);
  if (Array.isArray(value)) value.forEach((item, i) => record(item, join(path, i), [...manifestPath, i], origins));
  else if (isJsonObject(value))
    for (const [k, v] of Object.entries(value)) record(v, join(path, k), [...manifestPath, k], origins);
}

function clearUnder(path: string, origins: Map<string, ManifestPath>): void {
  for (const key of origins.keys()) if (key.startsWith(`${path}.`)) origins.delete(key);
}

function join(prefix: string, k: string | number): string {
  return prefix ? `${prefix}.${k}` : String(k);
}
