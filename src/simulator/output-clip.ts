// Which clip a finished task serves: the one made for its request's aspect ratio, resolution and duration
// (data/sim-clips/<aspect>-<res>p-<seconds>s.mp4), or, for a task picked to come back bad, a flawed one: the
// wrong duration or aspect, a black picture, no audio stream, or the file cut short.
import { createHash } from "node:crypto";

export const OUTPUT_FLAWS = ["wrong_duration", "wrong_aspect", "black", "truncated", "no_audio"] as const;
export type OutputFlaw = (typeof OUTPUT_FLAWS)[number];

export interface BadOutputSettings {
  /** Share of finished tasks whose output is flawed (0..1), chosen by TaskId and seed. */
  rate: number;
  /** The flaws spread over (default all). */
  kinds: readonly OutputFlaw[];
  seed: number;
}

/** The marker that picks a flaw by prompt, for tests: "BAD_OUTPUT:black". */
const BAD_OUTPUT_MARKER = "BAD_OUTPUT:";

export interface ClipChoice {
  /** File name in data/sim-clips. */
  name: string;
  /** Cut the clip short (60% of its bytes, no padding). */
  truncate: boolean;
  flaw?: OutputFlaw;
}

const ASPECTS = [
  ["16x9", 16 / 9],
  ["9x16", 9 / 16],
  ["1x1", 1],
] as const;

/** A task's flaw: the prompt's marker first, then the seeded share. Same task, same answer, every time. */
export function flawOf(
  taskId: string,
  prompt: string | undefined,
  settings: BadOutputSettings,
): OutputFlaw | undefined {
  const marked = prompt?.split(BAD_OUTPUT_MARKER)[1]?.match(/^[a-z_]+/)?.[0];
  if (marked && (OUTPUT_FLAWS as readonly string[]).includes(marked)) return marked as OutputFlaw;
  if (settings.rate <= 0 || settings.kinds.length === 0) return undefined;
  const digest = createHash("sha256").update(`${settings.seed}:${taskId}`).digest();
  if (digest.readUInt32BE(0) / 0x1_0000_0000 >= settings.rate) return undefined;
  return settings.kinds[digest.readUInt32BE(4) % settings.kinds.length];
}

/** The clip for a request body (gateway snake_case or Tencent PascalCase), with the flaw applied. */
export function clipFor(body: Record<string, unknown>, flaw: OutputFlaw | undefined): ClipChoice {
  const config = (body.output_config ?? body.OutputConfig ?? {}) as Record<string, unknown>;
  const aspect = aspectName(String(config.aspect_ratio ?? config.AspectRatio ?? "16:9"));
  const resolution = resolutionName(String(config.resolution ?? config.Resolution ?? "720P"));
  const seconds = Number(config.duration ?? config.Duration ?? 5) >= 7.5 ? 10 : 5;
  const choice = (a: string, s: number, suffix = ""): string => `${a}-${resolution}-${s}s${suffix}.mp4`;
  switch (flaw) {
    case "wrong_duration":
      return { name: choice(aspect, seconds === 5 ? 10 : 5), truncate: false, flaw };
    case "wrong_aspect":
      return { name: choice(aspect === "16x9" ? "9x16" : "16x9", seconds), truncate: false, flaw };
    case "black":
      return { name: choice(aspect, seconds, "-black"), truncate: false, flaw };
    case "no_audio":
      return { name: choice(aspect, seconds, "-mute"), truncate: false, flaw };
    case "truncated":
      return { name: choice(aspect, seconds), truncate: true, flaw };
    default:
      return { name: choice(aspect, seconds), truncate: false };
  }
}

/** The nearest of the three shapes the clips come in ("4:3" is served 16:9, "2:3" 9:16). */
function aspectName(text: string): string {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(text.trim());
  const ratio = match && Number(match[2]) > 0 ? Number(match[1]) / Number(match[2]) : 16 / 9;
  let best: string = ASPECTS[0][0];
  let distance = Number.POSITIVE_INFINITY;
  for (const [name, value] of ASPECTS) {
    const d = Math.abs(Math.log(ratio / value));
    if (d < distance) [best, distance] = [name, d];
  }
  return best;
}

/** 1080P and above are served 1080p, the rest 720p. */
function resolutionName(text: string): string {
  const lower = text.toLowerCase();
  const pixels = lower === "2k" || lower === "4k" ? 2000 : Number(/^(\d+)p$/.exec(lower)?.[1] ?? 720);
  return pixels >= 1000 ? "1080p" : "720p";
}
