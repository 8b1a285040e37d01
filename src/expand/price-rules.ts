// Cost estimate from a user price table: per second of output, the most specific matching rule wins
// (model + version + resolution > model + version > model + resolution > model), plus an audio surcharge.
import type { PriceRule, PriceTable } from "../manifest/types.js";
import type { JsonObject } from "../util/canonical-json.js";

/** "Kling 2.1": how plans name a model in summaries. */
export function modelLabel(body: JsonObject | null | undefined): string {
  const name = typeof body?.model_name === "string" ? body.model_name : "unknown model";
  return typeof body?.model_version === "string" ? `${name} ${body.model_version}` : name;
}

/** Estimated price of one request, or null when no rule covers its model. */
export function priceRequest(body: JsonObject, seconds: number, table: PriceTable): number | null {
  const rule = bestRule(body, table.rules);
  if (!rule) return null;
  const audio = outputConfig(body).audio_generation === "Enabled" ? (rule.audio_per_second ?? 0) : 0;
  return seconds * (rule.per_second + audio);
}

function bestRule(body: JsonObject, rules: readonly PriceRule[]): PriceRule | undefined {
  let best: PriceRule | undefined;
  let bestScore = -1;
  for (const rule of rules) {
    const score = specificity(rule, body);
    if (score > bestScore) [best, bestScore] = [rule, score];
  }
  return best;
}

/** -1 when the rule does not apply; otherwise higher is more specific. Resolutions compare case-insensitively (PixVerse writes 720p). */
function specificity(rule: PriceRule, body: JsonObject): number {
  if (rule.model_name !== body.model_name) return -1;
  const resolution = outputConfig(body).resolution;
  if (rule.model_version !== undefined && rule.model_version !== body.model_version) return -1;
  if (
    rule.resolution !== undefined &&
    (typeof resolution !== "string" || rule.resolution.toLowerCase() !== resolution.toLowerCase())
  )
    return -1;
  return (rule.model_version !== undefined ? 2 : 0) + (rule.resolution !== undefined ? 1 : 0);
}

function outputConfig(body: JsonObject): JsonObject {
  const config = body.output_config;
  return config !== null && typeof config === "object" && !Array.isArray(config) ? config : {};
}
