// The model-capability table (data/models.json, optionally merged with the user's --models file) and the
// effective rules of each source for one model version.
import { isJsonObject, UNSAFE_KEYS, keyedCopy } from "../util/objects.js";

export interface DurationRule {
  values?: number[];
  min?: number;
  max?: number;
  /** Fractional seconds are not allowed (Hailuo H3: "4-15 seconds (whole numbers)"). */
  whole_seconds?: boolean;
}

export interface LastFrameRule {
  /** Only at these output resolutions. */
  resolutions?: string[];
  /** Not together with several input images. */
  single_image?: boolean;
}

/** What one source says about a model; an absent field means that source says nothing about it. */
export interface SourceRules {
  resolutions?: string[];
  aspect_ratios?: string[];
  durations?: DurationRule;
  audio?: boolean;
  last_frame?: boolean | LastFrameRule;
  max_images?: number;
  scene_types?: string[];
}

export interface ModelEntry {
  default_resolution?: string;
  default_duration?: number;
  /** Let versions missing from `versions` through (checked against the model-wide rules). */
  allow_unknown_versions?: boolean;
  rules?: Record<string, SourceRules>;
  /** Per version, per source: overrides of the model-wide rules; false = the source does not list the version. */
  versions?: Record<string, Record<string, SourceRules | false>>;
}

/** Where the table was read from: per source, free-form facts (SDK package, version, dates, file). */
export type Provenance = Record<string, Record<string, string>>;

/** Request-wide limits (Tencent's task-input types), independent of the model. */
export interface RequestLimits {
  prompt_max_chars?: number;
  negative_prompt_max_chars?: number;
  /** All Base64 file_infos together, decoded. */
  base64_total_bytes?: number;
}

export interface ModelTable {
  provenance?: Provenance;
  /** Source name -> how messages call it. */
  sources: Record<string, string>;
  /** Sources that speak for the gateway alone (its Create Task page): not consulted when the provider is tencent. */
  gateway_only_sources?: string[];
  limits?: RequestLimits;
  allow_unknown_models?: boolean;
  models: Record<string, ModelEntry>;
}

export type VersionLookup =
  | { kind: "unknown-model" }
  | { kind: "unknown-version"; versions: string[]; model: ModelEntry; sources: [string, SourceRules][] }
  | { kind: "unchecked" }
  | { kind: "known"; model: ModelEntry; sources: [string, SourceRules][]; unlisted: string[] };

export function lookupVersion(table: ModelTable, modelName: string, version: string): VersionLookup {
  const model = Object.hasOwn(table.models, modelName) ? table.models[modelName] : undefined;
  if (!model) return table.allow_unknown_models ? { kind: "unchecked" } : { kind: "unknown-model" };
  const versions = model.versions ?? {};
  const entry = Object.hasOwn(versions, version) ? versions[version] : undefined;
  // An unknown version is checked against the model-wide rules: the API refuses it without billing.
  if (!entry && !model.allow_unknown_versions)
    return {
      kind: "unknown-version",
      versions: Object.keys(versions),
      model,
      sources: effectiveSources(model, {}).sources,
    };
  return { kind: "known", model, ...effectiveSources(model, entry ?? {}) };
}

function effectiveSources(
  model: ModelEntry,
  entry: Record<string, SourceRules | false>,
): { sources: [string, SourceRules][]; unlisted: string[] } {
  const names = new Set([...Object.keys(model.rules ?? {}), ...Object.keys(entry)]);
  const sources: [string, SourceRules][] = [];
  const unlisted: string[] = [];
  for (const name of names) {
    const override = entry[name];
    if (override === false) unlisted.push(name);
    else sources.push([name, { ...(model.rules?.[name] ?? {}), ...(override ?? {}) }]);
  }
  return { sources, unlisted };
}

/** Objects merged key by key, arrays and scalars replaced: how a --models file extends the built-in table. */
export function mergeTables(base: unknown, over: unknown): unknown {
  if (!isJsonObject(base) || !isJsonObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = keyedCopy<unknown>(base);
  for (const [k, v] of Object.entries(over)) if (!UNSAFE_KEYS.has(k)) out[k] = mergeTables(base[k], v);
  return out;
}
