// The media route against the simulator: for the same finished Permanent task, DescribeTasks + DescribeMediaInfos
// build the very record DescribeTaskDetail gives. The simulator's DescribeTasks lists FileId only for a
// Permanent success and filters by FinishTime; DescribeMediaInfos takes at most 20 FileIds and names the
// unknown ones.
import { afterEach, describe, expect, it } from "vitest";
import { tencentCaller, type TencentCall } from "../../src/provider/tencent/client.js";
import { listTencentTasks } from "../../src/provider/tencent/list-tasks.js";
import { settleTencentMedia } from "../../src/provider/tencent/media-infos.js";
import { tencentProvider } from "../../src/provider/tencent/provider.js";
import { SIM_TENCENT_CREDENTIALS } from "../../src/simulator/options.js";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simulated() {
  const clock = { t: Date.now() }; // TC3 signatures carry the real time: the simulator's clock must be near it
  sim = await startSimulator({ latency: 0, createRatePerSecond: 0, taskDurationMs: 10_000, now: () => clock.t });
  const config = {
    ...SIM_TENCENT_CREDENTIALS,
    region: "ap-guangzhou",
    protocol: "http:" as const,
    host: new URL(sim.url).host,
    timeoutMs: 5_000,
  };
  return { clock, call: tencentCaller(config), provider: tencentProvider(config) };
}

async function create(call: TencentCall, prompt: string, outputConfig: Record<string, unknown>): Promise<string> {
  const result = await call("CreateAigcVideoTask", {
    ModelName: "Kling",
    ModelVersion: "2.1",
    Prompt: prompt,
    SessionId: `m-${prompt}`,
    OutputConfig: { Resolution: "720P", Duration: 5, ...outputConfig },
  });
  return ((result.ok ? result.response : {}) as { TaskId: string }).TaskId;
}

describe("DescribeMediaInfos vs DescribeTaskDetail (simulator)", () => {
  it("gives the same record for a finished Permanent task (checked_at aside)", { timeout: 60_000 }, async () => {
    const { clock, call, provider } = await simulated();
    const started = clock.t;
    const kept = await create(call, "kept", { StorageMode: "Permanent", MediaName: "hero shot" });
    const temporary = await create(call, "temporary", {});
    const failed = await create(call, "a FAIL_ME one", { StorageMode: "Permanent" });
    clock.t += 15_000;
    const listing = await listTencentTasks(
      call,
      { after: started - 2000, before: clock.t, finishedAfter: started - 2000 },
      undefined,
      {},
    );
    if (!listing.ok) throw new Error("listing failed");
    const byId = new Map(listing.tasks.map((t) => [t.taskId, t]));
    expect(byId.get(kept)?.fileId).toMatch(/^\d+$/);
    expect(byId.get(temporary)?.fileId).toBeUndefined(); // Temporary storage: no kept media
    expect(byId.get(failed)?.fileId).toBeUndefined(); // a failure has no output

    const settled = await settleTencentMedia(call, listing.tasks, undefined, {});
    expect([...settled.records.keys()]).toEqual([kept]);
    const detail = await provider.query(kept);
    expect(detail.kind).toBe("ok");
    expect(settled.records.get(kept)).toEqual(detail.kind === "ok" ? detail.task : undefined);
    expect(settled.records.get(kept)).toMatchObject({
      outputs: [{ storage_mode: "Permanent", media_name: "hero shot", url: expect.stringContaining(sim?.url ?? "?") }],
    });
  });

  it(
    "DescribeTasks filters by FinishTime; DescribeMediaInfos refuses more than 20 FileIds and names unknown ones",
    { timeout: 60_000 },
    async () => {
      const { clock, call } = await simulated();
      const started = clock.t;
      const first = await create(call, "first", { StorageMode: "Permanent" });
      clock.t += 5_000;
      const second = await create(call, "second", { StorageMode: "Permanent" });
      clock.t += 11_000; // first finished about 6 s ago, second about 1 s ago
      const recent = await listTencentTasks(
        call,
        { after: started - 2000, before: clock.t, finishedAfter: clock.t - 3000 },
        undefined,
        {},
      );
      expect(recent.ok && recent.tasks.map((t) => t.taskId)).toEqual([second]);
      const all = await listTencentTasks(
        call,
        { after: started - 2000, before: clock.t, finishedAfter: started - 2000 },
        undefined,
        {},
      );
      expect(all.ok && all.tasks.map((t) => t.taskId)).toEqual([first, second]);

      const tooMany = await call("DescribeMediaInfos", { FileIds: Array.from({ length: 21 }, (_, i) => String(i)) });
      expect(tooMany).toMatchObject({
        ok: false,
        failure: { kind: "refused", error: { code: "InvalidParameterValue" } },
      });
      const fileId = all.ok ? all.tasks[0]?.fileId : undefined;
      const mixed = await call("DescribeMediaInfos", { FileIds: [fileId, "999"], Filters: ["basicInfo"] });
      expect(mixed.ok && mixed.response).toMatchObject({
        MediaInfoSet: [{ FileId: fileId, BasicInfo: { Type: "mp4" } }],
        NotExistFileIdSet: ["999"],
      });
      expect(sim?.state().requests.filter((r) => r.path === "/?Action=DescribeMediaInfos")).toHaveLength(2);
    },
  );
});
