// Issue 24: a status pass reads the lockfile, queries, then records the answers under the lock. When the bytes
// on disk are still those it read, the update starts from the lockfile read (a 500,000-entry lockfile is not
// parsed a second time); when anything changed them meanwhile, it reads them again and loses nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileState } from "../../src/apply/file-state.js";
import type { StateStore } from "../../src/apply/state.js";
import { readLockfile, writeLockfile } from "../../src/lockfile/io.js";
import { LOCKFILE_FORMAT_VERSION } from "../../src/lockfile/types.js";
import { systemClock } from "../../src/sched/clock.js";
import { stateLockfileStore } from "../../src/status/store.js";
import { forgetEntries } from "../../src/lockfile/forget.js";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import { entry, lockfileWith } from "./helpers/fakes.js";

const dirs: string[] = [];
const valid = (taskId: string) => entry(taskId, { hash: `sha256:${"ab".repeat(32)}` });
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The lockfile state, counting its full reads (each one a parse of the whole file). */
async function countingState(): Promise<{ state: StateStore; reads: () => number; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), "reelform-reuse-"));
  dirs.push(dir);
  const path = join(dir, "m.lock.json");
  await writeLockfile(path, lockfileWith({ a: valid("t-a"), b: valid("t-b") }));
  const inner = fileState(path, systemClock);
  let reads = 0;
  const state: StateStore = {
    ...inner,
    read: (options) => {
      reads++;
      return inner.read(options);
    },
  };
  return { state, reads: () => reads, path };
}

const mark = (key: string) => (lockfile: { entries: Record<string, ReturnType<typeof entry>> }) => {
  const e = lockfile.entries[key];
  if (e) e.note = "marked";
};

describe("status's store: the update reuses an unchanged read (issue 24)", () => {
  it("parses the lockfile once when nothing changed it between the read and the update", async () => {
    const { state, reads, path } = await countingState();
    const store = stateLockfileStore(state, "status", { reuseRead: true, clock: systemClock });
    await store.read(path);
    await store.update(path, mark("a"));
    expect(reads()).toBe(1);
    expect((await readLockfile(path))?.entries["a"]?.note).toBe("marked");
    // The next update reads again: the lockfile read is no longer what is on disk.
    await store.update(path, mark("b"));
    expect(reads()).toBe(2);
    const after = await readLockfile(path);
    expect([after?.entries["a"]?.note, after?.entries["b"]?.note]).toEqual(["marked", "marked"]);
  });

  it("reads again, keeping the other writer's change, when the file changed meanwhile", async () => {
    const { state, reads, path } = await countingState();
    const store = stateLockfileStore(state, "status", { reuseRead: true, clock: systemClock });
    await store.read(path);
    const other = await readLockfile(path);
    if (!other) throw new Error("no lockfile");
    other.entries["c"] = valid("t-c"); // an apply recorded a new task meanwhile
    await writeLockfile(path, other);
    await store.update(path, mark("a"));
    expect(reads()).toBe(2);
    const after = await readLockfile(path);
    expect(after?.entries["c"]?.task_id).toBe("t-c");
    expect(after?.entries["a"]?.note).toBe("marked");
  });

  it("parses a format 1 lockfile once too (its bytes are not kept: its sha256 is compared)", async () => {
    const { state, reads, path } = await countingState();
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace(`"format_version": ${LOCKFILE_FORMAT_VERSION}`, '"format_version": 1'),
    );
    const store = stateLockfileStore(state, "status", { reuseRead: true, clock: systemClock });
    await store.read(path);
    await store.update(path, mark("a"), new Set(["a"]));
    expect(reads()).toBe(1);
    const after = await readLockfile(path);
    expect([after?.format_version, after?.entries["a"]?.note]).toEqual([LOCKFILE_FORMAT_VERSION, "marked"]);
  });

  it("reads a format 1 lockfile again when it changed meanwhile", async () => {
    const { state, reads, path } = await countingState();
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace(`"format_version": ${LOCKFILE_FORMAT_VERSION}`, '"format_version": 1'),
    );
    const store = stateLockfileStore(state, "status", { reuseRead: true, clock: systemClock });
    await store.read(path);
    writeFileSync(path, readFileSync(path, "utf8").replace('"t-b"', '"t-B"')); // same size, one byte
    await store.update(path, mark("a"), new Set(["a"]));
    expect(reads()).toBe(2);
    expect((await readLockfile(path))?.entries["b"]?.task_id).toBe("t-B");
  });

  it("reads again without reuseRead", async () => {
    const { state, reads, path } = await countingState();
    const store = stateLockfileStore(state, "pull", { clock: systemClock });
    await store.read(path);
    await store.update(path, mark("a"));
    expect(reads()).toBe(2);
  });
});

