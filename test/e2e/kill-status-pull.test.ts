// status --wait and pull killed with SIGKILL at random moments, then run again: the lockfile stays valid,
// the next run takes over the dead process's lock, and every video ends up whole (no truncated file under
// its final name, no .part left), recorded with its size and checksum.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Lockfile } from "../../src/lockfile/types.js";
import { stateBackends } from "../helpers/state-backends.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators, startCli } from "./apply-helpers.js";
import { between, seededRandom } from "../helpers/seed.js";

const sims = e2eSimulators();
const backends = stateBackends();

/** Runs the command `kills` times, each killed after a random 100 ms to `maxMs` (or left to finish if quicker). */
async function killRepeatedly(
  args: string[],
  dir: string,
  env: Record<string, string>,
  kills: number,
  maxMs: number,
): Promise<number> {
  let killed = 0;
  const random = seededRandom(`kill-status-pull: ${args.join(" ")}`);
  for (let run = 0; run < kills; run += 1) {
    const { child, done } = startCli(args, dir, env);
    const timer = setTimeout(() => child.kill("SIGKILL"), between(random, 100, maxMs - 1));
    const result = await done;
    clearTimeout(timer);
    if (result.signal === "SIGKILL") killed += 1;
    else expect([0, 1], result.stderr).toContain(result.code);
  }
  return killed;
}

describe.each(backends.map((b) => [b.name, b] as const))(
  "status and pull under SIGKILL (%s state)",
  { timeout: 180_000 },
  (_name, b) => {
    const readLockfile = async (path: string): Promise<Lockfile> => (await b.readLock(path)) as unknown as Lockfile;
    it("re-runs after kills at random moments finish the job with every file whole", async () => {
      const sim = await sims.start({ latency: 5, createRatePerSecond: 0, taskDurationMs: 1500 });
      const c = await campaignDir(30);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      expect((await applyCli(c.dir, env, "--parallelism", "16", "--rate", "0")).code).toBe(0);

      const statusKills = await killRepeatedly(
        ["status", "launch.yaml", "--wait", "--timeout", "60s"],
        c.dir,
        env,
        4,
        600,
      );
      const status = await startCli(["status", "launch.yaml", "--wait", "--timeout", "60s"], c.dir, env).done;
      expect(status.code, status.stderr).toBe(0);
      const followed = await readLockfile(c.lockfile);
      expect(Object.values(followed?.entries ?? {}).map((e) => e.task?.state)).toEqual(Array(30).fill("succeeded"));

      // A pull of 30 small files takes about half a second here: most kills land mid-download (a slower
      // machine gets the wider window's later kills there).
      const pullKills = await killRepeatedly(
        ["pull", "launch.yaml", "--dir", "out", "--parallelism", "2"],
        c.dir,
        env,
        6,
        900,
      );
      expect(statusKills + pullKills).toBeGreaterThan(3);
      const pull = await startCli(["pull", "launch.yaml", "--dir", "out"], c.dir, env).done;
      expect(pull.code, pull.stderr).toBe(0);

      const lockfile = await readLockfile(c.lockfile);
      const folder = join(c.dir, "out", "e2e");
      expect(readdirSync(folder).filter((name) => !name.endsWith(".mp4"))).toEqual([]); // no .part left
      for (const [key, entry] of Object.entries(lockfile?.entries ?? {})) {
        const output = entry.task?.outputs[0];
        const bytes = readFileSync(join(folder, `${key}.mp4`));
        expect(output?.size, key).toBe(bytes.length);
        expect(output?.sha256, key).toBe(createHash("sha256").update(bytes).digest("hex"));
        expect(bytes.length, key).toBe(48 * 1024);
      }
      // No run that finished holds the lock. A lock a killed run left stays until the next run that writes
      // takes it over (the final pull may have had nothing left to record): its process must be gone.
      if (b.name === "postgres")
        expect((await b.leftovers(c.lockfile)).lock, "a live session holds the lock").toBe(false);
      if (existsSync(`${c.lockfile}.lock`)) {
        const holder = JSON.parse(readFileSync(`${c.lockfile}.lock`, "utf8")) as { pid: number };
        expect(() => process.kill(holder.pid, 0), "the lock's holder is still running").toThrow();
      }

      const filesBefore = sim.state().requests.filter((r) => r.path.startsWith("/__sim/files/")).length;
      const again = await startCli(["pull", "launch.yaml", "--dir", "out", "--json"], c.dir, env).done;
      expect(JSON.parse(again.stdout).summary).toMatchObject({ downloaded: 0, skipped: 30, failed: 0 });
      expect(sim.state().requests.filter((r) => r.path.startsWith("/__sim/files/")).length).toBe(filesBefore);
    });
  },
);
