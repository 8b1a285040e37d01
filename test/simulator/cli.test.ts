import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "../helpers/exec.js";
import { body } from "./helpers.js";

describe("reelform simulator (built CLI)", () => {
  it("prints its URL and how to use it, serves, and exits 0 on SIGTERM writing the state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-sim-"));
    const child = spawn(
      process.execPath,
      [CLI, "simulator", "--port", "0", "--seed", "3", "--state-file", "state.json"],
      { cwd: dir, env: { ...process.env, NO_COLOR: "1" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.on("exit", () => reject(new Error(`exited early: ${stdout}`)));
    });
    expect(stdout).toContain(`REELFORM_BASE_URL=${url}`);
    expect(stdout).toContain("REELFORM_API_KEY=sim-key");
    const res = await fetch(`${url}/tencent-vod/v1/aigc-video`, {
      method: "POST",
      headers: { authorization: "Bearer sim-key" },
      body: JSON.stringify(body({ session_id: "cli-1" })),
    });
    expect(((await res.json()) as { Response: { TaskId?: string } }).Response.TaskId).toBeDefined();
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { tasks: { session_id: string }[] };
    expect(state.tasks.map((t) => t.session_id)).toEqual(["cli-1"]);
    expect(stdout).toMatch(/simulator stopped: 1 task\(s\) created/);
    expect(stderr.trim()).toBe("reelform: SIGTERM received: stopping the simulator");
  });

  it.each([
    [["--latency", "fast"], /--latency: "fast" is not a duration/],
    [["--fail-rate", "2"], /--fail-rate must be a probability/],
    [["--port", "70000"], /--port must be 0\.\.65535/],
    [["--faults", "{nope"], /--faults: not valid JSON/],
    [["--faults", '{"http5xx":{"chance":1}}'], /http5xx\.chance is not a fault setting/],
  ])("refuses bad flags %j with one clear message and exit 1", async (flags, message) => {
    const result = await runCli(["simulator", "--port", "0", ...flags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
