import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../../src/lockfile/mutex.js";
import { between, seededRandom } from "../helpers/seed.js";
import { systemClock } from "../../src/sched/clock.js";

const MUTEX = new URL("../../dist/lockfile/mutex.js", import.meta.url).href;
const CLOCK = new URL("../../dist/sched/clock.js", import.meta.url).href;

/** A process that takes and releases the lock as fast as it can, until it is killed. */
const CHURN = `
const { acquireLock } = await import(${JSON.stringify(MUTEX)});
const { systemClock } = await import(${JSON.stringify(CLOCK)});
const lockfile = process.argv[1];
process.stdout.write("ready\\n");
for (;;) {
  const lock = await acquireLock(lockfile, "churn", systemClock);
  await lock.release();
}`;

function churnAndKill(lockfile: string, afterMs: number): Promise<void> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", CHURN, lockfile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once("data", () => setTimeout(() => child.kill("SIGKILL"), afterMs));
    child.on("close", (code, signal) =>
      signal === "SIGKILL" ? resolve() : reject(new Error(`churn exited with ${code}`)),
    );
  });
}

describe("the apply lock under SIGKILL", () => {
  it(
    "a process killed at any moment while taking or releasing the lock never leaves one that blocks the next",
    { timeout: 60_000 },
    async () => {
      if (!existsSync(new URL(MUTEX))) throw new Error("run `npm run build` first");
      const dir = await mkdtemp(join(tmpdir(), "rf-lock-kill-"));
      const lockfile = join(dir, "launch.lock.json");
      const random = seededRandom("mutex-kill: kill delays");
      for (let round = 0; round < 30; round += 1) {
        await churnAndKill(lockfile, between(random, 5, 44));
        const lock = await acquireLock(lockfile, "apply", systemClock); // throws "damaged" or "held" if the kill wedged it
        await lock.release();
      }
      // No lock is left; at most the temporary file of a process killed between writing it and removing it,
      // which a later apply sweeps once it is a minute old (see mutex.test.ts).
      const left = await readdir(dir);
      expect(left.filter((name) => !/^launch\.lock\.json\.lock\.\d+-[0-9a-f]+\.(tmp|stale)$/.test(name))).toEqual([]);
    },
  );
});
