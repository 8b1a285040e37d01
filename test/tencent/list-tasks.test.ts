// Batch status through the SDK against the simulator's DescribeTasks: every page (100 at most), the Status
// filter, the rate hook before each page, and a refusal reported as an error.
import { afterEach, describe, expect, it } from "vitest";
import { tencentCaller } from "../../src/provider/tencent/client.js";
import { listTencentTasks } from "../../src/provider/tencent/list-tasks.js";
import { SIM_TENCENT_CREDENTIALS } from "../../src/simulator/options.js";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("listTasks (tencent, DescribeTasks)", () => {
  it("pages through every task of the range, filters by Status, and calls the hook before each page", { timeout: 60_000 }, async () => {
    let t = Date.now(); // TC3 signatures carry the real time: the simulator's clock must be near it
    sim = await startSimulator({ latency: 0, createRatePerSecond: 0, taskDurationMs: 10_000, now: () => t });
    const call = tencentCaller({ ...SIM_TENCENT_CREDENTIALS, region: "ap-guangzhou", protocol: "http:", host: new URL(sim.url).host, timeoutMs: 5_000 });
    const started = t;
    for (let i = 0; i < 130; i++) {
      await call("CreateAigcVideoTask", { ModelName: "Kling", ModelVersion: "2.1", Prompt: `clip ${i}`, SessionId: `l-${i}`, OutputConfig: { Resolution: "720P", Duration: 5 } });
      if (i === 49) t += 5_000; // the first 50 are created 5 s before the others: they finish first
    }
    t = started + 12_000;
    let pages = 0;
    const range = { after: started - 2000, before: t };
    const all = await listTencentTasks(call, range, undefined, { beforePage: async () => void (pages += 1) });
    expect(all).toMatchObject({ ok: true, pages: 2 });
    expect(pages).toBe(2);
    if (!all.ok) return;
    expect(new Set(all.tasks.map((task) => task.taskId)).size).toBe(130);
    expect(all.tasks.filter((task) => task.status === "FINISH")).toHaveLength(50);
    const finished = await listTencentTasks(call, { ...range, status: "FINISH" }, undefined, {});
    expect(finished).toMatchObject({ ok: true, pages: 1 });
    expect(finished.ok && finished.tasks.every((task) => task.status === "FINISH" && task.finishTime)).toBe(true);
    expect(finished.ok && finished.tasks).toHaveLength(50);
    const refused = await listTencentTasks(call, range, 42, {});
    expect(refused).toMatchObject({ ok: false });
  });
});
