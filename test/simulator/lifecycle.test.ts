import { describe, expect, it } from "vitest";
import { body, manualClock, simulator } from "./helpers.js";

async function createAt(
  sim: Awaited<ReturnType<typeof simulator>>,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const res = await sim.api.create(body(overrides));
  return res.json.Response.TaskId as string;
}

describe("task lifecycle (GET /tencent-vod/v1/query/{task_id})", () => {
  it("moves WAITING -> PROCESSING (with progress) -> FINISH with one output file", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, taskDurationMs: 1000 });
    const id = await createAt(sim, {
      session_id: "s-1",
      session_context: "ctx",
      output_config: { duration: 5, media_name: "hero" },
    });
    const waiting = (await sim.api.query(id)).json.Response;
    expect(waiting).toMatchObject({
      TaskType: "AigcVideoTask",
      Status: "WAITING",
      BeginProcessTime: "",
      FinishTime: "",
    });
    expect(waiting.AigcVideoTask).toMatchObject({
      TaskId: id,
      Progress: 0,
      ErrCode: 0,
      SessionId: "s-1",
      SessionContext: "ctx",
    });
    clock.advance(600);
    const processing = (await sim.api.query(id)).json.Response;
    expect(processing.Status).toBe("PROCESSING");
    expect(processing.AigcVideoTask.Progress).toBe(50);
    expect(processing.AigcVideoTask.Output.FileInfos).toEqual([]);
    clock.advance(400);
    const done = (await sim.api.query(id)).json.Response;
    expect(done.Status).toBe("FINISH");
    expect(done.AigcVideoTask).toMatchObject({
      Status: "FINISH",
      Progress: 100,
      ErrCode: 0,
      ErrCodeExt: "",
      Message: "",
    });
    expect(done.AigcVideoTask.Output.Usage).toEqual({ OutputSeconds: 5 });
    expect(done.AigcVideoTask.Output.FileInfos).toEqual([
      {
        FileUrl: `${sim.url}/__sim/files/${id}.mp4`,
        ExpireTime: "2026-12-01T03:00:01Z",
        StorageMode: "Temporary",
        FileType: "mp4",
        MediaName: "hero",
        MetaData: { Container: "mp4", Width: 1280, Height: 720, Duration: 5.04 },
      },
    ]);
    expect(done).toMatchObject({ CreateTime: "2026-11-24T03:00:00Z", FinishTime: "2026-11-24T03:00:01Z" });
  });

  it("echoes the request as Input in PascalCase, leaving ext_info untouched", async () => {
    const sim = await simulator();
    const id = await createAt(sim, {
      file_infos: [{ type: "Url", category: "Image", url: "https://x/a.png" }],
      ext_info: { story_board: 1 },
    });
    const input = (await sim.api.query(id)).json.Response.AigcVideoTask.Input;
    expect(input).toEqual({
      ModelName: "Kling",
      ModelVersion: "2.1",
      Prompt: "a sneaker resting on marble",
      OutputConfig: { Resolution: "1080P", AspectRatio: "16:9", Duration: 5, StorageMode: "Temporary" },
      FileInfos: [{ Type: "Url", Category: "Image", Url: "https://x/a.png" }],
      ExtInfo: { story_board: 1 },
    });
  });

  it("gives Permanent outputs a FileId and VOD's never-expires date", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, taskDurationMs: 10 });
    const id = await createAt(sim, { output_config: { storage_mode: "Permanent" } });
    clock.advance(10);
    const [file] = (await sim.api.query(id)).json.Response.AigcVideoTask.Output.FileInfos;
    expect(file).toMatchObject({ StorageMode: "Permanent", ExpireTime: "9999-12-31T23:59:59Z" });
    expect(file.FileId).toMatch(/^\d{19}$/);
  });

  it("with one processing slot, a second task waits for the first", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, taskDurationMs: 1000, processingSlots: 1 });
    const first = await createAt(sim);
    const second = await createAt(sim);
    clock.advance(900);
    expect((await sim.api.query(first)).json.Response.Status).toBe("PROCESSING");
    expect((await sim.api.query(second)).json.Response.Status).toBe("WAITING");
    clock.advance(100);
    expect((await sim.api.query(first)).json.Response.Status).toBe("FINISH");
    expect((await sim.api.query(second)).json.Response.Status).toBe("PROCESSING");
    clock.advance(800);
    expect((await sim.api.query(second)).json.Response.Status).toBe("FINISH");
  });

  it.each([
    ["FAIL_ME in the prompt", "a FAIL_ME sneaker", "ContentModerationFailed"],
    ["FAIL_ME:TaskTimeout", "FAIL_ME:TaskTimeout please", "TaskTimeout"],
  ])("%s ends FINISH with ErrCode, ErrCodeExt and no output (prompt %j, expects %s)", async (_name, prompt, ext) => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, taskDurationMs: 100 });
    const id = await createAt(sim, { prompt });
    clock.advance(100);
    const task = (await sim.api.query(id)).json.Response;
    expect(task.Status).toBe("FINISH");
    expect(task.AigcVideoTask.ErrCode).not.toBe(0);
    expect(task.AigcVideoTask.ErrCodeExt).toBe(ext);
    expect(task.AigcVideoTask.Message).not.toBe("");
    expect(task.AigcVideoTask.Output.FileInfos).toEqual([]);
  });

  it("a custom fail marker works the same way", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, taskDurationMs: 100, failMarker: "BROKEN" });
    const id = await createAt(sim, { prompt: "BROKEN:ModelGenerateFailed" });
    clock.advance(100);
    expect((await sim.api.query(id)).json.Response.AigcVideoTask.ErrCodeExt).toBe("ModelGenerateFailed");
  });

  it("ABORT_ME ends ABORTED with OperationCanceled", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, taskDurationMs: 100 });
    const id = await createAt(sim, { prompt: "ABORT_ME" });
    clock.advance(100);
    const task = (await sim.api.query(id)).json.Response;
    expect(task.Status).toBe("ABORTED");
    expect(task.AigcVideoTask).toMatchObject({ Status: "FINISH", ErrCodeExt: "OperationCanceled" });
    expect(sim.state().tasks[0]?.status).toBe("ABORTED");
  });

  it("an unknown task, or one older than the query window, is ResourceNotFound", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, queryWindowMs: 5000 });
    const unknown = await sim.api.query("1500039421-AigcVideoTask-00t");
    expect(unknown.status).toBe(200);
    expect(unknown.json.Response.Error.Code).toBe("ResourceNotFound");
    const id = await createAt(sim);
    clock.advance(5000);
    expect((await sim.api.query(id)).json.Response.Error.Code).toBe("ResourceNotFound");
  });

  it("queries need the key too", async () => {
    const sim = await simulator({ apiKey: "k" });
    expect((await sim.api.query("x", "wrong")).status).toBe(401);
  });
});
