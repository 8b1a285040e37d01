// Each check passes on a good clip and fails on a bad one. The clips are made here with FFmpeg (Debian's;
// without it the content tests are skipped and say so, and "not run" is asserted instead).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHECKS, resolveChecks } from "../../src/expand/check-settings.js";
import { parseContentLog } from "../../src/video-check/ffmpeg.js";
import { checkFile, prepareCheckTools, type CheckTools } from "../../src/video-check/run.js";

const hasFfmpeg = (() => {
  try {
    execFileSync("ffmpeg", ["-hide_banner", "-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasFfmpeg) console.warn("ffmpeg not found: the clip-making check tests are skipped (apt-get install -y ffmpeg)");

const ASKED = { output_config: { duration: 4, aspect_ratio: "9:16", resolution: "720P", audio_generation: "Enabled" } };
const ALL = resolveChecks(
  {
    duration: true,
    aspect_ratio: true,
    resolution: true,
    audio: true,
    playable: true,
    black_frames: true,
    frozen: true,
    silent: true,
  },
  undefined,
);

let dir: string;
let tools: CheckTools;
const clip = (name: string): string => join(dir, `${name}.mp4`);

function make(
  name: string,
  video: string,
  options: { seconds?: number; audio?: "tone" | "silence" | "none" } = {},
): void {
  const audio = options.audio ?? "tone";
  const audioInput =
    audio === "none"
      ? []
      : ["-f", "lavfi", "-i", audio === "tone" ? "sine=frequency=440:sample_rate=8000" : "anullsrc=r=8000:cl=mono"];
  const audioCodec = audio === "none" ? ["-an"] : ["-c:a", "aac", "-b:a", "8k", "-ac", "1"];
  execFileSync("ffmpeg", [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    video,
    ...audioInput,
    "-t",
    String(options.seconds ?? 4),
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    ...audioCodec,
    "-movflags",
    "+faststart",
    clip(name),
  ]);
}

const moving = (w: number, h: number) =>
  `color=c=blue:size=${w}x${h}:rate=10[bg];color=c=yellow:size=60x60:rate=10[fg];[bg][fg]overlay=x='mod(t*200,${w - 60})':y=${h / 3}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "reelform-checks-"));
  tools = await prepareCheckTools(process.env);
  if (!hasFfmpeg) return;
  make("good", moving(720, 1280));
  make("long", moving(720, 1280), { seconds: 6 });
  make("wide", moving(1280, 720));
  make("small", moving(360, 640));
  make("mute", moving(720, 1280), { audio: "none" });
  make("quiet", moving(720, 1280), { audio: "silence" });
  make("black", "color=c=black:size=720x1280:rate=10");
  make("frozen", "color=c=blue:size=720x1280:rate=10");
  const whole = readFileSync(clip("good"));
  writeFileSync(clip("truncated"), whole.subarray(0, Math.floor(whole.length * 0.6)));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function outcomes(name: string, settings = ALL, t = tools) {
  const checked = await checkFile({ key: name, generation: 1, path: clip(name), body: ASKED, settings }, t);
  return Object.fromEntries(checked.results.map((r) => [r.check, r.outcome]));
}

describe.skipIf(!hasFfmpeg)("checks on clips made with FFmpeg", () => {
  it("a good clip passes every check, each measured with its tool and version", async () => {
    const checked = await checkFile(
      { key: "good", generation: 1, path: clip("good"), body: ASKED, settings: ALL },
      tools,
    );
    expect(checked.results.filter((r) => r.outcome !== "passed")).toEqual([]);
    expect(checked.results.map((r) => r.check)).toEqual([
      "duration",
      "aspect_ratio",
      "resolution",
      "audio",
      "playable",
      "black_frames",
      "frozen",
      "silent",
    ]);
    const aspect = checked.results.find((r) => r.check === "aspect_ratio");
    expect(aspect).toMatchObject({ measured: "9:16", asked: "9:16", tool: "mediabunny" });
    expect(aspect?.version).toMatch(/^\d+\.\d+/);
    expect(checked.results.find((r) => r.check === "black_frames")?.version).toMatch(/\S/);
    expect(checked.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["long", "duration"],
    ["wide", "aspect_ratio"],
    ["small", "resolution"],
    ["mute", "audio"],
    ["truncated", "playable"],
    ["black", "black_frames"],
    ["frozen", "frozen"],
    ["quiet", "silent"],
  ])("%s fails %s", async (name, check) => {
    const got = await outcomes(name);
    expect(got[check]).toBe("failed");
  });

  it("names what was measured and what was asked", async () => {
    const checked = await checkFile(
      { key: "wide", generation: 1, path: clip("wide"), body: ASKED, settings: ALL },
      tools,
    );
    expect(checked.results.find((r) => r.check === "aspect_ratio")).toMatchObject({
      outcome: "failed",
      measured: "16:9",
      asked: "9:16",
    });
    const long = await checkFile({ key: "long", generation: 1, path: clip("long"), body: ASKED, settings: ALL }, tools);
    expect(long.results.find((r) => r.check === "duration")).toMatchObject({ measured: "6s", asked: "4s ± 0.5s" });
  });

  it("without FFmpeg, content checks are not run (never passed) and metadata checks still run", async () => {
    const got = await outcomes("black", ALL, { ffmpeg: undefined, env: process.env });
    expect(got).toMatchObject({
      black_frames: "not_run",
      frozen: "not_run",
      silent: "not_run",
      aspect_ratio: "passed",
      duration: "passed",
    });
    const truncated = await outcomes("truncated", ALL, { ffmpeg: undefined, env: process.env });
    expect(truncated.playable).toBe("failed");
  });
});

describe("check settings", () => {
  it("absent: every check but silent; given: exactly those named, a video's entries overriding", () => {
    expect(Object.keys(resolveChecks(undefined, undefined))).toEqual(Object.keys(DEFAULT_CHECKS));
    expect(
      resolveChecks({ duration: { tolerance: "1s" }, frozen: true }, { frozen: false, black_frames: { max: "5%" } }),
    ).toEqual({ duration: { toleranceSeconds: 1 }, black_frames: { maxShare: 0.05 } });
  });

  it("reads FFmpeg's filter log: black seconds add up, an unclosed freeze lasts to the end", () => {
    const log =
      "[blackdetect @ 0x1] black_start:0 black_end:1 black_duration:1\n[blackdetect @ 0x1] black_start:3 black_end:3.5 black_duration:0.5\n[freezedetect @ 0x2] lavfi.freezedetect.freeze_start: 2\n";
    expect(parseContentLog(log, "out_time_us=5000000\n")).toMatchObject({
      blackSeconds: 1.5,
      longestFrozenSeconds: 3,
      decodedSeconds: 5,
    });
  });
});
