import { get } from "node:http";
import { describe, expect, it } from "vitest";
import { SIM_FILE_SIZE, simulatedFile } from "../../src/simulator/index.js";
import { simulatorClips } from "../../src/simulator/file-content.js";
import { clipFor } from "../../src/simulator/output-clip.js";
import { body, manualClock, simulator } from "./helpers.js";

async function finishedTask(options: { storage?: string; ttlMs?: number; fileSize?: number; bandwidth?: number } = {}) {
  const clock = manualClock();
  const sending = {
    ...(options.fileSize ? { fileSize: options.fileSize } : {}),
    ...(options.bandwidth ? { bandwidth: options.bandwidth } : {}),
  };
  const sim = await simulator({
    now: clock.now,
    taskDurationMs: 100,
    temporaryTtlMs: options.ttlMs ?? 60_000,
    ...sending,
  });
  const created = await sim.api.create(body({ output_config: { storage_mode: options.storage ?? "Temporary" } }));
  const id = created.json.Response.TaskId as string;
  clock.advance(100);
  const url = (await sim.api.query(id)).json.Response.AigcVideoTask.Output.FileInfos[0].FileUrl as string;
  return { sim, clock, id, path: new URL(url).pathname };
}

describe("simulated file content", () => {
  it("is the shipped H.264 clip made for the request, followed by a free box that pads it to the simulated size", () => {
    expect(simulatorClips().length).toBeGreaterThanOrEqual(12);
    for (const config of [
      { aspect_ratio: "9:16", resolution: "1080P", duration: 10 },
      { aspect_ratio: "1:1", resolution: "720P", duration: 5 },
      {},
    ]) {
      const choice = clipFor({ output_config: config }, undefined);
      const clip = simulatorClips().find((c) =>
        simulatedFile("task-1", SIM_FILE_SIZE, choice).subarray(0, c.length).equals(c),
      );
      expect(clip, choice.name).toBeDefined();
      const clipLength = (clip as Buffer).length;
      const file = simulatedFile("task-1", SIM_FILE_SIZE, choice);
      expect(file.readUInt32BE(clipLength)).toBe(SIM_FILE_SIZE - clipLength);
      expect(file.subarray(clipLength + 4, clipLength + 8).toString("latin1")).toBe("free");
      expect(file.length).toBe(SIM_FILE_SIZE);
    }
    expect(
      clipFor({ output_config: { aspect_ratio: "9:16", resolution: "1080P", duration: 10 } }, undefined).name,
    ).toBe("9x16-1080p-10s.mp4");
    expect(simulatedFile("task-1").equals(simulatedFile("task-1"))).toBe(true);
    expect(simulatedFile("task-1").equals(simulatedFile("task-2"))).toBe(false);
  });
});

describe("output files at /__sim/files/<taskId>.mp4", () => {
  it("serves the whole deterministic file with Content-Length, without auth", async () => {
    const { sim, id, path } = await finishedTask();
    const res = await sim.api.get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(SIM_FILE_SIZE));
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(simulatedFile(id))).toBe(true);
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(simulatedFile("another-task").equals(bytes)).toBe(false);
  });

  it("logs a file answer the client left before its end as cut off, and a whole one as not", async () => {
    const { sim, path } = await finishedTask({ fileSize: 2 * 1024 * 1024, bandwidth: 256 * 1024 });
    await new Promise<void>((resolve) => {
      const req = get(`${sim.url}${path}`, (res) => {
        res.once("data", () => (req.destroy(), resolve()));
      });
      req.on("error", () => undefined);
    });
    const files = (s: typeof sim) => s.state().requests.filter((r) => r.path.startsWith("/__sim/files/"));
    // The simulator marks the answer once it sees the connection close: waited for (the test's timeout
    // bounds it), not given a fixed 200 ms that a loaded machine may not meet.
    while (!files(sim)[0]?.cut_off) await new Promise((r) => setTimeout(r, 10));
    const { sim: other, path: otherPath } = await finishedTask();
    await (await other.api.get(otherPath)).arrayBuffer();
    expect(files(sim).map((r) => [r.outcome, r.cut_off])).toEqual([["http 200", true]]);
    expect(files(other).map((r) => [r.outcome, r.cut_off])).toEqual([["http 200", undefined]]);
  });

  it("answers a Range with 206 and Content-Range, including open and suffix ranges", async () => {
    const { sim, id, path } = await finishedTask();
    const whole = simulatedFile(id);
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      ["bytes=1000-", 1000, SIM_FILE_SIZE - 1],
      ["bytes=-500", SIM_FILE_SIZE - 500, SIM_FILE_SIZE - 1],
      ["bytes=49000-999999", 49000, SIM_FILE_SIZE - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await sim.api.get(path, { range });
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${SIM_FILE_SIZE}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(whole.subarray(start, end + 1))).toBe(true);
    }
  });

  it("answers 416 with the size when the range starts past the end", async () => {
    const { sim, path } = await finishedTask();
    const res = await sim.api.get(path, { range: `bytes=${SIM_FILE_SIZE}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${SIM_FILE_SIZE}`);
  });

  it("refuses a Temporary output after it expires with 403, like an expired signed URL", async () => {
    const { sim, clock, path } = await finishedTask({ ttlMs: 5000 });
    clock.advance(4999);
    expect((await sim.api.get(path)).status).toBe(200);
    clock.advance(1);
    const expired = await sim.api.get(path);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("Request has expired");
  });

  it("keeps Permanent outputs", async () => {
    const { sim, clock, path } = await finishedTask({ storage: "Permanent", ttlMs: 10 });
    clock.advance(1_000_000);
    expect((await sim.api.get(path)).status).toBe(200);
  });

  it("answers HEAD with the headers only", async () => {
    const { sim, path } = await finishedTask();
    const res = await fetch(`${sim.url}${path}`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(SIM_FILE_SIZE));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it("points FileUrl at the address the client used (its Host header)", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, taskDurationMs: 10 });
    const id = (await sim.api.create(body())).json.Response.TaskId as string;
    clock.advance(10);
    const text = await new Promise<string>((resolve, reject) => {
      const headers = { host: `sim.example:${sim.port}`, authorization: "Bearer k" };
      get({ host: "127.0.0.1", port: sim.port, path: `/tencent-vod/v1/query/${id}`, headers }, (res) => {
        let data = "";
        res.on("data", (d: Buffer) => (data += d.toString()));
        res.on("end", () => resolve(data));
      }).on("error", reject);
    });
    const json = JSON.parse(text) as { Response: { AigcVideoTask: { Output: { FileInfos: { FileUrl: string }[] } } } };
    expect(json.Response.AigcVideoTask.Output.FileInfos[0]?.FileUrl).toBe(
      `http://sim.example:${sim.port}/__sim/files/${id}.mp4`,
    );
  });

  it("answers 404 for unknown, unfinished or failed tasks", async () => {
    const sim = await simulator({ taskDurationMs: 60_000 });
    const id = (await sim.api.create(body())).json.Response.TaskId as string;
    expect((await sim.api.get(`/__sim/files/${id}.mp4`)).status).toBe(404);
    expect((await sim.api.get(`/__sim/files/nope.mp4`)).status).toBe(404);
  });
});
