import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../../src/lockfile/mutex.js";
import { lockPathFor } from "../../src/lockfile/paths.js";
import { systemClock } from "../../src/sched/clock.js";

async function lockfileInTmp(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "rf-lock-")), "launch.lock.json");
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
}

describe("acquireLock", () => {
  it("creates the lock with id, owner, host, pid, start time and command, and removes it on release", async () => {
    const lockfile = await lockfileInTmp();
    const lock = await acquireLock(lockfile, "apply launch.yaml", systemClock);
    const written = JSON.parse(await readFile(lockPathFor(lockfile), "utf8"));
    expect(written).toMatchObject({
      id: lock.info.id,
      pid: process.pid,
      host: hostname(),
      command: "apply launch.yaml",
    });
    expect(written.owner).toBeTruthy();
    expect(written.started_at).toMatch(/^\d{4}-/);
    await lock.release();
    expect(existsSync(lockPathFor(lockfile))).toBe(false);
  });

  it("fails fast while a live process holds it, naming the holder and how to force-unlock", async () => {
    const lockfile = await lockfileInTmp();
    const first = await acquireLock(lockfile, "apply a.yaml", systemClock);
    await expect(acquireLock(lockfile, "apply a.yaml", systemClock)).rejects.toThrow(
      new RegExp(`held by .*@${hostname()} \\(pid ${process.pid}.*reelform force-unlock ${first.info.id}`),
    );
    await first.release();
  });

  it("takes over the lock of a process that is gone on this host", async () => {
    const lockfile = await lockfileInTmp();
    const pid = deadPid();
    const stale = {
      id: "deadbeef",
      command: "apply",
      owner: "x",
      host: hostname(),
      pid,
      started_at: "2026-01-01T00:00:00Z",
    };
    await writeFile(lockPathFor(lockfile), JSON.stringify(stale));
    const lock = await acquireLock(lockfile, "apply", systemClock);
    expect(lock.tookOver?.id).toBe("deadbeef");
    expect(JSON.parse(await readFile(lockPathFor(lockfile), "utf8")).id).toBe(lock.info.id);
    await lock.release();
  });

  it("does not take over a lock held on another host (its process cannot be checked)", async () => {
    const lockfile = await lockfileInTmp();
    const other = {
      id: "feedface",
      command: "apply",
      owner: "ci",
      host: "some-other-host",
      pid: 1,
      started_at: "2026-01-01T00:00:00Z",
    };
    await writeFile(lockPathFor(lockfile), JSON.stringify(other));
    await expect(acquireLock(lockfile, "apply", systemClock)).rejects.toThrow(
      /ci@some-other-host .*force-unlock feedface/,
    );
  });

  it("release leaves a lock that is no longer its own", async () => {
    const lockfile = await lockfileInTmp();
    const lock = await acquireLock(lockfile, "apply", systemClock);
    await writeFile(lockPathFor(lockfile), JSON.stringify({ ...lock.info, id: "someone-else" }));
    await lock.release();
    expect(existsSync(lockPathFor(lockfile))).toBe(true);
  });

  it("sweeps the lock's and the lockfile's temporary files of killed processes once they are a minute old, never a live process's", async () => {
    const lockfile = await lockfileInTmp();
    const dir = join(lockfile, "..");
    const dead = deadPid();
    const old = new Date(Date.now() - 120_000);
    const names = {
      deadOld: `launch.lock.json.lock.${dead}-0a1b.tmp`,
      deadOldAside: `launch.lock.json.lock.${dead}-0a1c.stale`,
      deadRecent: `launch.lock.json.lock.${dead}-0a1d.tmp`,
      liveOld: `launch.lock.json.lock.${process.pid}-0a1e.tmp`,
      deadOldLockfileTemp: `.launch.lock.json.${dead}.0a1f.tmp`,
      other: "launch.lock.json.lock.notes.tmp",
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), "{}");
    for (const name of [names.deadOld, names.deadOldAside, names.deadOldLockfileTemp, names.liveOld, names.other])
      await utimes(join(dir, name), old, old);
    const lock = await acquireLock(lockfile, "apply", systemClock);
    await lock.release();
    expect((await readdir(dir)).sort()).toEqual([names.deadRecent, names.liveOld, names.other].sort());
  });

  it("leaves only the lock itself behind once it holds it (its temporary file is gone)", async () => {
    const lockfile = await lockfileInTmp();
    const lock = await acquireLock(lockfile, "apply", systemClock);
    expect(JSON.parse(await readFile(lockPathFor(lockfile), "utf8")).id).toBe(lock.info.id);
    expect(await readdir(join(lockfile, ".."))).toEqual(["launch.lock.json.lock"]);
    await lock.release();
  });
});
