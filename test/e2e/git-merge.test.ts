// Lockfiles through real `git merge`: two branches that applied different (or the same) keys must merge
// without losing a TaskId, with the merge driver configured or without it (conflict markers).
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../src/simulator/index.js";
import { CLI, type CliResult } from "../helpers/exec.js";
import { campaignDir, cliEnv, e2eSimulators, readLock, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();

function git(dir: string, ...args: string[]): { code: number | null; out: string } {
  const run = spawnSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args],
    { cwd: dir, encoding: "utf8" },
  );
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

function cli(dir: string, url: string, ...args: string[]): Promise<CliResult> {
  return startCli(args, dir, cliEnv(url)).done;
}

/** A repository whose base commit applied clip-<baseKeys>; then branch `a` applies aKeys and `b` applies bKeys (b's own simulator). */
async function branches(
  baseKeys: string[],
  aKeys: string[],
  bKeys: string[],
  simA: RunningSimulator,
  simB: RunningSimulator,
  driver: boolean,
) {
  const c = await campaignDir(5);
  git(c.dir, "init", "-q", "-b", "main");
  if (driver) {
    await writeFile(join(c.dir, ".gitattributes"), "*.lock.json merge=reelform\n");
    git(c.dir, "config", "merge.reelform.name", "reelform lockfile merge");
    git(c.dir, "config", "merge.reelform.driver", `"${process.execPath}" "${CLI}" merge-driver %O %A %B %P`);
  }
  const applyKeys = async (keys: string[], sim: RunningSimulator): Promise<void> => {
    if (keys.length === 0) return;
    const result = await cli(
      c.dir,
      sim.url,
      "apply",
      "launch.yaml",
      "--auto-approve",
      ...keys.flatMap((k) => ["--target", k]),
    );
    expect(result.code, result.stderr).toBe(0);
  };
  await applyKeys(baseKeys, simA);
  git(c.dir, "add", "-A");
  git(c.dir, "commit", "-qm", "base");
  git(c.dir, "checkout", "-qb", "a");
  await applyKeys(aKeys, simA);
  git(c.dir, "add", "-A");
  git(c.dir, "commit", "-qm", "a");
  git(c.dir, "checkout", "-qb", "b", "main");
  await applyKeys(bKeys, simB);
  git(c.dir, "add", "-A");
  git(c.dir, "commit", "-qm", "b");
  git(c.dir, "checkout", "-q", "a");
  return c;
}

function tasksOf(...simulators: RunningSimulator[]): string[] {
  return simulators.flatMap((s) => s.state().tasks.map((t) => t.task_id)).sort();
}

function taskIdsIn(lock: Awaited<ReturnType<typeof readLock>>): string[] {
  const entries = Object.values(lock.entries) as { task_id?: string; earlier?: { task_id?: string }[] }[];
  return entries
    .flatMap((e) => [e.task_id, ...(e.earlier ?? []).map((g) => g.task_id)])
    .filter((t): t is string => t !== undefined)
    .sort();
}

describe("lockfiles through git merge", { timeout: 180_000 }, () => {
  it("without the driver: adjacent keys conflict, and plan/apply read the markers as the union (no +, no second task)", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0 });
    const c = await branches(["clip-1"], ["clip-2"], ["clip-3"], sim, sim, false);
    const merge = git(c.dir, "merge", "b", "-m", "merge b");
    expect(merge.code).not.toBe(0); // git's own line merge cannot take two insertions at one place
    expect(await readFile(c.lockfile, "utf8")).toContain("<<<<<<<");

    const plan = await cli(c.dir, sim.url, "plan", "launch.yaml");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toMatch(/warning: launch\.lock\.json holds git conflict markers/);
    expect(plan.stderr).not.toMatch(/keep one side/); // the old advice, which made `git checkout --ours` lose a task
    expect(plan.stdout).not.toMatch(/^\s*\+ clip-[123]\b/m);
    expect(plan.stdout).toMatch(/\+ clip-4/);

    const apply = await cli(c.dir, sim.url, "apply", "launch.yaml", "--auto-approve", "--target", "clip-4");
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toMatch(/launch\.lock\.json holds git conflict markers/);
    const text = await readFile(c.lockfile, "utf8");
    expect(text).not.toContain("<<<<<<<");
    const lock = await readLock(c.lockfile);
    expect(Object.keys(lock.entries)).toEqual(["clip-1", "clip-2", "clip-3", "clip-4"]);
    expect(taskIdsIn(lock)).toEqual(tasksOf(sim)); // every task the API created is recorded, none twice
    expect(sim.state().tasks).toHaveLength(4);
  });

  it("with the driver: adjacent keys merge cleanly", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0 });
    const c = await branches(["clip-2"], ["clip-1", "clip-3"], ["clip-4"], sim, sim, true);
    const merge = git(c.dir, "merge", "b", "-m", "merge b");
    expect(merge.code, merge.out).toBe(0);
    const lock = await readLock(c.lockfile);
    expect(Object.keys(lock.entries)).toEqual(["clip-1", "clip-2", "clip-3", "clip-4"]);
    expect(taskIdsIn(lock)).toEqual(tasksOf(sim));
    const plan = await cli(c.dir, sim.url, "plan", "launch.yaml");
    expect(plan.stderr).not.toMatch(/conflict/);
    expect(plan.stdout).toMatch(/\+ clip-5/);
    expect(plan.stdout).not.toMatch(/\+ clip-[1-4]\b/);
  });

  it("distant keys merge cleanly even without the driver", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0 });
    const c = await branches(["clip-2", "clip-3"], ["clip-1"], ["clip-5"], sim, sim, false);
    const merge = git(c.dir, "merge", "b", "-m", "merge b");
    expect(merge.code, merge.out).toBe(0);
    const lock = await readLock(c.lockfile);
    expect(Object.keys(lock.entries)).toEqual(["clip-1", "clip-2", "clip-3", "clip-5"]);
    expect(taskIdsIn(lock)).toEqual(tasksOf(sim));
  });

  it("the same key with a TaskId on both sides (two accounts): both are kept, one under earlier, and the user is told", async () => {
    for (const driver of [true, false]) {
      const simA = await sims.start({ latency: 0, createRatePerSecond: 0, seed: 1 });
      const simB = await sims.start({ latency: 0, createRatePerSecond: 0, seed: 2 });
      const c = await branches([], ["clip-1", "clip-2"], ["clip-2"], simA, simB, driver);
      const merge = git(c.dir, "merge", "b", "-m", "merge b");
      expect(merge.code === 0, merge.out).toBe(driver);
      // Without the driver the markers stay until apply (here with nothing to send) writes the file resolved.
      const apply = await cli(c.dir, simA.url, "apply", "launch.yaml", "--auto-approve", "--target", "clip-1");
      expect(apply.code, apply.stderr).toBe(0);
      expect(driver ? merge.out : apply.stderr).toMatch(/"clip-2": both sides submitted it/);
      const lock = await readLock(c.lockfile);
      const clip2 = lock.entries["clip-2"] as { task_id?: string; earlier?: { task_id?: string }[] };
      expect(clip2.earlier).toHaveLength(1);
      expect(taskIdsIn(lock)).toEqual(tasksOf(simA, simB));
    }
  });
});
