// The lock reads time only through the clock the state was opened with (issue 25): its holder record's
// `started_at` and the age at which a killed process's leftovers are swept are the clock's, not the wall's.
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileState } from "../../src/apply/file-state.js";
import { acquireLock } from "../../src/lockfile/mutex.js";
import { lockPathFor } from "../../src/lockfile/paths.js";

/** A clock standing still at `at` (ms since the epoch), moved by hand. */
function virtualClock(at: number) {
  return {
    at,
    now() {
      return this.at;
    },
  };
}

async function lockfileInTmp(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "rf-lock-clock-")), "launch.lock.json");
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
}

describe("the lock on a virtual clock", () => {
  it("records the clock's time as the holder's started_at (file state and acquireLock alike)", async () => {
    const clock = virtualClock(Date.parse("2031-02-03T04:05:06.789Z"));
    const lockfile = await lockfileInTmp();
    const lock = await fileState(lockfile, clock).lock("apply launch.yaml");
    expect(lock.info.started_at).toBe("2031-02-03T04:05:06.789Z");
    expect(JSON.parse(await readFile(lockPathFor(lockfile), "utf8")).started_at).toBe("2031-02-03T04:05:06.789Z");
    await lock.release();

    clock.at += 90_000;
    const again = await acquireLock(lockfile, "status", clock);
    expect(again.info.started_at).toBe("2031-02-03T04:06:36.789Z");
    await again.release();
  });

  it("sweeps a killed process's leftover only once the clock says it is over a minute old", async () => {
    const lockfile = await lockfileInTmp();
    const dir = join(lockfile, "..");
    const leftover = `launch.lock.json.lock.${deadPid()}-0b1c.tmp`;
    await writeFile(join(dir, leftover), "{}");
    const written = (await stat(join(dir, leftover))).mtimeMs;

    const clock = virtualClock(written + 60_000); // exactly a minute: kept
    await (await acquireLock(lockfile, "apply", clock)).release();
    expect(await readdir(dir)).toEqual([leftover]);

    clock.at = written + 60_001; // a minute and a millisecond: swept
    await (await acquireLock(lockfile, "apply", clock)).release();
    expect(await readdir(dir)).toEqual([]);
  });
});
