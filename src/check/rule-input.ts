// The few body values the model rules look at, read once from a rendered request body.
import type { JsonObject, JsonValue } from "../util/canonical-json.js";

export interface RuleInput {
  model: string;
  version: string;
  resolution?: string;
  aspectRatio?: string;
  duration?: number;
  audio: boolean;
  /** A last frame in any of its forms: last_frame_url, last_frame_file_id or a file_infos entry with usage LastFrame. */
  lastFrame: boolean;
  images: number;
  /** Input files other than a last frame (a last frame needs one of them as its first frame). */
  firstFrames: number;
  sceneType?: string;
}

const text = (v: JsonValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);

export function ruleInput(body: JsonObject): RuleInput {
  const output = (body.output_config ?? {}) as JsonObject;
  const files = Array.isArray(body.file_infos) ? (body.file_infos as JsonObject[]) : [];
  const lastFrameFiles = files.filter((f) => f?.usage === "LastFrame").length;
  const input: RuleInput = {
    model: String(body.model_name ?? ""),
    version: String(body.model_version ?? ""),
    audio: output.audio_generation === "Enabled",
    lastFrame:
      typeof body.last_frame_url === "string" || typeof body.last_frame_file_id === "string" || lastFrameFiles > 0,
    images: files.filter((f) => f && (f.category === undefined || f.category === "Image")).length,
    firstFrames: files.length - lastFrameFiles,
  };
  const optional = {
    resolution: text(output.resolution),
    aspectRatio: text(output.aspect_ratio),
    sceneType: text(body.scene_type),
    duration: typeof output.duration === "number" ? output.duration : undefined,
  };
  for (const [k, v] of Object.entries(optional))
    if (v !== undefined) (input as unknown as Record<string, unknown>)[k] = v;
  return input;
}

/** The rule findings depend only on these values (cheaper than JSON.stringify per request). */
export function ruleCacheKey(i: RuleInput): string {
  return `${i.model}\u0000${i.version}\u0000${i.resolution}\u0000${i.aspectRatio}\u0000${i.duration}\u0000${i.audio}\u0000${i.lastFrame}\u0000${i.images}\u0000${i.firstFrames}\u0000${i.sceneType}`;
}