describe("the follower's store: what it wrote is the next round's start (issue 24)", () => {
  const follower = (state: StateStore) =>
    stateLockfileStore(state, "status", { reuseRead: false, keepWritten: true, clock: systemClock });

  it("parses the lockfile once over many rounds, each written as a full serialisation would write it", async () => {
    const { state, reads, path } = await countingState();
    const store = follower(state);
    const start = await store.read(path);
    for (const key of ["a", "b", "a"]) {
      const written = await store.update(path, mark(key), new Set([key]));
      expect(written).toBe(start); // changed in place: no second copy of the recorded set
      expect(readFileSync(path, "utf8")).toBe(serializeLockfile(written));
    }
    expect(reads()).toBe(1);
  });

  it("notices a change another writer made between two rounds (state rm, under the lock) and keeps it", async () => {
    const { state, reads, path } = await countingState();
    const store = follower(state);
    await store.read(path);
    await store.update(path, mark("a"), new Set(["a"]));
    // `state rm b` between the rounds: its own store, its own turn at the lock.
    const other = stateLockfileStore(fileState(path, systemClock), "state rm", { clock: systemClock });
    await other.update(path, (lockfile) => forgetEntries(lockfile, ["b"]));
    const written = await store.update(path, mark("a"), new Set(["a"]));
    expect(reads()).toBe(2); // read again: the bytes on disk were no longer the ones it wrote
    expect(Object.keys(written.entries)).toEqual(["a"]);
    const after = await readLockfile(path);
    expect(Object.keys(after?.entries ?? {})).toEqual(["a"]);
    expect(readFileSync(path, "utf8")).toBe(serializeLockfile(written));
    // And from then on it starts from what it wrote again.
    await store.update(path, mark("a"), new Set(["a"]));
    expect(reads()).toBe(2);
  });

  it("reads again after a round whose write failed: what failed is never taken as recorded", async () => {
    const { state, reads, path } = await countingState();
    let failNext = false;
    const failing: StateStore = {
      ...state,
      write: (lockfile, changed, options) =>
        failNext ? Promise.reject(new Error("disk full")) : state.write(lockfile, changed, options),
    };
    const store = follower(failing);
    await store.read(path);
    await store.update(path, mark("a"), new Set(["a"]));
    failNext = true;
    await expect(store.update(path, mark("b"), new Set(["b"]))).rejects.toThrow("disk full");
    failNext = false;
    const written = await store.update(path, mark("a"), new Set(["a"]));
    expect(reads()).toBe(2);
    expect(written.entries["b"]?.note).toBeUndefined(); // the failed round's change is not on disk, nor here
    expect(readFileSync(path, "utf8")).toBe(serializeLockfile(written));
  });

  it("after an update that does not name its changed keys, reads the whole set again once", async () => {
    const { state, reads, path } = await countingState();
    const store = follower(state);
    await store.read(path);
    await store.update(path, mark("a")); // starts from the read, but keeps nothing: it may have changed anything
    await store.update(path, mark("b"), new Set(["b"]));
    expect(reads()).toBe(2);
    await store.update(path, mark("a"), new Set(["a"]));
    expect(reads()).toBe(2);
  });
});
