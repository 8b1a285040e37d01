// What a request asked for, read from its body as sent (gateway snake_case): the values checks compare with,
// and the pixels the lockfile puts back for an output (lockfile/stored-task.ts).
import type { JsonObject } from "./canonical-json.js";

export interface Asked {
  /** Seconds (output_config.duration); absent: the model's default, which is not checked. */
  duration?: number;
  /** "16:9" as written, and as a ratio of width to height. */
  aspectRatio?: { text: string; ratio: number };
  /** "1080P" as written, and the short side in pixels it stands for. */
  resolution?: { text: string; shortSide: number };
  /** An audio stream was asked: audio_generation or enable_bgm Enabled. */
  audio: boolean;
}

/** Short side in pixels of each resolution name the models use (case-insensitive). */
const SHORT_SIDES = new Map<string, number>([
  ["360p", 360],
  ["480p", 480],
  ["540p", 540],
  ["720p", 720],
  ["768p", 768],
  ["1080p", 1080],
  ["2k", 1440],
  ["1440p", 1440],
  ["4k", 2160],
  ["2160p", 2160],
]);

export function askedBy(body: JsonObject): Asked {
  const output = body.output_config;
  const config = output !== null && typeof output === "object" && !Array.isArray(output) ? output : {};
  const asked: Asked = { audio: config.audio_generation === "Enabled" || config.enable_bgm === "Enabled" };
  if (typeof config.duration === "number") asked.duration = config.duration;
  if (typeof config.aspect_ratio === "string") {
    const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(config.aspect_ratio);
    if (match && Number(match[2]) > 0)
      asked.aspectRatio = { text: config.aspect_ratio, ratio: Number(match[1]) / Number(match[2]) };
  }
  if (typeof config.resolution === "string") {
    const shortSide = SHORT_SIDES.get(config.resolution.toLowerCase());
    if (shortSide !== undefined) asked.resolution = { text: config.resolution, shortSide };
  }
  return asked;
}

/** 1920x1080 -> "16:9"; an odd ratio is shown to two decimals ("1.78:1"). */
export function ratioText(width: number, height: number): string {
  const divisor = gcd(width, height);
  const [w, h] = [width / divisor, height / divisor];
  return w <= 64 && h <= 64 ? `${w}:${h}` : `${(width / height).toFixed(2)}:1`;
}

function gcd(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
