// What Tencent itself does with a request a finding is about: refuse it (nothing billed), or take it and bill
// a video that ignores the value. docs/manifest.md's rule ("The rule: error or warning") in code: an error
// either way, but only a refusal is something the simulator (which plays Tencent) answers with an error code.
import { keyedCopy } from "../util/objects.js";
import type { Finding } from "./finding.js";
import { MODEL_RULES, type UpstreamEffect } from "./model-rules.js";

const LIMIT_EFFECTS: Record<string, UpstreamEffect> = {
  prompt_max_chars: "ignores",
  negative_prompt_max_chars: "ignores",
  base64_total_bytes: "refuses",
  base64_prefix: "refuses",
  versions: "refuses",
};

export const UPSTREAM_EFFECTS: Record<string, UpstreamEffect> = keyedCopy<UpstreamEffect>({
  ...Object.fromEntries(MODEL_RULES.map((r) => [r.key, r.upstream])),
  ...LIMIT_EFFECTS,
});

/** True when Tencent would refuse the request this finding is about (per the table's "tencent" source). */
export function upstreamRefuses(finding: Finding): boolean {
  const effect = finding.rule === undefined ? undefined : UPSTREAM_EFFECTS[finding.rule];
  if (effect === undefined) return finding.severity === "error";
  const tencentObjects = finding.forbiddenBy === undefined || finding.forbiddenBy.includes("tencent");
  return effect === "refuses" && tencentObjects;
}
