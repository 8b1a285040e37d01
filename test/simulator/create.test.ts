import { describe, expect, it } from "vitest";
import { body, KEY, manualClock, simulator } from "./helpers.js";

describe("POST /tencent-vod/v1/aigc-video", () => {
  it("creates a task and answers with TaskId and RequestId in Tencent's shape", async () => {
    const sim = await simulator();
    const res = await sim.api.create(body({ session_id: "s-1" }));
    expect(res.status).toBe(200);
    expect(res.json.Response.TaskId).toMatch(/^\d+-AigcVideoTask-[0-9a-f]{32}t$/);
    expect(res.json.Response.RequestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const [task] = sim.state().tasks;
    expect(task).toMatchObject({
      task_id: res.json.Response.TaskId,
      session_id: "s-1",
      body: body({ session_id: "s-1" }),
      status: "WAITING",
    });
  });

  it("refuses a missing, empty or wrong key with a 401 in the gateway's shape", async () => {
    const sim = await simulator({ apiKey: "the-only-key" });
    for (const key of [null, "", "wrong"]) {
      const res = await sim.api.create(body(), { key });
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ code: "invalid_api_key", type: "new_api_error" });
    }
    expect((await sim.api.create(body(), { key: "the-only-key" })).json.Response.TaskId).toBeDefined();
    expect(sim.state().tasks).toHaveLength(1);
  });

  it("accepts any non-empty key when none is configured", async () => {
    const sim = await simulator();
    expect((await sim.api.create(body(), { key: "anything" })).json.Response.TaskId).toBeDefined();
  });

  it("refuses a repeated session_id with InvalidParameterValue.SessionId and never returns the first TaskId", async () => {
    const sim = await simulator();
    const first = await sim.api.create(body({ session_id: "same" }));
    const again = await sim.api.create(body({ session_id: "same", prompt: "something else" }));
    expect(again.status).toBe(200);
    expect(again.json.Response.Error.Code).toBe("InvalidParameterValue.SessionId");
    expect(again.json.Response.Error.Message).toMatch(/dedup identifier/);
    expect(JSON.stringify(again.json)).not.toContain(first.json.Response.TaskId);
    expect(again.json.Response.TaskId).toBeUndefined();
    expect(sim.state().tasks).toHaveLength(1);
  });

  it("accepts the session_id again once the dedup window has passed", async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, dedupWindowMs: 60_000 });
    await sim.api.create(body({ session_id: "s" }));
    clock.advance(60_000);
    expect((await sim.api.create(body({ session_id: "s" }))).json.Response.TaskId).toBeDefined();
    expect(sim.state().tasks).toHaveLength(2);
  });

  it("answers a body that is not JSON with a 400, after checking the key", async () => {
    const sim = await simulator();
    expect((await sim.api.create("{not json", { key: null })).status).toBe(401);
    const res = await sim.api.create("{not json");
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });

  it("never shows the API key in the admin view", async () => {
    const sim = await simulator({ apiKey: "secret-key-123" });
    await sim.api.create(body(), { key: "secret-key-123" });
    await sim.api.create(body(), { key: KEY });
    const state = JSON.stringify(await (await sim.api.get("/__sim/state")).json());
    expect(state).not.toContain("secret-key-123");
    expect(state).not.toContain(KEY);
  });
});

describe("body validation, answered as Tencent errors in HTTP 200, with the codes Tencent lists (a bad value is InvalidParameter)", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["missing model_name", { model_name: undefined }, "MissingParameter"],
    ["missing prompt", { prompt: undefined }, "MissingParameter"],
    ["numeric model_version", { model_version: 2.1 }, "InvalidParameter"],
    ["unknown model", { model_name: "Sora" }, "InvalidParameter"],
    ["a name that is not a model but an object key", { model_name: "constructor" }, "InvalidParameter"],
    ["version of another model", { model_version: "q2" }, "InvalidParameter"],
    ["version 2 is not 2.0", { model_version: "2" }, "InvalidParameter"],
    ["bad enhance_prompt", { enhance_prompt: "yes" }, "InvalidParameter"],
    ["bad storage_mode", { output_config: { storage_mode: "Forever" } }, "InvalidParameter"],
    ["resolution of another model", { output_config: { resolution: "768P" } }, "InvalidParameter"],
    ["aspect ratio not offered", { output_config: { aspect_ratio: "21:9" } }, "InvalidParameter"],
    ["duration out of range", { output_config: { duration: 30 } }, "InvalidParameter"],
    ["media_name too long", { output_config: { media_name: "x".repeat(65) } }, "InvalidParameter"],
    ["session_id over 50", { session_id: "s".repeat(51) }, "InvalidParameterValue.SessionIdTooLong"],
    ["session_context over 1000", { session_context: "c".repeat(1001) }, "InvalidParameterValue.SessionContextTooLong"],
    ["priority above 10", { tasks_priority: 11 }, "InvalidParameter"],
    ["priority as text", { tasks_priority: "5" }, "InvalidParameter"],
    ["Url file without url", { file_infos: [{ type: "Url", category: "Image" }] }, "MissingParameter"],
    ["File file without file_id", { file_infos: [{ type: "File", url: "https://x/1.png" }] }, "MissingParameter"],
    [
      "bad file category",
      { file_infos: [{ type: "Url", category: "Text", url: "https://x/1.png" }] },
      "InvalidParameter",
    ],
    ["file_infos not a list", { file_infos: { url: "https://x" } }, "InvalidParameter"],
    ["scene type of another model", { scene_type: "template_effect" }, "InvalidParameter"],
    ["runner-only field leaking into the body", { takes: 3 }, "UnknownParameter"],
    ["unknown output_config field", { output_config: { fps: 60 } }, "UnknownParameter"],
  ];
  it.each(cases)("%s -> %s", async (_name, overrides, code) => {
    const sim = await simulator();
    const res = await sim.api.create(JSON.parse(JSON.stringify(body(overrides))));
    expect(res.status).toBe(200);
    expect(res.json.Response.Error.Code).toBe(code);
    expect(res.json.Response.Error.Message).not.toBe("");
    expect(res.json.Response.RequestId).toBeDefined();
    expect(sim.state().tasks).toHaveLength(0);
  });

  it("accepts the full range of documented fields", async () => {
    const sim = await simulator();
    const full = body({
      negative_prompt: "blur",
      enhance_prompt: "Enabled",
      file_infos: [
        { type: "Url", category: "Image", url: "https://cdn.example.com/a.png", usage: "FirstFrame" },
        { type: "File", file_id: "3704211509819" },
      ],
      last_frame_url: "https://cdn.example.com/z.png",
      output_config: {
        resolution: "1080P",
        duration: "5",
        audio_generation: "Enabled",
        person_generation: "AllowAdult",
        media_name: "hero",
        storage_mode: "Permanent",
      },
      scene_type: "motion_control",
      session_id: "s".repeat(50),
      session_context: "c".repeat(1000),
      tasks_priority: -10,
      ext_info: { storyboard: [1, 2] },
    });
    const res = await sim.api.create(body(full));
    expect(res.json.Response.Error).toBeUndefined();
    expect(res.json.Response.TaskId).toBeDefined();
  });
});
