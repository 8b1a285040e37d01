// Issue 21, reproduction 2: `apply --wait --pull` and `status --wait --pull` keep an earlier generation's
// file (moved to `<key>.g<N>.<ext>` after its sha256 is checked) exactly as plain `pull` does, whether the
// earlier URL has expired (no "could not be fetched") or is still valid (not downloaded again).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import type { RunningSimulator } from "../../src/simulator/index.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();
const sha = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
const WAIT_PULL = ["--wait", "--pull", "out", "--timeout", "60s"];

/** Whole-file downloads the simulator served, by file path. */
function fileFetches(sim: RunningSimulator): string[] {
  return sim
    .state()
    .requests.filter((r) => r.path.startsWith("/__sim/files/") && r.outcome === "http 200")
    .map((r) => r.path);
}

/**
 * The simulator's clock, moved forward by `jump.ms` once the first generation is pulled: its Temporary URL (an
 * hour) has expired for the simulator, which refuses to serve it, as a week-old URL would be.
 */
function jumpingClock(): { now: () => number; jump: { ms: number } } {
  const jump = { ms: 0 };
  return { now: () => Date.now() + jump.ms, jump };
}

async function expectRefused(url: string): Promise<void> {
  const answer = await fetch(url);
  expect(answer.status).not.toBe(200);
}

describe("every generation's file survives every path (issue 21, reproduction 2)", { timeout: 120_000 }, () => {
  it.each([
    [
      "apply --wait --pull",
      (dir: string, env: Record<string, string>) => applyCli(dir, env, "--replace", "clip-1", ...WAIT_PULL),
    ],
    [
      "status --wait --pull",
      async (dir: string, env: Record<string, string>) => {
        expect((await applyCli(dir, env, "--replace", "clip-1")).code).toBe(0);
        return startCli(["status", "launch.yaml", ...WAIT_PULL], dir, env).done;
      },
    ],
  ])(
    "%s after the earlier URL expired: generation 1 is kept as clip-1.g1.mp4, nothing reported lost",
    async (_path, replaceAndPull) => {
      const clock = jumpingClock();
      const sim = await sims.start({
        latency: 0,
        createRatePerSecond: 0,
        taskDurationMs: 100,
        temporaryTtlMs: 3600_000,
        now: clock.now,
      });
      const c = await campaignDir(1);
      const env = cliEnv(sim.url);
      const first = await applyCli(c.dir, env, ...WAIT_PULL);
      expect(first.code, first.stderr).toBe(0);
      const folder = join(c.dir, "out", "e2e");
      const generation1 = sha(join(folder, "clip-1.mp4"));
      clock.jump.ms = 2 * 3600_000;
      await expectRefused((await readLockfile(c.lockfile))?.entries["clip-1"]?.task?.outputs[0]?.url ?? "");

      const second = await replaceAndPull(c.dir, env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain("kept generation 1 of clip-1: out/e2e/clip-1.mp4 -> out/e2e/clip-1.g1.mp4");
      expect(`${second.stdout}${second.stderr}`).not.toContain("could not be fetched");
      expect(readdirSync(folder).sort()).toEqual(["clip-1.g1.mp4", "clip-1.mp4"]);
      expect(sha(join(folder, "clip-1.g1.mp4"))).toBe(generation1);
      const entry = (await readLockfile(c.lockfile))?.entries["clip-1"];
      expect(entry?.generation).toBe(2);
      expect(entry?.earlier?.[0]?.task?.outputs[0]?.sha256).toBe(generation1);
      expect(sha(join(folder, "clip-1.mp4"))).toBe(entry?.task?.outputs[0]?.sha256);
    },
  );

  it("apply --wait --pull while the earlier URL is still valid renames the file there instead of downloading it again", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0, taskDurationMs: 100 });
    const c = await campaignDir(1);
    const env = cliEnv(sim.url);
    expect((await applyCli(c.dir, env, ...WAIT_PULL)).code).toBe(0);
    const folder = join(c.dir, "out", "e2e");
    const generation1 = sha(join(folder, "clip-1.mp4"));
    expect(fileFetches(sim)).toHaveLength(1);

    const second = await applyCli(c.dir, env, "--replace", "clip-1", ...WAIT_PULL);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("kept generation 1 of clip-1");
    expect(sha(join(folder, "clip-1.g1.mp4"))).toBe(generation1);
    expect(fileFetches(sim)).toHaveLength(2); // generation 2 only: generation 1 was not fetched again
    expect(readdirSync(folder).sort()).toEqual(["clip-1.g1.mp4", "clip-1.mp4"]);
  });
});
