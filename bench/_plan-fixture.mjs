import { deriveSessionId } from "../dist/plan/session-id.js";
import { hashBody } from "../dist/util/canonical-json.js";

// The benchmark campaign: 100 products x 1,000 scenes = 100,000 requests.
export const PRODUCTS = 100;
export const SCENES = 1000;

export function manifestYaml(count) {
  const scenes = Math.ceil(count / PRODUCTS);
  return [
    "version: 1",
    "campaign: bench",
    "defaults:",
    "  model_name: Kling",
    '  model_version: "2.1"',
    '  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: 5, storage_mode: Permanent }',
    "videos:",
    '  - name: "item-{{product}}-{{scene}}"',
    '    prompt: "Product {{product}} turning slowly in scene {{scene}}, cinematic lighting, shallow depth of field"',
    "    matrix:",
    `      product: [${Array.from({ length: PRODUCTS }, (_, i) => i).join(", ")}]`,
    `      scene: [${Array.from({ length: scenes }, (_, i) => i).join(", ")}]`,
    "",
  ].join("\n");
}

/** 98% recorded as they are, 1% recorded with an older body (~ replace), 1% no longer wanted (- orphan). */
export function benchLockfile(requests) {
  const entries = {};
  requests.forEach((r, i) => {
    const body = i % 100 === 1 ? { ...r.body, prompt: `${r.body.prompt} (old)` } : r.body;
    const key = i % 100 === 2 ? `retired-${r.key}` : r.key;
    const hash = hashBody(body);
    const session_id = deriveSessionId("bench", key, hash, 1);
    entries[key] = {
      hash,
      generation: 1,
      session_id,
      submission: "created",
      task_id: `1500000-AigcVideoTask-${i.toString(16)}t`,
      request_id: `req-${i}`,
      submitted_at: "2026-05-01T10:00:00.000Z",
      body: { ...body, session_id },
    };
  });
  return { format_version: 1, campaign: "bench", entries };
}
