// All API checks of one rendered body: the request schema, the model rules, the prompt, and (gateway) the
// fields its Create Task page does not list. Findings follow the provider that will send the request: with
// tencent, the gateway page's rules and listings are not consulted. Model-rule findings depend only on a few
// body values, so they are computed once per distinct set.
import type { ProviderName } from "../config/provider-choice.js";
import type { JsonObject } from "../util/canonical-json.js";
import {
  BODY_FIELDS,
  GATEWAY_PAGE_BODY_FIELDS,
  GATEWAY_PAGE_OUTPUT_CONFIG_FIELDS,
  OUTPUT_CONFIG_FIELDS,
} from "./api-fields.js";
import { closestMatch } from "./did-you-mean.js";
import type { Finding } from "./finding.js";
import { lookupVersion, type ModelTable, type SourceRules } from "./model-table.js";
import { checkModelRules, sourceLabel } from "./model-rules.js";
import { checkRequestLimits } from "./request-limits.js";
import { checkRequestSchema } from "./request-schema.js";
import { ruleCacheKey, ruleInput, type RuleInput } from "./rule-input.js";
import { LastRuleFindings } from "./rule-memo.js";

const NONE: readonly Finding[] = Object.freeze([]);
/** Tencent's fields the gateway page does not list (fields nobody documents get the loader's own warning). */
const OFF_GATEWAY_PAGE = new Set(BODY_FIELDS.filter((f) => !GATEWAY_PAGE_BODY_FIELDS.has(f)));
const OFF_GATEWAY_PAGE_OUTPUT = new Set(OUTPUT_CONFIG_FIELDS.filter((f) => !GATEWAY_PAGE_OUTPUT_CONFIG_FIELDS.has(f)));

/** Who will send the request. */
export type CheckedFor = ProviderName;

export class RequestChecker {
  private readonly ruleCache = new Map<string, Finding[]>();
  private readonly lastRules = new LastRuleFindings();
  private readonly ignored: ReadonlySet<string>;

  constructor(
    readonly table: ModelTable,
    readonly provider: CheckedFor = "gateway",
  ) {
    this.ignored = new Set(provider === "tencent" ? (table.gateway_only_sources ?? []) : []);
  }

  check(body: JsonObject): readonly Finding[] {
    const typesOk = typeof body.model_name === "string" && typeof body.model_version === "string";
    // Fields Tencent does not document are not reported here: the manifest loader already warns about them at
    // the key where they are written (templates cannot create keys), once instead of once per request.
    const gateway = this.provider === "gateway" ? gatewayPageFindings(body) : NONE;
    const parts = [
      checkRequestSchema(body),
      typesOk ? this.modelFindings(body) : NONE,
      promptFindings(body, this.provider),
      gateway,
      checkRequestLimits(body, this.table.limits),
    ];
    // Most bodies have no findings: no new array for them (100,000 requests).
    return parts.every((p) => p.length === 0) ? NONE : parts.flat();
  }

  private modelFindings(body: JsonObject): Finding[] {
    const remembered = this.lastRules.lookup(body);
    if (remembered) return remembered;
    const input = ruleInput(body);
    const cacheKey = ruleCacheKey(input);
    let findings = this.ruleCache.get(cacheKey);
    if (!findings) {
      findings = this.computeModelFindings(input);
      this.ruleCache.set(cacheKey, findings);
    }
    this.lastRules.remember(body, findings);
    return findings;
  }

  private consulted(sources: [string, SourceRules][]): [string, SourceRules][] {
    return this.ignored.size === 0 ? sources : sources.filter(([name]) => !this.ignored.has(name));
  }

