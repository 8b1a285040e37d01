// The simulator serves the clip its request asked for (aspect ratio, resolution, duration), and flawed files
// on purpose: by prompt marker, or at a chosen share spread over the chosen flaws, the same file every time.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveChecks } from "../../src/expand/check-settings.js";
import { flawOf, OUTPUT_FLAWS } from "../../src/simulator/output-clip.js";
import { checkFile } from "../../src/video-check/run.js";
import { probeFile } from "../../src/video-check/probe.js";
import { body, manualClock, simulator } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "reelform-sim-bad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function served(options: Parameters<typeof simulator>[0], request: Record<string, unknown>): Promise<string> {
  const clock = manualClock();
  const sim = await simulator({ now: clock.now, taskDurationMs: 100, ...options });
  const created = await sim.api.create(body(request));
  const id = created.json.Response.TaskId as string;
  clock.advance(100);
  const url = (await sim.api.query(id)).json.Response.AigcVideoTask.Output.FileInfos[0].FileUrl as string;
  const bytes = Buffer.from(await (await sim.api.get(new URL(url).pathname)).arrayBuffer());
  const path = join(dir, `${id}.mp4`);
  writeFileSync(path, bytes);
  return path;
}

describe("simulator outputs", () => {
  it.each([
    ["9:16", "1080P", 10, 1080, 1920],
    ["16:9", "720P", 5, 1280, 720],
    ["1:1", "720P", 5, 720, 720],
  ])("honour aspect %s, resolution %s and duration %ss", async (aspect, resolution, duration, width, height) => {
    const path = await served(
      {},
      { output_config: { aspect_ratio: aspect, resolution, duration, storage_mode: "Temporary" } },
    );
    const probed = await probeFile(path);
    expect(probed.ok && probed.facts.video).toMatchObject({ width, height });
    expect(probed.ok && Math.round(probed.facts.duration)).toBe(duration);
  });

  it.each([
    ["wrong_duration", "duration"],
    ["wrong_aspect", "aspect_ratio"],
    ["truncated", "playable"],
    ["no_audio", "audio"],
  ])(
    "BAD_OUTPUT:%s in the prompt serves a file that fails %s (and passes the other metadata checks)",
    async (flaw, check) => {
      const request = {
        prompt: `a sneaker BAD_OUTPUT:${flaw}`,
        output_config: {
          aspect_ratio: "9:16",
          resolution: "720P",
          duration: 5,
          audio_generation: "Enabled",
          storage_mode: "Temporary",
        },
      };
      const path = await served({}, request);
      const settings = resolveChecks(
        { duration: true, aspect_ratio: true, resolution: true, audio: true, playable: true },
        undefined,
      );
      const checked = await checkFile(
        { key: "k", generation: 1, path, body: request, settings },
        { ffmpeg: undefined, env: process.env },
      );
      expect(checked.results.filter((r) => r.outcome === "failed").map((r) => r.check)).toEqual([check]);
    },
  );

  it("--bad-output-rate picks about that share of tasks, by TaskId and seed, over the chosen flaws", () => {
    const settings = { rate: 0.2, kinds: OUTPUT_FLAWS, seed: 7 };
    const flaws = Array.from({ length: 2000 }, (_, n) => flawOf(`task-${n}`, "a prompt", settings));
    const bad = flaws.filter(Boolean).length;
    expect(bad).toBeGreaterThan(330);
    expect(bad).toBeLessThan(470);
    expect(new Set(flaws.filter(Boolean))).toEqual(new Set(OUTPUT_FLAWS));
    expect(flawOf("task-1", "p", settings)).toBe(flawOf("task-1", "p", settings));
    expect(
      flaws.filter((f, n) => f !== flawOf(`task-${n}`, "a prompt", { ...settings, seed: 8 })).length,
    ).toBeGreaterThan(0);
    expect(
      Array.from({ length: 200 }, (_, n) => flawOf(`task-${n}`, "p", { rate: 1, kinds: ["black"], seed: 1 })).every(
        (f) => f === "black",
      ),
    ).toBe(true);
  });
});
