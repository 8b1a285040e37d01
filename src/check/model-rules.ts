// The model rules: each check asks every source that covers the model. Error when every source forbids
// the value, warning when only some do (docs/api.md "Models": the gateway page "seed" vs Tencent's SDK text).
import type { JsonValue } from "../util/canonical-json.js";
import { closestMatch } from "./did-you-mean.js";
import type { Finding } from "./finding.js";
import type { ModelEntry, ModelTable, SourceRules } from "./model-table.js";
import type { RuleInput } from "./rule-input.js";

/** A source's objection to the value, or undefined when the source allows it (or says nothing). */
type Rule = (
  rules: SourceRules,
  input: RuleInput,
  model: ModelEntry,
) => { problem: string; allowed?: readonly string[] } | undefined;

/**
 * What Tencent does with a request that breaks the rule: refuse it (nothing billed), or take it and bill a
 * video that ignores the value (docs/api.md: a last frame on a model without one is ignored). The simulator
 * plays the first as an InvalidParameter refusal and accepts the second.
 */
export type UpstreamEffect = "refuses" | "ignores";

export interface RuleSpec {
  /** The table field the rule reads ("resolutions", "last_frame", …). */
  key: keyof SourceRules;
  path: string;
  upstream: UpstreamEffect;
  applies: (input: RuleInput) => boolean;
  rule: Rule;
}

const listRule =
  (
    field: "resolutions" | "aspect_ratios" | "scene_types",
    label: string,
    value: (i: RuleInput) => string | undefined,
  ): Rule =>
  (rules, input) => {
    const allowed = rules[field];
    const v = value(input) ?? "";
    if (!allowed || allowed.includes(v)) return undefined;
    return allowed.length === 0
      ? { problem: `does not take ${label}` }
      : { problem: `${label} "${v}" is not one of ${allowed.join(", ")}`, allowed };
  };

export const MODEL_RULES: readonly RuleSpec[] = [
  {
    key: "resolutions",
    path: "output_config.resolution",
    upstream: "refuses",
    applies: (i) => i.resolution !== undefined,
    rule: listRule("resolutions", "resolution", (i) => i.resolution),
  },
  {
    key: "aspect_ratios",
    path: "output_config.aspect_ratio",
    upstream: "refuses",
    applies: (i) => i.aspectRatio !== undefined,
    rule: listRule("aspect_ratios", "aspect_ratio", (i) => i.aspectRatio),
  },
  {
    key: "scene_types",
    path: "scene_type",
    upstream: "refuses",
    applies: (i) => i.sceneType !== undefined,
    rule: listRule("scene_types", "scene_type", (i) => i.sceneType),
  },
  {
    key: "durations",
    path: "output_config.duration",
    upstream: "refuses",
    applies: (i) => i.duration !== undefined,
    rule: durationRule,
  },
  {
    key: "audio",
    path: "output_config.audio_generation",
    upstream: "refuses",
    applies: (i) => i.audio,
    rule: (r) => (r.audio === false ? { problem: "does not generate audio" } : undefined),
  },
  { key: "last_frame", path: "last_frame_url", upstream: "ignores", applies: (i) => i.lastFrame, rule: lastFrameRule },
  {
    key: "max_images",
    path: "file_infos",
    upstream: "refuses",
    applies: (i) => i.images > 0,
    rule: (r, i) =>
      r.max_images !== undefined && i.images > r.max_images
        ? { problem: `takes at most ${r.max_images} images, got ${i.images}` }
        : undefined,
  },
];

function durationRule(rules: SourceRules, input: RuleInput): { problem: string } | undefined {
  const d = rules.durations;
  const v = input.duration ?? 0;
  if (!d) return undefined;
  if (d.values && !d.values.includes(v)) return { problem: `duration ${v} s is not one of ${d.values.join(", ")}` };
  if ((d.min !== undefined && v < d.min) || (d.max !== undefined && v > d.max))
    return { problem: `duration ${v} s is outside ${d.min ?? 0}–${d.max ?? "∞"}` };
  if (d.whole_seconds && !Number.isInteger(v)) return { problem: `duration ${v} s is not a whole number of seconds` };
  return undefined;
}

function lastFrameRule(rules: SourceRules, input: RuleInput, model: ModelEntry): { problem: string } | undefined {
  const lf = rules.last_frame;
  if (lf === undefined || lf === true) return undefined;
  if (lf === false) return { problem: "does not take a last frame (the API ignores it and still bills the video)" };
  const resolution = input.resolution ?? model.default_resolution ?? "";
  if (lf.resolutions && !lf.resolutions.includes(resolution))
    return { problem: `takes a last frame only at ${lf.resolutions.join(", ")}` };
  if (lf.single_image && input.firstFrames > 1) return { problem: "takes a last frame only with a single input image" };
  return undefined;
}

export function checkModelRules(
  table: ModelTable,
  model: ModelEntry,
  sources: [string, SourceRules][],
  input: RuleInput,
): Finding[] {
  const findings: Finding[] = [];
  for (const spec of MODEL_RULES) {
    if (!spec.applies(input) || sources.length === 0) continue;
    const finding = judge(table, spec, model, sources, input);
    if (finding) findings.push(finding);
  }
  return findings;
}

function judge(
  table: ModelTable,
  spec: RuleSpec,
  model: ModelEntry,
  sources: [string, SourceRules][],
  input: RuleInput,
): Finding | undefined {
  const verdicts = sources.map(([name, rules]) => ({ name, objection: spec.rule(rules, input, model) }));
  const against = verdicts.filter((v) => v.objection);
  const first = against[0]?.objection;
  if (!first) return undefined;
  const subject = `${input.model} ${input.version}`;
  const allowedBy = verdicts.filter((v) => !v.objection).map((v) => sourceLabel(table, v.name));
  const base = { path: spec.path, rule: spec.key, forbiddenBy: against.map((v) => v.name) };
  if (allowedBy.length > 0) {
    return {
      ...base,
      severity: "warning",
      message: `${subject}: ${first.problem} according to ${against.map((v) => sourceLabel(table, v.name)).join(" and ")}; ${allowedBy.join(" and ")} allow${allowedBy.length === 1 ? "s" : ""} it`,
    };
  }
  // The message already lists the allowed values: suggest only a close match.
  const value = valueAt(spec.path, input);
  const guess = first.allowed && typeof value === "string" ? closestMatch(value, first.allowed) : undefined;
  return {
    ...base,
    severity: "error",
    message: `${subject}: ${first.problem}`,
    ...(guess ? { suggestion: `did you mean "${guess}"?` } : {}),
  };
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
