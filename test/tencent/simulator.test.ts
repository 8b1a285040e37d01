// The simulator's Tencent API, called through the official SDK (signed as a real client signs): its
// actions, shapes, refusals and DescribeTasks paging.
import { afterEach, describe, expect, it } from "vitest";
import { tencentCaller, type TencentAction } from "../../src/provider/tencent/client.js";
import { SIM_TENCENT_CREDENTIALS } from "../../src/simulator/options.js";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function caller(options: Parameters<typeof startSimulator>[0] = {}) {
  sim = await startSimulator({ latency: 0, createRatePerSecond: 0, ...options });
  const call = tencentCaller({
    ...SIM_TENCENT_CREDENTIALS,
    region: "ap-guangzhou",
    protocol: "http:",
    host: new URL(sim.url).host,
    timeoutMs: 5_000,
  });
  return async (action: TencentAction, body: object) => {
    const result = await call(action, body);
    if (result.ok) return result.response as Record<string, unknown>;
    // The API's own refusal, by its code; anything else (no answer, another HTTP status) fails the test.
    if (result.failure.kind === "refused") return { refused: result.failure.error.code };
    throw new Error(result.failure.message);
  };
}

const create = (n: number, extra: object = {}) => ({
  ModelName: "Kling",
  ModelVersion: "2.1",
  Prompt: `clip ${n}`,
  SessionId: `s-${n}`,
  OutputConfig: { Resolution: "720P", Duration: 5 },
  ...extra,
});

describe("the simulator's Tencent API", () => {
  it("creates, describes, refuses a repeated SessionId without its TaskId, and applies the gateway route's rules", async () => {
    const send = await caller();
    const created = await send("CreateAigcVideoTask", create(1, { SubAppId: 1500039421, ExtInfo: '{"a":1}' }));
    expect(created.TaskId).toMatch(/^1500039421-AigcVideoTask-[0-9a-f]{32}t$/);
    const detail = await send("DescribeTaskDetail", { TaskId: created.TaskId });
    expect(detail).toMatchObject({
      TaskType: "AigcVideoTask",
      AigcVideoTask: { TaskId: created.TaskId, SessionId: "s-1", Input: { ModelName: "Kling", ExtInfo: '{"a":1}' } },
    });
    expect(await send("CreateAigcVideoTask", create(1))).toMatchObject({
      refused: "InvalidParameterValue.SessionId",
    });
    expect(await send("CreateAigcVideoTask", create(2, { ModelVersion: "9.9" }))).toMatchObject({
      refused: "InvalidParameter",
    });
    expect(await send("CreateAigcVideoTask", create(3, { Promt: "x" }))).toMatchObject({
      refused: "UnknownParameter",
    });
    expect(await send("CreateAigcVideoTask", create(4, { ExtInfo: { a: 1 } }))).toMatchObject({
      refused: "InvalidParameter",
    });
    expect(await send("CreateAigcVideoTask", create(5, { SubAppId: 42 }))).toMatchObject({
      refused: "InvalidParameterValue.SubAppId",
    });
    expect(sim?.state().tasks).toHaveLength(1);
  });

  it("lists tasks by CreateTime, 'Limit' a page, with a ScrollToken until the last page", async () => {
    const send = await caller();
    for (let n = 1; n <= 5; n += 1) await send("CreateAigcVideoTask", create(n));
    const range = {
      After: new Date(Date.now() - 60_000).toISOString(),
      Before: new Date(Date.now() + 60_000).toISOString(),
    };
    const sessions: unknown[] = [];
    let token = "";
    let pages = 0;
    do {
      const page = await send("DescribeTasks", {
        CreateTime: range,
        Limit: 2,
        ...(token ? { ScrollToken: token } : {}),
      });
      sessions.push(...(page.TaskSet as { SessionId: string }[]).map((t) => t.SessionId));
      token = String(page.ScrollToken ?? "");
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(sessions).toEqual(["s-1", "s-2", "s-3", "s-4", "s-5"]);
    const none = await send("DescribeTasks", {
      CreateTime: { After: "2020-01-01T00:00:00Z", Before: "2020-01-02T00:00:00Z" },
      Limit: 100,
    });
    expect(none).toMatchObject({ TaskSet: [], ScrollToken: "" });
    expect(await send("DescribeTasks", { Limit: 101 })).toMatchObject({
      refused: "InvalidParameterValue.Limit",
    });
  });

  it("answers faults in Tencent's words", async () => {
    const send = await caller({ faults: { quota: { next: 1 }, http429: { next: 1 }, auth: { next: 1 } } });
    const codes = [];
    for (let n = 1; n <= 3; n += 1) codes.push((await send("CreateAigcVideoTask", create(n))).refused as string);
    expect(codes.sort()).toEqual(["LimitExceeded.Quota", "RequestLimitExceeded", "UnauthorizedOperation"]);
  });
});
