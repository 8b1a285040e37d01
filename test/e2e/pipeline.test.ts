// apply --wait --pull and status --wait --pull under API faults and SIGKILLs at random moments, through the
// gateway and through the tencent provider (batch status): a re-run finishes the job, every file is whole and
// matches the lockfile's size and sha256, and no file is fetched whole twice (the simulator's request log).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import type { RunningSimulator } from "../../src/simulator/index.js";
import { tencentEnv } from "../tencent/helpers.js";
import { campaignDir, cliEnv, e2eSimulators, simTasksByKey, startCli } from "./apply-helpers.js";
import { between, seededRandom } from "../helpers/seed.js";

const sims = e2eSimulators();
const FILE_SIZE = 256 * 1024;
const VIDEOS = 16;

const apply = ["apply", "launch.yaml", "--auto-approve", "--rate", "0", "--wait", "--pull", "out", "--timeout", "90s"];
const status = ["status", "launch.yaml", "--wait", "--pull", "out", "--timeout", "90s"];

/** Runs alternately apply and status with --pull, each killed after 300 ms to 2.5 s (or left to finish). */
async function killRepeatedly(dir: string, env: Record<string, string>, kills: number): Promise<number> {
  let killed = 0;
  const random = seededRandom("pipeline: kill delays");
  for (let run = 0; run < kills; run += 1) {
    const { child, done } = startCli(run % 2 === 0 ? apply : status, dir, env);
    const timer = setTimeout(() => child.kill("SIGKILL"), between(random, 300, 2499));
    const result = await done;
    clearTimeout(timer);
    if (result.signal === "SIGKILL") killed += 1;
    else expect([0, 1], result.stderr).toContain(result.code);
  }
  return killed;
}

/**
 * Whole files sent per task (HTTP 200 answers whose body was sent to the end): more than one would be a file
 * downloaded twice. A 200 cut off by a kill before its first byte reached the disk leaves no .part to resume
 * from, so the next run asks for the whole file again without having downloaded it once.
 */
function wholeFetches(sim: RunningSimulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of sim.state().requests) {
    if (!r.path.startsWith("/__sim/files/") || r.outcome !== "http 200" || r.cut_off) continue;
    counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  }
  return counts;
}

describe.each([
  ["gateway", (url: string) => cliEnv(url)],
  ["tencent", (url: string) => tencentEnv(url)],
])("apply --wait --pull under faults and SIGKILL (%s)", (provider, envFor) => {
  it(
    "re-runs finish with every file whole, matching the lockfile, none fetched twice",
    { timeout: 240_000 },
    async () => {
      // Downloads take seconds (16 x 256 KiB at 1 MiB/s) while tasks still generate: kills land everywhere.
      const sim = await sims.start({
        latency: 5,
        failRate: 0.1,
        taskDurationRange: { minMs: 1000, maxMs: 4000 },
        fileSize: FILE_SIZE,
        bandwidth: 1024 * 1024,
      });
      const c = await campaignDir(VIDEOS);
      const env = envFor(sim.url);
      const killed = await killRepeatedly(c.dir, env, 5);
      // Creates killed in flight are in doubt; with the gateway their re-send is answered "duplicate", which
      // the run that meets it reports (exit 1) and records. How many land in the runs above depends on how far
      // each got before its kill, which a loaded machine changes: one settling run meets whatever is left.
      const settling = await startCli(apply, c.dir, env).done;
      expect([0, 1], settling.stderr).toContain(settling.code);
      const last = await startCli([...apply, "--json"], c.dir, env).done;
      expect(last.code, `${last.stderr}${last.stdout.trim().split("\n").slice(-6).join("\n")}`).toBe(0); // --json: problems are events on stdout
      const events = last.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { event: string; [field: string]: unknown });
      expect(events.at(-1)?.event).toBe("status");
      expect(events.filter((e) => e.event === "progress").at(-1)).toMatchObject({
        submitted: expect.any(Number),
        generating: 0,
        downloaded: expect.any(Number),
        failed: 0,
      });
      expect(events.find((e) => e.event === "pulled")).toMatchObject({ failed: 0 });
      expect(killed).toBeGreaterThan(1);

      const lockfile = await readLockfile(c.lockfile);
      const folder = join(c.dir, "out", "e2e");
      expect(readdirSync(folder).filter((name) => !name.endsWith(".mp4"))).toEqual([]); // no .part left
      expect(Object.keys(lockfile?.entries ?? {})).toHaveLength(VIDEOS);
      // A create killed in flight and re-sent with its session_id is a duplicate: the gateway cannot say which
      // task it was (tencent finds it by session_id). Every entry with a TaskId has its file.
      const withTask = Object.entries(lockfile?.entries ?? {}).filter(([, e]) => e.task_id);
      if (provider === "tencent") expect(withTask).toHaveLength(VIDEOS);
      else
        expect(
          withTask.length + Object.values(lockfile?.entries ?? {}).filter((e) => e.submission === "duplicate").length,
        ).toBe(VIDEOS);
      for (const [key, entry] of withTask) {
        expect(entry.task?.state, key).toBe("succeeded");
        const output = entry.task?.outputs[0];
        const bytes = readFileSync(join(folder, `${key}.mp4`));
        expect(bytes.length, key).toBe(FILE_SIZE);
        expect(output?.size, key).toBe(bytes.length);
        expect(output?.sha256, key).toBe(createHash("sha256").update(bytes).digest("hex"));
      }
      expect([...simTasksByKey(sim).values()].every((ids) => ids.length === 1)).toBe(true); // no task created twice
      expect(Math.max(...wholeFetches(sim).values())).toBe(1);
      if (provider === "tencent")
        expect(sim.state().requests.some((r) => r.path === "/?Action=DescribeTasks")).toBe(true);

      const filesBefore = sim.state().requests.filter((r) => r.path.startsWith("/__sim/files/")).length;
      const again = await startCli(status, c.dir, env).done;
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(`pulled 0 file(s) (0 bytes), ${withTask.length} already complete, 0 failed`);
      expect(sim.state().requests.filter((r) => r.path.startsWith("/__sim/files/")).length).toBe(filesBefore);
    },
  );
});
