// The model and version, and the table's rules for them, as Tencent applies them: a rule Tencent's text
// states is refused with InvalidParameter, except where upstream takes the request and ignores the value
// (a last frame on a model without one): then the task is created and billed, as upstream would.
import { MODEL_RULES } from "../../check/model-rules.js";
import { ruleInput } from "../../check/rule-input.js";
import type { JsonObject } from "../../util/canonical-json.js";
import { upstreamModel } from "../models.js";
import { outputDuration } from "./output-config.js";
import { invalid, isRecord, type Body, type Refusal } from "./refusal.js";

export function checkModel(body: Body): Refusal | undefined {
  const name = String(body.model_name);
  const version = String(body.model_version);
  const found = upstreamModel(name, version);
  if (found.kind === "unknown-model")
    return invalid(`ModelName \`${name}\` is not supported (${found.known.join(", ")}).`);
  if (found.kind === "unknown-version")
    return invalid(`ModelVersion \`${version}\` is not a version of ${name} (${found.versions.join(", ")}).`);
  const input = ruleInput(withNumericDuration(body));
  for (const spec of MODEL_RULES) {
    if (spec.upstream !== "refuses" || !spec.applies(input)) continue;
    for (const [, rules] of found.rules) {
      const objection = spec.rule(rules, input, found.model);
      if (objection) return invalid(`${name} ${version}: ${objection.problem}.`);
    }
  }
  return input.lastFrame && input.firstFrames === 0
    ? invalid("A last frame needs a first frame in FileInfos.")
    : undefined;
}

/** The gateway accepts a duration as numeric text; the rules compare numbers. */
function withNumericDuration(body: Body): JsonObject {
  const config = body.output_config;
  if (!isRecord(config) || config.duration === undefined) return body as JsonObject;
  return { ...body, output_config: { ...config, duration: outputDuration(config.duration) ?? 0 } } as JsonObject;
}
