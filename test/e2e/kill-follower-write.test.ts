// Issue 24: the follower (status --wait) keeps its lockfile in memory between rounds and writes only the
// changed entries into the bytes it kept. Killed with SIGKILL while it writes (the moment its temporary file
// appears beside the lockfile), the lockfile on disk is the last one it wrote, whole and canonical, and every
// answer any earlier run wrote is still there: a run never takes back what an earlier one recorded. The
// write to kill (first, second or third of a run) comes from the suite's seed.
import { existsSync, readFileSync, readdirSync, watch } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import type { Lockfile } from "../../src/lockfile/types.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { between, seededRandom } from "../helpers/seed.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();
const COUNT = 400;
const RUNS = 6;

/** The lockfile as it is on disk: it must parse, and be exactly the canonical serialisation of what it holds. */
function readWhole(path: string): Lockfile {
  const text = readFileSync(path, "utf8");
  const lockfile = parseLockfileText(text, path);
  expect(text === serializeLockfile(lockfile), "the lockfile on disk is its own canonical serialisation").toBe(true);
  return lockfile;
}

/** Each entry's last recorded answer: its check time and state. */
function answers(lockfile: Lockfile): Map<string, { at: string; state: string }> {
  const found = new Map<string, { at: string; state: string }>();
  for (const [key, entry] of Object.entries(lockfile.entries))
    if (entry.task?.checked_at) found.set(key, { at: entry.task.checked_at, state: entry.task.state });
  return found;
}

/** `.launch.lock.json.<pid>.<hex>.tmp`: the atomic write's temporary file of process `pid`. */
function isWriteTemp(name: string, pid: number | undefined): boolean {
  return pid !== undefined && name.startsWith(`.launch.lock.json.${pid}.`) && name.endsWith(".tmp");
}

describe("status --wait killed while it writes the lockfile (issue 24)", { timeout: 240_000 }, () => {
  it("leaves the last lockfile it wrote, whole, and no run loses an answer an earlier one wrote", async () => {
    const sim = await sims.start({
      latency: 5,
      createRatePerSecond: 0,
      taskDurationRange: { minMs: 2000, maxMs: 9000 },
    });
    const c = await campaignDir(COUNT);
    const env = cliEnv(sim.url);
    expect((await applyCli(c.dir, env, "--parallelism", "32", "--rate", "0")).code).toBe(0);
    const random = seededRandom("kill-follower-write");
    let before = answers(readWhole(c.lockfile));
    let killedMidWrite = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const nth = between(random, 1, 3);
      const { child, done } = startCli(["status", "launch.yaml", "--wait", "--timeout", "60s"], c.dir, env);
      let seen = 0;
      const watcher = watch(c.dir, (_event, name) => {
        if (name && isWriteTemp(name, child.pid) && existsSync(join(c.dir, name)) && ++seen === nth)
          child.kill("SIGKILL");
      });
      const result = await done;
      watcher.close();
      if (result.signal !== "SIGKILL") expect([0, 1], result.stderr).toContain(result.code);
      else if (readdirSync(c.dir).some((name) => isWriteTemp(name, child.pid))) killedMidWrite += 1;
      const after = answers(readWhole(c.lockfile));
      for (const [key, answer] of before) {
        const now = after.get(key);
        expect(now, `${key}: an answer written by an earlier run is gone`).toBeDefined();
        expect(now!.at >= answer.at, `${key}: an older answer replaced a newer one`).toBe(true);
        if (answer.state === "succeeded") expect(now!.state, key).toBe("succeeded");
      }
      before = after;
    }
    // The kill is sent when the temporary file appears: most land before its rename (seen as the file left).
    expect(killedMidWrite, "runs killed with their write's temporary file still there").toBeGreaterThan(0);

    const last = await startCli(["status", "launch.yaml", "--wait", "--timeout", "60s"], c.dir, env).done;
    expect(last.code, last.stderr).toBe(0);
    const final = readWhole(c.lockfile);
    expect(Object.values(final.entries).map((e) => e.task?.state)).toEqual(Array(COUNT).fill("succeeded"));
  });
});
