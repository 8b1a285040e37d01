// Judges one file against its request: pure, from the measured facts. Each result names the check, its
// outcome, what was measured and what was asked, and the tool (and version) that measured it.
import type { Asked } from "../util/asked.js";
import { ratioText } from "../util/asked.js";
import type { ContentFacts, Ffmpeg } from "./ffmpeg.js";
import type { MediaFacts } from "./probe.js";
import { CHECK_NAMES, METADATA_CHECKS, type CheckName, type CheckSettings } from "../expand/check-settings.js";

type CheckOutcome = "passed" | "failed" | "not_run";

export interface CheckResult {
  check: CheckName;
  outcome: CheckOutcome;
  measured?: string;
  asked?: string;
  tool: string;
  version?: string;
  /** Why a check did not run (FFmpeg absent, nothing asked), or what failed beyond the values. */
  note?: string;
}

export interface Measurements {
  /** The parser's reading, or why it could not read the file. */
  media: { ok: true; facts: MediaFacts } | { ok: false; error: string };
  parser: { tool: string; version: string };
  /** FFmpeg's reading; undefined when FFmpeg is absent (content checks are not run). */
  content?: { ffmpeg: Ffmpeg; facts: ContentFacts };
}

export function evaluateChecks(settings: CheckSettings, asked: Asked, measured: Measurements): CheckResult[] {
  const results: CheckResult[] = [];
  for (const name of CHECK_NAMES) {
    if (settings[name] === undefined) continue;
    results.push(
      METADATA_CHECKS.has(name)
        ? metadataCheck(name, settings, asked, measured)
        : contentCheck(name, settings, asked, measured),
    );
  }
  return results;
}

function metadataCheck(name: CheckName, settings: CheckSettings, asked: Asked, measured: Measurements): CheckResult {
  const tool = { tool: measured.parser.tool, version: measured.parser.version };
  if (!measured.media.ok)
    return { check: name, outcome: "failed", measured: "unreadable", ...tool, note: measured.media.error };
  const facts = measured.media.facts;
  switch (name) {
    case "duration": {
      if (asked.duration === undefined) return notAsked(name, tool, "no output_config.duration in the request");
      const tolerance = settings.duration?.toleranceSeconds ?? 0.5;
      const ok = Math.abs(facts.duration - asked.duration) <= tolerance;
      return {
        check: name,
        outcome: ok ? "passed" : "failed",
        measured: `${round(facts.duration)}s`,
        asked: `${asked.duration}s ± ${tolerance}s`,
        ...tool,
      };
    }
    case "aspect_ratio": {
      if (!facts.video)
        return {
          check: name,
          outcome: "failed",
          measured: "no video stream",
          ...optionalAsked(asked.aspectRatio?.text),
          ...tool,
        };
      if (!asked.aspectRatio) return notAsked(name, tool, "no output_config.aspect_ratio in the request");
      const ratio = facts.video.width / facts.video.height;
      const ok = Math.abs(ratio / asked.aspectRatio.ratio - 1) <= (settings.aspect_ratio?.tolerance ?? 0.02);
      return {
        check: name,
        outcome: ok ? "passed" : "failed",
        measured: ratioText(facts.video.width, facts.video.height),
        asked: asked.aspectRatio.text,
        ...tool,
      };
    }
    case "resolution": {
      if (!facts.video)
        return {
          check: name,
          outcome: "failed",
          measured: "no video stream",
          ...optionalAsked(asked.resolution?.text),
          ...tool,
        };
      if (!asked.resolution)
        return notAsked(name, tool, "no output_config.resolution in the request (or one reelform does not know)");
      const shortSide = Math.min(facts.video.width, facts.video.height);
      const ok = Math.abs(shortSide - asked.resolution.shortSide) <= asked.resolution.shortSide * 0.02;
      return {
        check: name,
        outcome: ok ? "passed" : "failed",
        measured: `${facts.video.width}x${facts.video.height}`,
        asked: `${asked.resolution.text} (short side ${asked.resolution.shortSide})`,
        ...tool,
      };
    }
    case "audio": {
      if (!asked.audio) return notAsked(name, tool, "no audio was asked (audio_generation / enable_bgm)");
      return {
        check: name,
        outcome: facts.audio ? "passed" : "failed",
        measured: facts.audio ? `audio stream (${facts.audio.codec})` : "no audio stream",
        asked: "an audio stream",
        ...tool,
      };
    }
    default: {
      const { listed, readable } = facts.samples;
      const ok = listed > 0 && readable === listed && facts.video !== undefined;
      const content = measured.content;
      const decodeErrors = content?.facts.decodeErrors ?? [];
      const decoded = ok && decodeErrors.length === 0;
      const measuredText = `${readable} of ${listed} samples readable${content ? `, decoded ${round(content.facts.decodedSeconds)}s` : ""}`;
      const tools = content
        ? { tool: `${tool.tool}+ffmpeg`, version: `${tool.version}/${content.ffmpeg.version}` }
        : tool;
      return {
        check: name,
        outcome: decoded ? "passed" : "failed",
        measured: measuredText,
        asked: "every sample present and decodable",
        ...tools,
        ...(decodeErrors.length > 0 ? { note: decodeErrors.join("; ") } : {}),
      };
    }
  }
}

function contentCheck(name: CheckName, settings: CheckSettings, asked: Asked, measured: Measurements): CheckResult {
  const content = measured.content;
  if (!content) return { check: name, outcome: "not_run", tool: "ffmpeg", note: "ffmpeg not found on PATH" };
  const tool = { tool: "ffmpeg", version: content.ffmpeg.version };
  const facts = content.facts;
  const length =
    measured.media.ok && measured.media.facts.duration > 0 ? measured.media.facts.duration : facts.decodedSeconds;
  switch (name) {
    case "black_frames": {
      const max = settings.black_frames?.maxShare ?? 0.1;
      const share = length > 0 ? facts.blackSeconds / length : 0;
      return {
        check: name,
        outcome: share <= max ? "passed" : "failed",
        measured: `${percent(share)} black (${round(facts.blackSeconds)}s)`,
        asked: `at most ${percent(max)}`,
        ...tool,
      };
    }
    case "frozen": {
      const max = settings.frozen?.maxSeconds ?? 2;
      return {
        check: name,
        outcome: facts.longestFrozenSeconds <= max ? "passed" : "failed",
        measured: `longest frozen ${round(facts.longestFrozenSeconds)}s`,
        asked: `at most ${max}s`,
        ...tool,
      };
    }
    default: {
      const max = settings.silent?.maxSeconds ?? 2;
      if (!asked.audio) return notAsked(name, tool, "no audio was asked");
      if (facts.longestSilenceSeconds === undefined)
        return {
          check: name,
          outcome: "failed",
          measured: "no audio stream",
          asked: `silence at most ${max}s`,
          ...tool,
        };
      return {
        check: name,
        outcome: facts.longestSilenceSeconds <= max ? "passed" : "failed",
        measured: `longest silence ${round(facts.longestSilenceSeconds)}s`,
        asked: `at most ${max}s`,
        ...tool,
      };
    }
  }
}

/** A check with nothing to compare against passes vacuously: it says so, and counts as passed. */
function notAsked(name: CheckName, tool: { tool: string; version?: string }, note: string): CheckResult {
  return { check: name, outcome: "passed", measured: "-", asked: "nothing", ...tool, note };
}

function optionalAsked(text: string | undefined): { asked?: string } {
  return text === undefined ? {} : { asked: text };
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
