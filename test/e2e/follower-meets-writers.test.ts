// Issue 24, where features meet: status --wait keeps the lockfile it wrote between rounds and starts the next
// round from it. Between its rounds, `state rm` and a one-pass `status` write the same lockfile under the same
// lock: the follower must notice (the bytes on disk are no longer the ones it wrote), read them again, and
// record its answers on top, never writing back the entry `state rm` removed.
import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators, startCli, until } from "./apply-helpers.js";

const sims = e2eSimulators();
const COUNT = 40;

describe("status --wait with other writers between its rounds (issue 24)", { timeout: 180_000 }, () => {
  it("keeps what `state rm` and a one-pass status wrote, and records its own answers on top", async () => {
    const sim = await sims.start({
      latency: 5,
      createRatePerSecond: 0,
      taskDurationRange: { minMs: 3000, maxMs: 12000 },
    });
    const c = await campaignDir(COUNT);
    const env = cliEnv(sim.url);
    expect((await applyCli(c.dir, env, "--parallelism", "16", "--rate", "0")).code).toBe(0);
    const applied = statSync(c.lockfile).mtimeMs;
    const follower = startCli(["status", "launch.yaml", "--wait", "--timeout", "90s"], c.dir, env);
    // After the follower's first write (its first round of answers):
    await until(async () => statSync(c.lockfile).mtimeMs !== applied, 30_000);
    const removed = await startCli(["state", "rm", "launch.yaml", "clip-7", "--auto-approve"], c.dir, env).done;
    expect(removed.code, removed.stderr).toBe(0);
    const pass = await startCli(["status", "launch.yaml"], c.dir, env).done;
    expect([0, 1], pass.stderr).toContain(pass.code);
    const followed = await follower.done;
    expect(followed.code, followed.stderr).toBe(0);

    const text = readFileSync(c.lockfile, "utf8");
    const lockfile = parseLockfileText(text, c.lockfile);
    expect(text).toBe(serializeLockfile(lockfile));
    expect(Object.hasOwn(lockfile.entries, "clip-7"), "the entry state rm removed was written back").toBe(false);
    const states = Object.values(lockfile.entries).map((e) => e.task?.state);
    expect(states).toEqual(Array(COUNT - 1).fill("succeeded"));
  });
});
