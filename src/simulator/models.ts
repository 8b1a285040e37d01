/**
 * The simulator plays Tencent, so it reads reelform's model table (data/models.json) through Tencent's
 * eyes only: the "tencent" source of each model version, nothing from the gateway page. The checker reads
 * the same table with every source; a test sends a generated request per rule to both and compares.
 */
import { lookupVersion, type ModelEntry, type ModelTable, type SourceRules } from "../check/model-table.js";
import { builtinModelsSync } from "../check/models-file.js";

const UPSTREAM_SOURCE = "tencent";

export type UpstreamModel =
  | { kind: "unknown-model"; known: string[] }
  | { kind: "unknown-version"; versions: string[] }
  | { kind: "known"; model: ModelEntry; rules: [string, SourceRules][] };

export function simTable(): ModelTable {
  return builtinModelsSync();
}

/** The model version as Tencent sees it: unknown, or known with Tencent's rules (none when the table has none). */
export function upstreamModel(name: string, version: string, table: ModelTable = simTable()): UpstreamModel {
  const found = lookupVersion(table, name, version);
  if (found.kind === "unknown-model" || found.kind === "unchecked")
    return { kind: "unknown-model", known: Object.keys(table.models) };
  const listedByTencent = found.kind === "known" && !found.unlisted.includes(UPSTREAM_SOURCE);
  if (!listedByTencent) return { kind: "unknown-version", versions: tencentVersions(found.model) };
  return { kind: "known", model: found.model, rules: found.sources.filter(([source]) => source === UPSTREAM_SOURCE) };
}

function tencentVersions(model: ModelEntry): string[] {
  return Object.entries(model.versions ?? {})
    .filter(([, sources]) => sources[UPSTREAM_SOURCE] !== false)
    .map(([v]) => v);
}

/** Seconds of output when output_config.duration is absent: the model's default, else 5. */
export function defaultDuration(modelName: unknown, table: ModelTable = simTable()): number {
  const model =
    typeof modelName === "string" && Object.hasOwn(table.models, modelName) ? table.models[modelName] : undefined;
  return model?.default_duration ?? 5;
}
