import { describe, expect, it } from "vitest";
import { body, simulator } from "./helpers.js";

describe("faults on demand", () => {
  it("http429 for the next N creates, with Retry-After, then normal service", async () => {
    const sim = await simulator({ faults: { http429: { next: 2, retryAfterSeconds: 3 } } });
    for (let i = 0; i < 2; i++) {
      const res = await sim.api.create(body());
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("3");
      expect(res.json.error.type).toBe("rate_limit_error");
    }
    expect((await sim.api.create(body())).json.Response.TaskId).toBeDefined();
    expect(sim.state().faults.map((f) => [f.kind, f.trigger])).toEqual([
      ["http429", "next"],
      ["http429", "next"],
    ]);
    expect(sim.state().tasks).toHaveLength(1);
  });

  it("http5xx answers the gateway shape with the configured status and creates nothing", async () => {
    const sim = await simulator({ faults: { http5xx: { next: 1, status: 503 } } });
    const res = await sim.api.create(body());
    expect(res.status).toBe(503);
    expect(res.json.error).toMatchObject({ type: "upstream_error" });
    expect(sim.state().tasks).toHaveLength(0);
  });

  it("tencentError200 puts InternalError (or the configured code) in an HTTP 200 body", async () => {
    const sim = await simulator({ faults: { tencentError200: { next: 1 } } });
    const res = await sim.api.create(body());
    expect(res.status).toBe(200);
    expect(res.json.Response.Error.Code).toBe("InternalError");
    sim.configure({ tencentError200: { next: 1, code: "RequestLimitExceeded" } });
    expect((await sim.api.create(body())).json.Response.Error.Code).toBe("RequestLimitExceeded");
    expect(sim.state().tasks).toHaveLength(0);
  });

  it("relayError answers the task-relay shape with a non-2xx status", async () => {
    const sim = await simulator({ faults: { relayError: { next: 1, status: 502, code: "upstream_down" } } });
    const res = await sim.api.create(body());
    expect(res.status).toBe(502);
    expect(res.json).toEqual({ code: "upstream_down", message: expect.any(String), data: null });
  });

  it("auth and quota faults answer 401 and 403 insufficient_user_quota whatever the key", async () => {
    const sim = await simulator({ faults: { auth: { next: 1 }, quota: { next: 1 } } });
    expect((await sim.api.create(body())).status).toBe(401);
    const quota = await sim.api.create(body());
    expect(quota.status).toBe(403);
    expect(quota.json.error.code).toBe("insufficient_user_quota");
  });

  it("reset destroys the connection before processing: the client gets a network error and no task exists", async () => {
    const sim = await simulator({ faults: { reset: { next: 1 } } });
    await expect(sim.api.create(body({ session_id: "r-1" }))).rejects.toThrow(/fetch failed/);
    expect(sim.state().tasks).toHaveLength(0);
    expect((await sim.api.create(body({ session_id: "r-1" }))).json.Response.TaskId).toBeDefined();
  });

  it("lostResponse creates the task, then hangs up: a retry with the same session_id is refused as a duplicate", async () => {
    const sim = await simulator({ faults: { lostResponse: { next: 1 } } });
    await expect(sim.api.create(body({ session_id: "lost-1" }))).rejects.toThrow(/fetch failed/);
    const [task] = sim.state().tasks;
    expect(task?.session_id).toBe("lost-1");
    const retry = await sim.api.create(body({ session_id: "lost-1" }));
    expect(retry.json.Response.Error.Code).toBe("InvalidParameterValue.SessionId");
    expect(sim.state().tasks).toHaveLength(1);
    expect(sim.state().faults[0]).toMatchObject({ kind: "lostResponse", session_id: "lost-1", task_id: task?.task_id });
  });

  it("slow answers after the client has given up, but the task IS created", async () => {
    const sim = await simulator({ faults: { slow: { next: 1, delayMs: 2000 } } });
    // The client's own timeout ends the call (an answer after the 2 s delay would resolve it instead).
    await expect(sim.api.create(body({ session_id: "slow-1" }), { signal: AbortSignal.timeout(150) })).rejects.toThrow(
      /aborted|timeout/i,
    );
    expect(sim.state().tasks.map((t) => t.session_id)).toEqual(["slow-1"]);
  });

  it("a marker in the prompt triggers the fault every time it appears", async () => {
    const sim = await simulator({ faults: { http5xx: { marker: "EXPLODE" } } });
    expect((await sim.api.create(body({ prompt: "EXPLODE now" }))).status).toBe(502);
    expect((await sim.api.create(body({ prompt: "EXPLODE again" }))).status).toBe(502);
    expect((await sim.api.create(body({ prompt: "calm" }))).status).toBe(200);
    expect(sim.state().faults.map((f) => f.trigger)).toEqual(["marker", "marker"]);
  });

  it("probability 1 always fires; faults watch create only unless told to watch queries", async () => {
    const sim = await simulator({ faults: { http5xx: { probability: 1, on: "query" } } });
    const created = await sim.api.create(body());
    expect(created.status).toBe(200);
    expect((await sim.api.query(created.json.Response.TaskId)).status).toBe(502);
    sim.configure({ http5xx: null });
    expect((await sim.api.query(created.json.Response.TaskId)).status).toBe(200);
  });

  it("--fail-rate spreads transient faults over create and query requests", async () => {
    const sim = await simulator({ failRate: 1, seed: 7 });
    const kinds = new Set<string>();
    for (let i = 0; i < 40; i++) {
      try {
        await sim.api.create(body());
      } catch {
        // reset: a network error, as intended
      }
    }
    for (const f of sim.state().faults) kinds.add(f.kind);
    expect([...kinds].sort()).toEqual(["http429", "http5xx", "relayError", "reset", "tencentError200"]);
    expect(sim.state().tasks).toHaveLength(0);
  });

  it("the per-second rate limit answers 429 with Retry-After, and recovers", async () => {
    // The simulator's clock is held still, so the three requests fall in one window however slowly a loaded
    // machine sends them, and "a second later" is a step of that clock, not a sleep.
    const clock = { t: Date.now() };
    const sim = await simulator({ createRatePerSecond: 2, now: () => clock.t });
    const answers = await Promise.all([1, 2, 3].map(() => sim.api.create(body())));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(1);
    expect(limited[0]?.headers.get("retry-after")).toBe("1");
    expect(limited[0]?.json.error.code).toBe("rate_limit_exceeded");
    expect(
      sim
        .state()
        .requests.filter((r) => r.outcome === "http 429")
        .map((r) => r.error_code),
    ).toEqual(["rate_limit_exceeded"]);
    clock.t += 1050;
    expect((await sim.api.create(body())).status).toBe(200);
    expect(sim.state().tasks).toHaveLength(3);
  });
});
