// The built CLI against the simulator's Tencent API, with faults and SIGKILLs. Every TaskId must be found:
// after the runs, the lockfile's TaskIds equal the tasks the simulator created, key by key, with zero
// "created, TaskId unknown" entries. That is stronger than the gateway's guarantee (test/e2e/apply.test.ts
// accepts a duplicate entry whose task exists but whose TaskId was lost): DescribeTasks finds each task by
// its session_id, so nothing stays unknown.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import type { RunningSimulator } from "../../src/simulator/index.js";
import { SIM_TENCENT_CREDENTIALS } from "../../src/simulator/options.js";
import {
  allFiles,
  applyCli,
  campaignDir,
  cliEnv,
  e2eSimulators,
  readLock,
  simTasksByKey,
  startCli,
} from "../e2e/apply-helpers.js";
import { tencentEnv } from "./helpers.js";
import { between, seededRandom } from "../helpers/seed.js";

const sims = e2eSimulators();

async function expectEveryTaskIdFound(sim: RunningSimulator, lockfile: string, count: number): Promise<void> {
  const lock = await readLock(lockfile);
  const byKey = simTasksByKey(sim);
  expect(Object.keys(lock.entries)).toHaveLength(count);
  expect(
    Object.values(lock.entries).filter((e) => e.submission !== "created"),
    "entries without a TaskId",
  ).toEqual([]);
  for (const [key, entry] of Object.entries(lock.entries)) expect([entry.task_id], key).toEqual(byKey.get(key));
  expect(byKey.size).toBe(count);
}

const describeTasksCalls = (sim: RunningSimulator): number =>
  sim.state().requests.filter((r) => r.path === "/?Action=DescribeTasks").length;

describe("tencent provider: TaskIds recovered by session_id (end to end)", { timeout: 240_000 }, () => {
  it("lost answers: the duplicate re-sends are looked up in the same run, where the gateway leaves them unknown", async () => {
    const faults = { lostResponse: { next: 3 } };
    const gatewaySim = await sims.start({ latency: 0, createRatePerSecond: 0, faults });
    const g = await campaignDir(3);
    await applyCli(g.dir, cliEnv(gatewaySim.url), "--parallelism", "3");
    const gatewayLock = await readLock(g.lockfile);
    expect(Object.values(gatewayLock.entries).map((e) => e.submission)).toEqual([
      "duplicate",
      "duplicate",
      "duplicate",
    ]);

    const sim = await sims.start({ latency: 0, createRatePerSecond: 0, faults });
    const c = await campaignDir(3);
    const result = await applyCli(c.dir, tencentEnv(sim.url), "--parallelism", "3");
    expect(result.stderr).toContain("3 found, 0 not found");
    expect(result.stderr).toMatch(
      /recovered clip-1 {2}1500039421-AigcVideoTask-[0-9a-f]+t {2}\(was created, TaskId unknown\)/,
    );
    await expectEveryTaskIdFound(sim, c.lockfile, 3);
    const lock = await readLockfile(c.lockfile);
    expect(lock?.entries["clip-1"]).toMatchObject({
      provider: "tencent",
      note: expect.stringContaining("TaskId found by session_id"),
    });
    expect(lock?.entries["clip-1"]?.error).toBeUndefined();
  });

  it("faults and SIGKILLs at random moments: re-runs find every TaskId, then status and pull finish the job", async () => {
    const sim = await sims.start({
      latency: { minMs: 10, maxMs: 60 },
      createRatePerSecond: 10,
      seed: 5,
      taskDurationMs: 1500,
      faults: {
        http5xx: { probability: 0.08 },
        reset: { probability: 0.08 },
        lostResponse: { probability: 0.12 },
        tencentError200: { probability: 0.05, code: "InternalError" },
      },
    });
    const c = await campaignDir(30);
    const env = tencentEnv(sim.url, { REELFORM_TIMEOUT: "10000" });
    const random = seededRandom("tencent recovery-e2e: kill delays");
    let kills = 0;
    let complete = false;
    let lastWords = "";
    for (let run = 0; run < 25 && !complete; run += 1) {
      const { child, done } = startCli(
        ["apply", "launch.yaml", "--auto-approve", "--parallelism", "4", "--rate", "0"],
        c.dir,
        env,
      );
      const timer = run < 8 ? setTimeout(() => child.kill("SIGKILL"), between(random, 200, 799)) : undefined;
      const result = await done;
      clearTimeout(timer);
      if (result.signal === "SIGKILL") {
        kills += 1;
        continue;
      }
      lastWords = `exit ${result.code}: ${(result.stdout + result.stderr).trim().split("\n").slice(-4).join(" | ")}`;
      expect([0, 1], lastWords).toContain(result.code);
      const lock = await readLock(c.lockfile);
      complete =
        Object.keys(lock.entries).length === 30 && Object.values(lock.entries).every((e) => e.submission === "created");
    }
    expect(complete, `25 runs did not complete the campaign; the last one said ${lastWords}`).toBe(true);
    expect(kills).toBeGreaterThan(2);
    expect(sim.state().faults.some((f) => f.kind === "lostResponse")).toBe(true);
    expect(describeTasksCalls(sim)).toBeGreaterThan(0);
    await expectEveryTaskIdFound(sim, c.lockfile, 30);

    const status = await startCli(["status", "launch.yaml", "--wait", "--timeout", "90s"], c.dir, env).done;
    expect(status.code, status.stderr).toBe(0);
    expect(sim.state().requests.some((r) => r.path === "/?Action=DescribeTaskDetail")).toBe(true);
    const pull = await startCli(["pull", "launch.yaml", "--dir", "out"], c.dir, env).done;
    expect(pull.code, pull.stderr).toBe(0);
    for (const file of await allFiles(c.dir))
      expect(file.text.includes(SIM_TENCENT_CREDENTIALS.secretKey), `secret in ${file.path}`).toBe(false);
    expect(status.stdout + status.stderr + pull.stdout + pull.stderr).not.toContain(SIM_TENCENT_CREDENTIALS.secretKey);
    const lockfile = await readLockfile(c.lockfile);
    for (const [key, entry] of Object.entries(lockfile?.entries ?? {})) {
      expect(entry.task?.state, key).toBe("succeeded");
      const bytes = readFileSync(join(c.dir, "out", "e2e", `${key}.mp4`));
      expect(entry.task?.outputs[0]?.sha256, key).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });
});
