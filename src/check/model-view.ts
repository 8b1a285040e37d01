// What the model table allows, version by version, with each source's effective rules: the data behind
// `reelform models` (text and --json).
import {
  lookupVersion,
  type ModelTable,
  type Provenance,
  type RequestLimits,
  type SourceRules,
} from "./model-table.js";
import type { UpstreamEffect } from "./model-rules.js";
import { UPSTREAM_EFFECTS } from "./upstream-effect.js";

export interface VersionView {
  model: string;
  version: string;
  /** Sources that list this version. */
  listed_by: string[];
  /** Per listing source, the rules in force for this version (model-wide rules with the version's overrides). */
  rules: Record<string, SourceRules>;
}

export interface ModelsView {
  format_version: 1;
  provenance: Provenance;
  sources: Record<string, string>;
  /** Sources not consulted when the provider is tencent (the gateway's page). */
  gateway_only_sources: string[];
  limits: RequestLimits;
  /** What Tencent does with a request that breaks each rule (the simulator plays it). */
  upstream_effects: Record<string, UpstreamEffect>;
  allow_unknown_models: boolean;
  versions: VersionView[];
}

export function modelsView(table: ModelTable, filter: { model?: string; version?: string } = {}): ModelsView {
  const versions: VersionView[] = [];
  for (const [model, entry] of Object.entries(table.models)) {
    if (filter.model !== undefined && filter.model !== model) continue;
    for (const version of Object.keys(entry.versions ?? {})) {
      if (filter.version !== undefined && filter.version !== version) continue;
      const found = lookupVersion(table, model, version);
      if (found.kind !== "known") continue;
      versions.push({
        model,
        version,
        listed_by: found.sources.map(([s]) => s),
        rules: Object.fromEntries(found.sources),
      });
    }
  }
  return {
    format_version: 1,
    provenance: table.provenance ?? {},
    sources: table.sources,
    gateway_only_sources: table.gateway_only_sources ?? [],
    limits: table.limits ?? {},
    upstream_effects: UPSTREAM_EFFECTS,
    allow_unknown_models: table.allow_unknown_models ?? false,
    versions,
  };
}
