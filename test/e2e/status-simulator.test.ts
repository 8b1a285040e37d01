// status --wait and pull, as a user runs them (the built CLI), against the in-process simulator, on a
// recorded set of tasks created straight through the simulator's API: in the lockfile, and in PostgreSQL
// (pushed there with `state push`), the same assertions for both (test/helpers/state-backends.ts).
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeLockfile } from "../../src/lockfile/io.js";
import type { Lockfile, LockEntry } from "../../src/lockfile/types.js";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.js";
import { runCli } from "../helpers/exec.js";
import { stateBackends } from "../helpers/state-backends.js";

const KEY = "e2e-key";
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
beforeAll(() => {
  statSync(new URL("../../dist/cli.js", import.meta.url)); // run `npm run build` first
});

async function createTask(prompt: string, sessionId: string): Promise<string> {
  const res = await fetch(`${sim?.url}/tencent-vod/v1/aigc-video`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      model_name: "Kling",
      model_version: "2.1",
      prompt,
      session_id: sessionId,
      output_config: { duration: 5 },
    }),
  });
  const json = (await res.json()) as { Response: { TaskId: string } };
  return json.Response.TaskId;
}

async function lockfileFor(prompts: Record<string, string>): Promise<Lockfile> {
  const entries: Record<string, LockEntry> = {};
  for (const [key, prompt] of Object.entries(prompts)) {
    const session_id = `sess-${key.replace(/[^a-z0-9]/gi, "")}`;
    const task_id = await createTask(prompt, session_id);
    entries[key] = {
      hash: "sha256:" + "0".repeat(64),
      generation: 1,
      session_id,
      submission: "created",
      task_id,
      submitted_at: new Date().toISOString(),
      body: { prompt },
    };
  }
  return { format_version: 1, campaign: "e2e", entries };
}

/** The manifest beside the recorded set: status and pull read only its campaign (the database's key for it). */
const MANIFEST = `version: 1
campaign: e2e
defaults: { model_name: Kling, model_version: "2.1" }
videos:
  - { name: hero, prompt: "a sneaker" }
`;

const backends = stateBackends();

describe.each(backends.map((b) => [b.name, b] as const))(
  "status and pull against the simulator (%s state)",
  { timeout: 120_000 },
  (_name, b) => {
    let stateEnv: Record<string, string> = {};
    const env = () => ({ REELFORM_API_KEY: KEY, REELFORM_BASE_URL: sim?.url, CI: "true", ...stateEnv });
    /** A campaign folder whose recorded set (in this backend) is `lockfile`; returns the folder and the lockfile's path. */
    async function recorded(lockfile: Lockfile): Promise<{ dir: string; lockPath: string }> {
      const dir = mkdtempSync(join(tmpdir(), "reelform-e2e-status-"));
      const lockPath = join(dir, "launch.lock.json");
      writeFileSync(join(dir, "launch.yaml"), MANIFEST);
      stateEnv = await b.prepare(lockPath);
      await writeLockfile(lockPath, lockfile);
      await b.adopt(lockPath, join(dir, "launch.yaml"));
      return { dir, lockPath };
    }
    const entriesOf = async (lockPath: string) =>
      (await b.readLock(lockPath)).entries as unknown as Lockfile["entries"];

    it("status --wait follows to the end, pull downloads, a second pull downloads nothing", async () => {
      sim = await startSimulator({ taskDurationMs: 300, createRatePerSecond: 0 });
      const { dir, lockPath } = await recorded(
        await lockfileFor({ "hero#1": "a sneaker on marble", "hero#2": "a sneaker on sand" }),
      );

      const status = await runCli(["status", "launch.yaml", "--wait", "--timeout", "30s"], { cwd: dir, env: env() });
      expect(status.stderr).toContain("status: pass 1:");
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^hero#1\s+succeeded\s+100%\s+http:\/\/127\.0\.0\.1:\d+\/__sim\/files\//m);
      expect((await entriesOf(lockPath))["hero#1"]?.task).toMatchObject({
        state: "succeeded",
        api_status: "FINISH",
        output_seconds: 5.04,
      });

      const pull = await runCli(["pull", "launch.yaml", "--dir", "out"], { cwd: dir, env: env() });
      expect(pull.code).toBe(0);
      expect(pull.stdout).toContain("pulled 2 file(s)");
      const file = readFileSync(join(dir, "out", "e2e", "hero_1.mp4"));
      const afterPull = await entriesOf(lockPath);
      expect(afterPull["hero#1"]?.task?.outputs[0]?.size).toBe(file.length);
      expect(afterPull["hero#1"]?.task?.outputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);

      const filesBefore = sim.state().requests.filter((r) => r.path.startsWith("/__sim/files/")).length;
      const again = await runCli(["pull", "launch.yaml", "--dir", "out", "--json"], { cwd: dir, env: env() });
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).summary).toMatchObject({ downloaded: 0, skipped: 2, failed: 0 });
      expect(sim.state().requests.filter((r) => r.path.startsWith("/__sim/files/")).length).toBe(filesBefore);
      // With the database, status and pull wrote no lockfile beside the manifest.
      expect(existsSync(lockPath)).toBe(b.name === "file");
    });

    it("a failed task exits 1 with the API's reason and the retry advice", async () => {
      sim = await startSimulator({ taskDurationMs: 200, createRatePerSecond: 0 });
      const { dir } = await recorded(await lockfileFor({ ok: "a calm lake", bad: "FAIL_ME:TaskTimeout a storm" }));
      const status = await runCli(["status", "launch.yaml", "--wait"], { cwd: dir, env: env() });
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(/^bad\s+failed\s+.*TaskTimeout: .*\(worth retrying\)/m);
      expect(status.stdout).toContain("worth retrying: reelform apply launch.yaml --retry-failed");
    });

    it("a clean FINISH with no downloadable file is no_output, with a plain message, never worth retrying", async () => {
      sim = await startSimulator({ taskDurationMs: 200, createRatePerSecond: 0 });
      const { dir, lockPath } = await recorded(await lockfileFor({ scene: "FAIL_ME:NoOutput a 3D room" }));
      const status = await runCli(["status", "launch.yaml", "--wait"], { cwd: dir, env: env() });
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(
        /^scene\s+no_output\s+100%\s+finished without a downloadable file \(it returned position_info only\)/m,
      );
      expect(status.stdout).not.toMatch(/retry/i);
      expect((await entriesOf(lockPath)).scene?.task).toMatchObject({
        state: "no_output",
        outputs: [],
        other_outputs: [{ usage_type: "position_info" }],
      });
    });
  },
);

describe("status without a lockfile", () => {
  it("fails clearly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-e2e-status-"));
    const status = await runCli(["status", "launch.yaml"], { cwd: dir, env: { REELFORM_API_KEY: KEY } });
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/^reelform: no lockfile at .*launch\.lock\.json/m);
    expect(status.stderr).not.toMatch(/^\s+at /m);
  });
});
