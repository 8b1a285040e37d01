// Batch status through the SDK against the simulator's DescribeTasks: every page (100 at most), the
// FinishTime filter (FINISH and ABORTED tasks both), the rate hook before each page, and a refusal reported
// as an error.
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
  it(
    "pages through every ended task of the range, FINISH or ABORTED, and calls the hook before each page",
    { timeout: 60_000 },
    async () => {
      let t = Date.now(); // TC3 signatures carry the real time: the simulator's clock must be near it
      sim = await startSimulator({ latency: 0, createRatePerSecond: 0, taskDurationMs: 10_000, now: () => t });
      const call = tencentCaller({
        ...SIM_TENCENT_CREDENTIALS,
        region: "ap-guangzhou",
        protocol: "http:",
        host: new URL(sim.url).host,
        timeoutMs: 5_000,
      });
      const started = t;
      for (let i = 0; i < 130; i++) {
        await call("CreateAigcVideoTask", {
          ModelName: "Kling",
          ModelVersion: "2.1",
          Prompt: i % 10 === 3 ? `clip ${i} ABORT_ME` : `clip ${i}`,
          SessionId: `l-${i}`,
          OutputConfig: { Resolution: "720P", Duration: 5 },
        });
        if (i === 49) t += 5_000; // the first 50 are created 5 s before the others: they finish first
      }
      t = started + 12_000; // the first 50 have ended (5 of them ABORTED), the other 80 not yet
      let pages = 0;
      const range = { after: started - 2000, before: t, finishedAfter: started - 2000 };
      const ended = await listTencentTasks(call, range, undefined, { beforePage: async () => void (pages += 1) });
      expect(ended).toMatchObject({ ok: true, pages: 1 });
      expect(pages).toBe(1);
      if (!ended.ok) return;
      expect(ended.tasks.filter((task) => task.status === "FINISH")).toHaveLength(45);
      expect(ended.tasks.filter((task) => task.status === "ABORTED" && task.finishTime && !task.fileId)).toHaveLength(
        5,
      );
      t = started + 20_000; // all 130 have ended: two pages
      const all = await listTencentTasks(call, { ...range, before: t }, undefined, {
        beforePage: async () => void (pages += 1),
      });
      expect(all).toMatchObject({ ok: true, pages: 2 });
      expect(pages).toBe(3);
      expect(all.ok && new Set(all.tasks.map((task) => task.taskId)).size).toBe(130);
      expect(all.ok && all.tasks.filter((task) => task.status === "ABORTED")).toHaveLength(13);
      // As the SDK documents it: the Status filter knows FINISH but not ABORTED (so it would leave them out).
      const finishOnly = await call("DescribeTasks", {
        CreateTime: { After: new Date(started - 2000).toISOString() },
        Status: "FINISH",
        Limit: 100,
      });
      const finishSet = finishOnly.ok ? (finishOnly.response as { TaskSet: { Status: string }[] }).TaskSet : [];
      expect(finishSet.length).toBe(100);
      expect(finishSet.every((task) => task.Status === "FINISH")).toBe(true);
      const abortedFilter = await call("DescribeTasks", { Status: "ABORTED", Limit: 100 });
      expect(abortedFilter).toMatchObject({
        ok: false,
        failure: { kind: "refused", error: { code: "InvalidParameterValue.Status" } },
      });
      const refused = await listTencentTasks(call, range, 42, {});
      expect(refused).toMatchObject({ ok: false });
    },
  );
});
