// Issue 21: `reelform import MANIFEST KEY TASKID` adopts a task made elsewhere (here: sent straight to the
// simulator, as a console would) after comparing its echoed request with the key's; a mismatch is refused
// unless --allow-mismatch, and a TaskId recorded anywhere in the lockfile is refused.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import { API_KEY, applyCli, cliEnv, e2eSimulators, manifestHead, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();

const MANIFEST = [
  ...manifestHead("launch"),
  "videos:",
  '  - name: "cp-{{n}}"',
  '    prompt: "product {{n}} on a table"',
  "    matrix: { n: [5, 6] }",
  "",
].join("\n");

/** A task created outside reelform: straight to the API. */
async function consoleTask(url: string, prompt: string, resolution = "720P"): Promise<string> {
  const answer = await fetch(`${url}/tencent-vod/v1/aigc-video`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      model_name: "Kling",
      model_version: "2.1",
      prompt,
      output_config: { resolution, duration: 5 },
    }),
  });
  const body = (await answer.json()) as { Response?: { TaskId?: string } };
  const taskId = body.Response?.TaskId;
  if (!taskId) throw new Error(`no TaskId in ${JSON.stringify(body)}`);
  return taskId;
}

/** A simulator and the campaign's folder, with a `cli` that runs there against it. */
async function campaign() {
  const sim = await sims.start({ latency: 0, taskDurationMs: 100 });
  const env = cliEnv(sim.url);
  const dir = await mkdtemp(join(tmpdir(), "reelform-import-"));
  await writeFile(join(dir, "launch.yaml"), MANIFEST);
  return { sim, env, dir, cli: (...args: string[]) => startCli(args, dir, env).done };
}

describe("reelform import (issue 21)", () => {
  it(
    "records a matching task as the key's current generation; plan then sends nothing for it",
    { timeout: 60_000 },
    async () => {
      const { sim, env, dir, cli } = await campaign();
      const taskId = await consoleTask(sim.url, "product 5 on a table");

      const imported = await cli("import", "launch.yaml", "cp-5", taskId);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain(`imported task ${taskId} as "cp-5" generation 1`);
      const entry = (await readLockfile(join(dir, "launch.lock.json")))?.entries["cp-5"];
      expect(entry).toMatchObject({
        submission: "created",
        task_id: taskId,
        generation: 1,
        imported: { at: expect.any(String) },
      });
      expect(entry?.imported?.differences).toBeUndefined();

      const plan = await cli("plan", "launch.yaml");
      expect(plan.stdout).toContain("+ cp-6");
      expect(plan.stdout).not.toContain("cp-5  ");
      expect(plan.stdout).toContain("Plan: 1 to create, 1 unchanged");
      expect((await applyCli(dir, env)).code).toBe(0);
      expect(sim.state().tasks).toHaveLength(2); // the console's and cp-6: nothing sent again for cp-5

      const again = await cli("import", "launch.yaml", "cp-6", taskId);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(
        `task ${taskId} is already recorded in launch.lock.json: "cp-5" generation 1 (current)`,
      );
    },
  );

  it(
    "refuses a task whose request differs, unless --allow-mismatch, which records the differences",
    { timeout: 60_000 },
    async () => {
      const { sim, dir, cli } = await campaign();
      const taskId = await consoleTask(sim.url, "product 5 on a shelf", "1080P");

      const refused = await cli("import", "launch.yaml", "cp-5", taskId);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `task ${taskId} was not made with the request of "cp-5", so it is not imported:`,
      );
      expect(refused.stderr).toContain(
        'prompt: "product 5 on a table" in the manifest, "product 5 on a shelf" in the task',
      );
      expect(refused.stderr).toContain('output_config.resolution: "720P" in the manifest, "1080P" in the task');
      expect(await readLockfile(join(dir, "launch.lock.json"))).toBeNull();

      const allowed = await cli("import", "launch.yaml", "cp-5", taskId, "--allow-mismatch");
      expect(allowed.code, allowed.stderr).toBe(0);
      const entry = (await readLockfile(join(dir, "launch.lock.json")))?.entries["cp-5"];
      expect(entry?.imported?.differences).toHaveLength(2);
      expect((await cli("show", "launch.yaml", "cp-5")).stdout).toMatch(/imported: +\S+ with differences: prompt: /);

      const unknown = await cli("import", "launch.yaml", "cp-9", taskId);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/"cp-9" is not a key of launch\.yaml \(did you mean/);
    },
  );

  it(
    "imports onto a key a pending rename moves an entry to: the move is recorded too, the moved entry kept under earlier",
    { timeout: 60_000 },
    async () => {
      const { sim, env, dir, cli } = await campaign();
      expect((await applyCli(dir, env)).code).toBe(0);
      const before = (await readLockfile(join(dir, "launch.lock.json")))?.entries["cp-5"];
      await writeFile(
        join(dir, "launch.yaml"),
        MANIFEST.replace('name: "cp-{{n}}"', 'name: "item-{{n}}"\n    renamed_from: "cp-{{n}}"'),
      );
      const taskId = await consoleTask(sim.url, "product 5 on a table");

      const imported = await cli("import", "launch.yaml", "item-5", taskId);
      expect(imported.code, imported.stderr).toBe(0);
      const lock = await readLockfile(join(dir, "launch.lock.json"));
      expect(Object.keys(lock?.entries ?? {}).sort()).toEqual(["cp-6", "item-5"]);
      expect(lock?.entries["item-5"]).toMatchObject({
        task_id: taskId,
        generation: 2,
        earlier: [{ task_id: before?.task_id }],
      });
      const plan = await cli("plan", "launch.yaml");
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toContain("→ item-6  moved from cp-6 (nothing is sent)");
      expect(plan.stdout).toContain("Plan: 1 moved, 1 unchanged");
    },
  );
});
