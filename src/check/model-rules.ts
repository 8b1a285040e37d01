// The model rules: each check asks every source that covers the model. Error when every source forbids
// the value, warning when only some do (REFERENCE.md: the gateway page "seed" vs Tencent's current text).
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import { closestMatch } from "./did-you-mean.js";
import type { Finding } from "./finding.js";
import type { ModelEntry, ModelTable, SourceRules } from "./model-table.js";

/** The body values the rules look at. */
export interface RuleInput {
  model: string;
  version: string;
  resolution?: string;
  aspectRatio?: string;
  duration?: number;
  audio: boolean;
  lastFrame: boolean;
  images: number;
  files: number;
  sceneType?: string;
}

/** A source's objection to the value, or undefined when the source allows it (or says nothing). */
type Rule = (rules: SourceRules, input: RuleInput, model: ModelEntry) => { problem: string; allowed?: readonly string[] } | undefined;

interface RuleSpec {
  path: string;
  applies: (input: RuleInput) => boolean;
  rule: Rule;
}

const listRule = (field: "resolutions" | "aspect_ratios" | "scene_types", label: string, value: (i: RuleInput) => string | undefined): Rule => (rules, input) => {
  const allowed = rules[field];
  const v = value(input) ?? "";
  if (!allowed || allowed.includes(v)) return undefined;
  return allowed.length === 0 ? { problem: `does not take ${label}` } : { problem: `${label} "${v}" is not one of ${allowed.join(", ")}`, allowed };
};

const RULES: RuleSpec[] = [
  { path: "output_config.resolution", applies: (i) => i.resolution !== undefined, rule: listRule("resolutions", "resolution", (i) => i.resolution) },
  { path: "output_config.aspect_ratio", applies: (i) => i.aspectRatio !== undefined, rule: listRule("aspect_ratios", "aspect_ratio", (i) => i.aspectRatio) },
  { path: "scene_type", applies: (i) => i.sceneType !== undefined, rule: listRule("scene_types", "scene_type", (i) => i.sceneType) },
  { path: "output_config.duration", applies: (i) => i.duration !== undefined, rule: durationRule },
  { path: "output_config.audio_generation", applies: (i) => i.audio, rule: (r) => (r.audio === false ? { problem: "does not generate audio" } : undefined) },
  { path: "last_frame_url", applies: (i) => i.lastFrame, rule: lastFrameRule },
  { path: "file_infos", applies: (i) => i.images > 0, rule: (r, i) => (r.max_images !== undefined && i.images > r.max_images ? { problem: `takes at most ${r.max_images} images, got ${i.images}` } : undefined) },
];

function durationRule(rules: SourceRules, input: RuleInput): { problem: string } | undefined {
  const d = rules.durations;
  const v = input.duration ?? 0;
  if (!d) return undefined;
  if (d.values && !d.values.includes(v)) return { problem: `duration ${v} s is not one of ${d.values.join(", ")}` };
  if ((d.min !== undefined && v < d.min) || (d.max !== undefined && v > d.max)) return { problem: `duration ${v} s is outside ${d.min ?? 0}–${d.max ?? "∞"}` };
  return undefined;
}

function lastFrameRule(rules: SourceRules, input: RuleInput, model: ModelEntry): { problem: string } | undefined {
  const lf = rules.last_frame;
  if (lf === undefined || lf === true) return undefined;
  if (lf === false) return { problem: "does not take last_frame_url" };
  const resolution = input.resolution ?? model.default_resolution ?? "";
  if (lf.resolutions && !lf.resolutions.includes(resolution)) return { problem: `takes last_frame_url only at ${lf.resolutions.join(", ")}` };
  if (lf.single_image && input.files > 1) return { problem: "takes last_frame_url only with a single input image" };
  return undefined;
}

export function checkModelRules(table: ModelTable, model: ModelEntry, sources: [string, SourceRules][], input: RuleInput): Finding[] {
  const subject = `${input.model} ${input.version}`;
  const findings: Finding[] = [];
  for (const spec of RULES) {
    if (!spec.applies(input) || sources.length === 0) continue;
    const verdicts = sources.map(([name, rules]) => ({ name, objection: spec.rule(rules, input, model) }));
    const against = verdicts.filter((v) => v.objection);
    const first = against[0]?.objection;
    if (!first) continue;
    const allowedBy = verdicts.filter((v) => !v.objection).map((v) => sourceLabel(table, v.name));
    const value = valueAt(spec.path, input);
    // The message already lists the allowed values: suggest only a close match.
    const guess = first.allowed && typeof value === "string" ? closestMatch(value, first.allowed) : undefined;
    const suggestion = guess ? `did you mean "${guess}"?` : undefined;
    if (allowedBy.length === 0) findings.push({ severity: "error", path: spec.path, message: `${subject}: ${first.problem}`, ...(suggestion ? { suggestion } : {}) });
    else findings.push({ severity: "warning", path: spec.path, message: `${subject}: ${first.problem} according to ${against.map((v) => sourceLabel(table, v.name)).join(" and ")}; ${allowedBy.join(" and ")} allow${allowedBy.length === 1 ? "s" : ""} it` });
  }
  return findings;
}

export function sourceLabel(table: ModelTable, name: string): string {
  return table.sources[name] ?? `the "${name}" rules`;
}

function valueAt(path: string, input: RuleInput): JsonValue | undefined {
  if (path.endsWith("resolution")) return input.resolution;
  if (path.endsWith("aspect_ratio")) return input.aspectRatio;
  if (path === "scene_type") return input.sceneType;
  return undefined;
}

export function ruleInput(body: JsonObject): RuleInput {
  const output = (body.output_config ?? {}) as JsonObject;
  const files = Array.isArray(body.file_infos) ? (body.file_infos as JsonObject[]) : [];
  const text = (v: JsonValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
  return {
    model: String(body.model_name ?? ""),
    version: String(body.model_version ?? ""),
    ...(text(output.resolution) !== undefined ? { resolution: text(output.resolution) } : {}),
    ...(text(output.aspect_ratio) !== undefined ? { aspectRatio: text(output.aspect_ratio) } : {}),
    ...(typeof output.duration === "number" ? { duration: output.duration } : {}),
    audio: output.audio_generation === "Enabled",
    lastFrame: typeof body.last_frame_url === "string",
    images: files.filter((f) => f && (f.category === undefined || f.category === "Image")).length,
    files: files.length,
    ...(text(body.scene_type) !== undefined ? { sceneType: text(body.scene_type) } : {}),
  };
}
