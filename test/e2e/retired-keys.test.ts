// Issue 21, reproduction 1: a data row removed from the CSV, applied, then put back. Its entry is retired
// (TaskId kept), and coming back it is restored from the lockfile: nothing is sent, no duplicate, plan empty.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyCli, cliEnv, createRequests, e2eSimulators, manifestHead, readLock, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();

const MANIFEST = [
  ...manifestHead("launch"),
  "videos:",
  '  - name: "p-{{id}}"',
  "    rows: products.csv",
  '    prompt: "{{product}} on a wooden table"',
  "",
].join("\n");

const ALL_ROWS = "id,product\n1,red kettle\n2,blue mug\n3,green teapot\n";
const WITHOUT_ROW_2 = "id,product\n1,red kettle\n3,green teapot\n";

async function rowsCampaign(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "reelform-retired-"));
  await writeFile(join(dir, "launch.yaml"), MANIFEST);
  await writeFile(join(dir, "products.csv"), ALL_ROWS);
  return dir;
}

describe("a data row removed and restored (issue 21, reproduction 1)", () => {
  it(
    "retires the row's entry with its TaskId, then restores it with nothing sent and no duplicate",
    { timeout: 60_000 },
    async () => {
      const sim = await sims.start({ latency: 0, taskDurationMs: 200 });
      const env = cliEnv(sim.url);
      const dir = await rowsCampaign();
      const lockfile = join(dir, "launch.lock.json");
      const plan = (...flags: string[]) => startCli(["plan", "launch.yaml", ...flags], dir, env).done;

      expect((await applyCli(dir, env)).code).toBe(0);
      const first = await readLock(lockfile);
      const taskId = first.entries["p-2"]?.task_id;
      expect(taskId).toMatch(/AigcVideoTask/);
      expect(createRequests(sim)).toBe(3);

      await writeFile(join(dir, "products.csv"), WITHOUT_ROW_2);
      const retirePlan = await plan();
      expect(retirePlan.stdout).toContain(
        `- p-2  no longer in the manifest: retired (kept in the lockfile: TaskId ${taskId})`,
      );
      const retired = await applyCli(dir, env);
      expect(retired.code, retired.stderr).toBe(0);
      const afterRetire = await readLock(lockfile);
      expect(afterRetire.entries["p-2"]).toMatchObject({
        task_id: taskId,
        retired_at: expect.stringMatching(/^\d{4}-/),
      });
      expect((await plan()).stdout).toContain("Nothing to do");

      await writeFile(join(dir, "products.csv"), ALL_ROWS);
      const restorePlan = await plan("--detailed-exitcode");
      expect(restorePlan.stdout).toMatch(/= p-2 {2}restored from the lockfile \(retired [^)]+\): nothing is sent/);
      expect(restorePlan.stdout).not.toContain("+ p-2");
      expect(restorePlan.code).toBe(2); // the lockfile changes (the retired mark goes), though nothing is sent
      const restored = await applyCli(dir, env);
      expect(restored.code, restored.stderr).toBe(0);
      expect(`${restored.stdout}${restored.stderr}`).not.toMatch(/duplicate p-2|1 duplicate/);
      const afterRestore = await readLock(lockfile);
      expect(afterRestore.entries["p-2"]).toEqual(first.entries["p-2"]);
      expect(createRequests(sim)).toBe(3); // nothing was sent for the restored row

      const finalPlan = await plan("--detailed-exitcode");
      expect(finalPlan.code).toBe(0);
      expect(finalPlan.stdout).toContain("Nothing to do: the lockfile matches the manifest.");
      expect(finalPlan.stdout).not.toMatch(/in doubt/);
    },
  );
});
