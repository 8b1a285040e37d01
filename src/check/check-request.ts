// All API checks of one rendered body: the request schema, the model rules, undocumented fields.
// Model-rule findings depend only on a few body values, so they are computed once per distinct set.
import type { JsonObject } from "../util/canonical-json.js";
import { closestMatch } from "./did-you-mean.js";
import type { Finding } from "./finding.js";
import { lookupVersion, type ModelTable } from "./model-table.js";
import { checkModelRules, sourceLabel } from "./model-rules.js";
import { checkRequestLimits } from "./request-limits.js";
import { checkRequestSchema } from "./request-schema.js";
import { ruleCacheKey, ruleInput, type RuleInput } from "./rule-input.js";

const NONE: readonly Finding[] = Object.freeze([]);

export class RequestChecker {
  private readonly ruleCache = new Map<string, Finding[]>();

  constructor(readonly table: ModelTable) {}

  check(body: JsonObject): readonly Finding[] {
    const typesOk = typeof body.model_name === "string" && typeof body.model_version === "string";
    // Undocumented fields are not reported here: the manifest loader already warns about them at the key
    // where they are written (templates cannot create keys), once instead of once per request.
    const parts = [checkRequestSchema(body), typesOk ? this.modelFindings(body) : NONE, promptFindings(body), checkRequestLimits(body, this.table.limits)];
    // Most bodies have no findings: no new array for them (100,000 requests).
    return parts.every((p) => p.length === 0) ? NONE : parts.flat();
  }

  private modelFindings(body: JsonObject): Finding[] {
    const input = ruleInput(body);
    const cacheKey = ruleCacheKey(input);
    let findings = this.ruleCache.get(cacheKey);
    if (!findings) {
      findings = this.computeModelFindings(input);
      this.ruleCache.set(cacheKey, findings);
    }
    return findings;
  }

  private computeModelFindings(input: RuleInput): Finding[] {
    const found = lookupVersion(this.table, input.model, input.version);
    switch (found.kind) {
      case "unchecked":
        return [];
      case "unknown-model": {
        const guess = closestMatch(input.model, Object.keys(this.table.models));
        return [{ severity: "error", path: "model_name", message: `unknown model "${input.model}"`, suggestion: guess ? `did you mean "${guess}"? (a new model can be declared in a --models file)` : `known: ${Object.keys(this.table.models).join(", ")}; declare new models in a --models file` }];
      }
      case "unknown-version": {
        // A warning: the API refuses a version it does not know without billing (docs/api.md "Models").
        const guess = closestMatch(input.version, found.versions);
        const unknown: Finding = { severity: "warning", path: "model_version", rule: "versions", message: `${input.model} has no version "${input.version}" in the model table; the API will refuse it if it does not know it either`, suggestion: guess ? `did you mean "${guess}"?` : `known: ${found.versions.join(", ")}; declare a new version in a --models file` };
        return [unknown, ...checkModelRules(this.table, found.model, found.sources, input), ...lastFrameNeedsFirst(input)];
      }
      case "known": {
        const unlisted: Finding[] = found.unlisted.map((s) => ({ severity: "warning", path: "model_version", message: `${input.model} ${input.version} is not listed by ${sourceLabel(this.table, s)}` }));
        return [...unlisted, ...checkModelRules(this.table, found.model, found.sources, input), ...lastFrameNeedsFirst(input)];
      }
    }
  }
}

function lastFrameNeedsFirst(input: RuleInput): Finding[] {
  return input.lastFrame && input.firstFrames === 0 ? [{ severity: "error", path: "last_frame_url", message: "a last frame needs a first frame in file_infos" }] : [];
}

/** The gateway requires a prompt; Tencent does not when input files or a scene type carry the intent. */
function promptFindings(body: JsonObject): readonly Finding[] {
  if (typeof body.prompt === "string" && body.prompt.trim() !== "") return NONE;
  const carried = (Array.isArray(body.file_infos) && body.file_infos.length > 0) || typeof body.scene_type === "string";
  return carried
    ? [{ severity: "warning", path: "prompt", message: "no prompt: the gateway's Create Task page requires one; Tencent accepts input files or a scene type instead" }]
    : [{ severity: "error", path: "prompt", message: "the request has no prompt", suggestion: "add a prompt (or input files / a scene type)" }];
}
