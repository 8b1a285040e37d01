// Which checks run on a video's file, and with what limits: the manifest's `checks:` (top level, then per
// video, entry by entry), or every check with its default when the manifest names none. What each check
// compares against ("asked") always follows the request body, so one setting serves every request.
import type { ChecksSpec } from "../manifest/types.js";
import { parseDurationMs } from "../util/duration.js";

export const CHECK_NAMES = [
  "duration",
  "aspect_ratio",
  "resolution",
  "audio",
  "playable",
  "black_frames",
  "frozen",
  "silent",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** Checks measured from the file's metadata (an MP4 parser, no system binary). */
export const METADATA_CHECKS: ReadonlySet<CheckName> = new Set([
  "duration",
  "aspect_ratio",
  "resolution",
  "audio",
  "playable",
]);

/** Resolved settings: absent = the check does not run. */
export interface CheckSettings {
  duration?: { toleranceSeconds: number };
  aspect_ratio?: { tolerance: number };
  resolution?: true;
  audio?: true;
  playable?: true;
  /** Largest share (0..1) of the clip detected black. */
  black_frames?: { maxShare: number };
  /** Longest frozen stretch, seconds. */
  frozen?: { maxSeconds: number };
  /** Longest silent stretch of the audio, seconds (only when audio was asked). */
  silent?: { maxSeconds: number };
}

/** Every check but `silent` (a quiet passage is often intended), with the defaults the docs state. */
export const DEFAULT_CHECKS: CheckSettings = Object.freeze({
  duration: { toleranceSeconds: 0.5 },
  aspect_ratio: { tolerance: 0.02 },
  resolution: true,
  audio: true,
  playable: true,
  black_frames: { maxShare: 0.1 },
  frozen: { maxSeconds: 2 },
});

/** Top-level `checks:` then the video's own, entry by entry; neither given: DEFAULT_CHECKS. */
export function resolveChecks(top: ChecksSpec | undefined, video: ChecksSpec | undefined): CheckSettings {
  if (top === undefined && video === undefined) return DEFAULT_CHECKS;
  const merged: ChecksSpec = { ...top, ...video };
  const out: CheckSettings = {};
  for (const name of CHECK_NAMES) {
    const value = merged[name];
    if (value === undefined || value === false) continue;
    setCheck(out, name, value === true ? {} : value);
  }
  return out;
}

function setCheck(out: CheckSettings, name: CheckName, options: Record<string, unknown>): void {
  switch (name) {
    case "duration":
      out.duration = { toleranceSeconds: secondsOf(options.tolerance) ?? 0.5 };
      return;
    case "aspect_ratio":
      out.aspect_ratio = { tolerance: shareOf(options.tolerance) ?? 0.02 };
      return;
    case "black_frames":
      out.black_frames = { maxShare: shareOf(options.max) ?? 0.1 };
      return;
    case "frozen":
      out.frozen = { maxSeconds: secondsOf(options.max) ?? 2 };
      return;
    case "silent":
      out.silent = { maxSeconds: secondsOf(options.max) ?? 2 };
      return;
    default:
      out[name] = true;
  }
}

/** 0.5, "0.5s", "500ms" -> seconds; undefined when absent or unreadable (the schema refuses those). */
function secondsOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const ms = parseDurationMs(value, "s");
  return ms === undefined ? undefined : ms / 1000;
}

/** 0.1, "10%" -> 0.1. */
function shareOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(value.trim());
  return match ? Number(match[1]) / 100 : undefined;
}

export function contentChecksOf(settings: CheckSettings): CheckName[] {
  return CHECK_NAMES.filter((name) => settings[name] !== undefined && !METADATA_CHECKS.has(name));
}
