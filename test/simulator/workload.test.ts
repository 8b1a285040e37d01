// The benchmark's workload options: seeded task durations from a range, file size, shared bandwidth.
import { describe, expect, it } from "vitest";
import { parseBytes } from "../../src/simulator/bytes.js";
import { simulatorOptionsFromFlags, type SimulatorFlags } from "../../src/simulator/cli-options.js";
import { parseTaskSeconds } from "../../src/simulator/task-seconds.js";
import { parseDurationMs } from "../../src/util/duration.js";
import { body, manualClock, simulator } from "./helpers.js";

const flags: SimulatorFlags = {
  port: "0",
  host: "127.0.0.1",
  latency: "0ms",
  failRate: "0",
  rate: "0",
  seed: "1",
  taskDuration: "3s",
  failMarker: "FAIL_ME",
  temporaryTtl: "7d",
};

describe("workload options", () => {
  it("reads sizes, rates and ranges of seconds, and names the flag of a bad one", () => {
    expect(parseBytes("5MiB")).toBe(5 * 1024 * 1024);
    expect(parseBytes("50MiB/s")).toBe(50 * 1024 * 1024);
    expect(parseBytes("1MB")).toBe(1e6);
    expect(parseBytes("4096")).toBe(4096);
    expect(parseBytes("lots")).toBeUndefined();
    expect(parseTaskSeconds("20-60", (t) => parseDurationMs(t, "s"))).toEqual({ minMs: 20_000, maxMs: 60_000 });
    expect(parseTaskSeconds("500ms-1m", (t) => parseDurationMs(t, "s"))).toEqual({ minMs: 500, maxMs: 60_000 });
    expect(parseTaskSeconds("60-20", (t) => parseDurationMs(t, "s"))).toBeUndefined();
    const ok = simulatorOptionsFromFlags(
      { ...flags, taskSeconds: "20-60", fileSize: "5MiB", bandwidth: "50MiB/s" },
      () => "",
    );
    expect(ok).toMatchObject({
      ok: true,
      options: {
        taskDurationRange: { minMs: 20_000, maxMs: 60_000 },
        fileSize: 5 * 1024 * 1024,
        bandwidth: 50 * 1024 * 1024,
      },
    });
    expect(simulatorOptionsFromFlags({ ...flags, abortShare: "0.1" }, () => "")).toMatchObject({
      ok: true,
      options: { abortShare: 0.1 },
    });
    expect(simulatorOptionsFromFlags({ ...flags, abortShare: "1.5" }, () => "")).toEqual({
      ok: false,
      error: '--abort-share must be a share from 0 to 1, got "1.5"',
    });
    expect(simulatorOptionsFromFlags({ ...flags, fileSize: "big" }, () => "")).toEqual({
      ok: false,
      error: '--file-size must be a size like 5MiB, got "big"',
    });
    expect(simulatorOptionsFromFlags({ ...flags, taskSeconds: "x" }, () => "")).toMatchObject({
      ok: false,
      error: expect.stringContaining("--task-seconds"),
    });
  });

  it("draws each task's duration from the range, the same for the same seed", async () => {
    const durations = async (seed: number): Promise<number[]> => {
      const clock = manualClock();
      const sim = await simulator({ seed, now: clock.now, taskDurationRange: { minMs: 20_000, maxMs: 60_000 } });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await sim.api.create(body({ session_id: `d-${i}` }))).json.Response.TaskId);
      const finishes: number[] = [];
      for (let ms = 0; ms <= 60_000 && finishes.length < 5; ms += 500) {
        for (const id of ids)
          if (!finishes[ids.indexOf(id)] && (await sim.api.query(id)).json.Response.Status === "FINISH")
            finishes[ids.indexOf(id)] = ms;
        clock.advance(500);
      }
      return finishes;
    };
    const first = await durations(4);
    expect(first.every((ms) => ms >= 20_000 && ms <= 60_500)).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await durations(4)).toEqual(first);
  });

  it("serves files of --file-size bytes, no faster than --bandwidth in total", async () => {
    const sim = await simulator({ taskDurationMs: 0, fileSize: 300 * 1024, bandwidth: 1024 * 1024 });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await sim.api.create(body({ session_id: `f-${i}` }))).json.Response.TaskId);
    const url = (await sim.api.query(ids[0] as string)).json.Response.AigcVideoTask.Output.FileInfos[0]
      .FileUrl as string;
    const started = Date.now();
    const sizes = await Promise.all(
      ids.map(async (id) => (await (await fetch(url.replace(ids[0] as string, id))).arrayBuffer()).byteLength),
    );
    expect(sizes).toEqual([300 * 1024, 300 * 1024]);
    // 600 KiB at 1 MiB/s: at least about 0.5 s, however fast the machine.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });
});