  private computeModelFindings(input: RuleInput): Finding[] {
    const found = lookupVersion(this.table, input.model, input.version);
    switch (found.kind) {
      case "unchecked":
        return [];
      case "unknown-model": {
        const guess = closestMatch(input.model, Object.keys(this.table.models));
        return [
          {
            severity: "error",
            path: "model_name",
            message: `unknown model "${input.model}"`,
            suggestion: guess
              ? `did you mean "${guess}"? (a new model can be declared in a --models file)`
              : `known: ${Object.keys(this.table.models).join(", ")}; declare new models in a --models file`,
          },
        ];
      }
      case "unknown-version": {
        // A warning: the API refuses a version it does not know without billing (docs/api.md "Models").
        const guess = closestMatch(input.version, found.versions);
        const unknown: Finding = {
          severity: "warning",
          path: "model_version",
          rule: "versions",
          message: `${input.model} has no version "${input.version}" in the model table; the API will refuse it if it does not know it either`,
          suggestion: guess
            ? `did you mean "${guess}"?`
            : `known: ${found.versions.join(", ")}; declare a new version in a --models file`,
        };
        return [
          unknown,
          ...checkModelRules(this.table, found.model, this.consulted(found.sources), input),
          ...lastFrameNeedsFirst(input),
        ];
      }
      case "known": {
        const unlisted: Finding[] = found.unlisted
          .filter((s) => !this.ignored.has(s))
          .map((s) => ({
            severity: "warning",
            path: "model_version",
            message: `${input.model} ${input.version} is not listed by ${sourceLabel(this.table, s)}`,
          }));
        return [
          ...unlisted,
          ...checkModelRules(this.table, found.model, this.consulted(found.sources), input),
          ...lastFrameNeedsFirst(input),
        ];
      }
    }
  }
}

function lastFrameNeedsFirst(input: RuleInput): Finding[] {
  return input.lastFrame && input.firstFrames === 0
    ? [{ severity: "error", path: "last_frame_url", message: "a last frame needs a first frame in file_infos" }]
    : [];
}

/**
 * The gateway's page requires a prompt. Tencent's text requires one only when there is no reference file, no
 * scene type and no ExtInfo (CreateAigcVideoTaskRequest.Prompt): with one of those, the gateway gets a warning
 * (it may refuse the request, unbilled) and tencent nothing; with none, an error either way.
 */
function promptFindings(body: JsonObject, provider: CheckedFor): readonly Finding[] {
  if (typeof body.prompt === "string" && body.prompt.trim() !== "") return NONE;
  const carried =
    (Array.isArray(body.file_infos) && body.file_infos.length > 0) ||
    typeof body.scene_type === "string" ||
    hasExtInfo(body.ext_info);
  if (!carried)
    return [
      {
        severity: "error",
        path: "prompt",
        message: "the request has no prompt",
        suggestion: "add a prompt (or input files, a scene type or ext_info)",
      },
    ];
  if (provider === "tencent") return NONE;
  return [
    {
      severity: "warning",
      path: "prompt",
      message:
        "no prompt: the gateway's Create Task page requires one; Tencent accepts input files, a scene type or ext_info instead",
    },
  ];
}

function hasExtInfo(value: JsonObject[string] | undefined): boolean {
  if (typeof value === "string") return value.trim() !== "";
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0;
}

/** With the gateway: Tencent's fields its Create Task page does not list pass through it undocumented. */
function gatewayPageFindings(body: JsonObject): readonly Finding[] {
  const config = body.output_config;
  const configKeys = config !== null && typeof config === "object" && !Array.isArray(config) ? Object.keys(config) : [];
  const paths = [
    ...Object.keys(body).filter((k) => OFF_GATEWAY_PAGE.has(k)),
    ...configKeys.filter((k) => OFF_GATEWAY_PAGE_OUTPUT.has(k)).map((k) => `output_config.${k}`),
  ];
  if (paths.length === 0) return NONE;
  return paths.map((path) => ({
    severity: "warning" as const,
    path,
    message: `\`${path}\` is not on the gateway's Create Task page: Tencent documents it, but whether the gateway passes it on is not stated`,
    suggestion: "check the result, or send this video with --provider tencent",
  }));
}
