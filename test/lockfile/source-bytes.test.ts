// Issue 24: a write that names the entries it changed copies every other entry's bytes as they were read
// (lockfile/source-bytes.ts) instead of serialising them again. The bytes written must be exactly what
// serialising the whole lockfile gives, for any entries and keys ("__proto__", "constructor" among them), any
// subset changed, entries added or removed. fast-check prints its seed and path on failure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fileState } from "../../src/apply/file-state.js";
import { parseLockfileBytes, writeLockfile } from "../../src/lockfile/io.js";
import { serializeLockfile, serializeLockfileBytes } from "../../src/lockfile/serialize.js";
import { defaultSessionContext } from "../../src/lockfile/session-context.js";
import { entryBytes, sourceOf } from "../../src/lockfile/source-bytes.js";
import { LOCKFILE_FORMAT_VERSION, type LockEntry, type Lockfile, type TaskRecord } from "../../src/lockfile/types.js";
import { testSeed } from "../helpers/seed.js";
import { systemClock } from "../../src/sched/clock.js";
import { writeChangedEntries } from "../../src/lockfile/changed-write.js";
import { sourceIndex } from "../../src/lockfile/source-index.js";
import { TimeSlice } from "../../src/util/time-slice.js";

const dir = mkdtempSync(join(tmpdir(), "reelform-source-bytes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CAMPAIGN = "c";
const keyArb = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "10", "9", "a#1", "ü-é", "😀"),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/),
);
const taskArb: fc.Arbitrary<TaskRecord | undefined> = fc.option(
  fc.record({
    state: fc.constantFrom("waiting", "processing", "succeeded", "failed", "expired") as fc.Arbitrary<
      TaskRecord["state"]
    >,
    api_status: fc.constantFrom("WAITING", "PROCESSING", "FINISH"),
    checked_at: fc.constant("2026-05-01T10:00:00.000Z"),
    progress: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    outputs: fc.array(fc.record({ url: fc.webUrl(), duration: fc.option(fc.nat(20), { nil: undefined }) }), {
      maxLength: 2,
    }),
  }),
  { nil: undefined },
);

/** An entry in either stored form: a body with the default session_context (stored as `request`) or without. */
function entryOf(key: string, i: number, task: TaskRecord | undefined, compact: boolean, earlier: boolean): LockEntry {
  const session_id = `rf1-${i}`;
  const body = {
    prompt: `p ${key}`,
    session_id,
    ...(compact ? { session_context: defaultSessionContext(CAMPAIGN, key) } : {}),
  };
  const e: LockEntry = {
    hash: `sha256:${"a".repeat(64)}`,
    generation: earlier ? 2 : 1,
    session_id,
    submission: "created",
    task_id: `t-${i}`,
    body,
    ...(task ? { task: { ...task, outputs: task.outputs.map((o) => ({ ...o })) } } : {}),
  };
  if (earlier)
    e.earlier = [
      {
        hash: e.hash,
        generation: 1,
        session_id: `rf0-${i}`,
        submission: "created",
        task_id: `t0-${i}`,
        body: { prompt: "old", session_id: `rf0-${i}` },
      },
    ];
  return e;
}

function lockfileOf(
  rows: readonly { key: string; task: TaskRecord | undefined; compact: boolean; earlier: boolean }[],
): Lockfile {
  const entries = Object.create(null) as Record<string, LockEntry>;
  rows.forEach((row, i) => (entries[row.key] = entryOf(row.key, i, row.task, row.compact, row.earlier)));
  return { format_version: LOCKFILE_FORMAT_VERSION, campaign: CAMPAIGN, entries };
}

const rowsArb = fc.uniqueArray(
  fc.record({ key: keyArb, task: taskArb, compact: fc.boolean(), earlier: fc.boolean() }),
  { selector: (r) => r.key, minLength: 1, maxLength: 12 },
);

describe("writing only the changed entries (issue 24)", () => {
  it("gives the bytes of a full serialisation, whatever is changed, added or removed", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        rowsArb,
        fc.array(fc.nat()),
        fc.option(keyArb, { nil: undefined }),
        fc.boolean(),
        taskArb,
        async (rows, picks, added, removeOne, newTask) => {
          const path = join(dir, `p${run++}.lock.json`);
          writeFileSync(path, serializeLockfileBytes(lockfileOf(rows)));
          const lockfile = parseLockfileBytes(readFileSync(path), path, { keepSource: true });
          expect(sourceOf(lockfile)).toBeDefined();
          const keys = Object.keys(lockfile.entries);
          const changed = new Set(picks.map((p) => keys[p % keys.length] as string));
          for (const key of changed) {
            const entry = lockfile.entries[key] as LockEntry;
            if (newTask) entry.task = { ...newTask, checked_at: "2026-06-01T00:00:00.000Z", outputs: [] };
            else delete entry.task;
          }
          if (added !== undefined && !Object.hasOwn(lockfile.entries, added)) {
            lockfile.entries[added] = entryOf(added, 99, undefined, true, false);
            changed.add(added);
          }
          if (removeOne && keys.length > 1) delete lockfile.entries[keys[0] as string];
          const expected = serializeLockfile(lockfile);
          await writeLockfile(path, lockfile, changed);
          expect(readFileSync(path, "utf8")).toBe(expected);
        },
      ),
      { seed: testSeed(), numRuns: 150 },
    );
  });

  it("finds each entry's bytes in a canonical file, and none in another layout or format 1", () => {
    const lockfile = lockfileOf([
      { key: "__proto__", task: undefined, compact: true, earlier: true },
      { key: "b", task: undefined, compact: false, earlier: false },
    ]);
    const bytes = serializeLockfileBytes(lockfile);
    const found = entryBytes(bytes);
    expect([...(found?.keys() ?? [])]).toEqual(["__proto__", "b"]);
    expect(found?.get("b")?.toString()).toMatch(/^\n {4}"b": \{\n[\s\S]*\n {4}\}$/);
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(bytes.toString()), null, 1));
    expect(entryBytes(reformatted)).toBeUndefined();
    const formatOne = Buffer.from(
      bytes.toString().replace(`"format_version": ${LOCKFILE_FORMAT_VERSION}`, '"format_version": 1'),
    );
    expect(sourceOf(parseLockfileBytes(formatOne, "f1.lock.json", { keepSource: true }))).toBeUndefined();
  });

  it("tells a lockfile changed on disk since the read, even at the same size", async () => {
    const path = join(dir, "same-size.lock.json");
    const lockfile = lockfileOf([{ key: "a", task: undefined, compact: true, earlier: false }]);
    await writeLockfile(path, lockfile);
    const state = fileState(path, systemClock);
    const read = await state.read({ keepSource: true });
    if (!read || !state.sameAsRead) throw new Error("no lockfile");
    expect(await state.sameAsRead(read.lockfile)).toBe(true);
    writeFileSync(path, readFileSync(path, "utf8").replace('"t-0"', '"t-9"'));
    expect(await state.sameAsRead(read.lockfile)).toBe(false);
    // Read without keepSource, nothing is kept: never taken as unchanged.
    const plain = await state.read();
    expect(plain && (await state.sameAsRead(plain.lockfile))).toBe(false);
  });
});

describe("the follower's write: the changed entries spliced into the bytes kept from the last write (issue 24)", () => {
  it("gives the bytes of a full serialisation round after round, and keeps them as the next round's source", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        rowsArb,
        // Three rounds and more: the third writes into the memory of the bytes the first one wrote.
        fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), taskArb), { minLength: 1, maxLength: 5 }),
        async (rows, rounds) => {
          const path = join(dir, `k${run++}.lock.json`);
          writeFileSync(path, serializeLockfileBytes(lockfileOf(rows)));
          const state = fileState(path, systemClock);
          const lockfile = (await state.read({ keepSource: true }))?.lockfile as Lockfile;
          const keys = Object.keys(lockfile.entries);
          for (const [picks, task] of rounds) {
            const changed = new Set(picks.map((p) => keys[p % keys.length] as string));
            for (const key of changed) {
              const entry = lockfile.entries[key] as LockEntry;
              if (task) entry.task = { ...task, checked_at: `2026-06-0${1 + (run % 9)}T00:00:00.000Z`, outputs: [] };
              else delete entry.task;
            }
            await state.write(lockfile, changed, { keepWritten: true });
            const onDisk = readFileSync(path);
            expect(onDisk.toString("utf8")).toBe(serializeLockfile(lockfile));
            expect(sourceOf(lockfile)?.equals(onDisk)).toBe(true);
            expect(await state.sameAsRead?.(lockfile)).toBe(true);
          }
        },
      ),
      { seed: testSeed(), numRuns: 100 },
    );
  });

  it("splices without serialising the whole lockfile, and gives the event loop turns on a large one", async () => {
    const path = join(dir, "large.lock.json");
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      key: `k${String(i).padStart(6, "0")}`,
      task: undefined,
      compact: true,
      earlier: false,
    }));
    writeFileSync(path, serializeLockfileBytes(lockfileOf(rows)));
    const lockfile = parseLockfileBytes(readFileSync(path), path, { keepSource: true });
    const changed = new Set(["k000010", "k019999"]);
    for (const key of changed)
      (lockfile.entries[key] as LockEntry).task = {
        state: "processing",
        api_status: "PROCESSING",
        checked_at: "2026-06-01T00:00:00.000Z",
        outputs: [],
      };
    // A slice that is always due: every step that may give the loop a turn does, and is counted.
    const slice = new TimeSlice();
    slice.due = () => true;
    expect(await writeChangedEntries(path, lockfile, changed, slice)).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(serializeLockfile(lockfile));
    // The index was found entry by entry, a turn each.
    expect(slice.yields).toBeGreaterThan(20_000);
    // The bytes written come with their index, shifted, not found again: the same offsets a new scan finds.
    const written = sourceOf(lockfile) as Buffer;
    const counting = new TimeSlice();
    counting.due = () => true;
    const kept = await sourceIndex(written, counting);
    expect(counting.yields).toBe(0);
    const scanned = await sourceIndex(Buffer.from(written));
    expect([...(kept?.starts ?? [])]).toEqual([...(scanned?.starts ?? [])]);
    expect([...(kept?.ends ?? [])]).toEqual([...(scanned?.ends ?? [])]);
    (lockfile.entries.k000011 as LockEntry).task = {
      state: "failed",
      api_status: "FAIL",
      checked_at: "2026-06-01T00:00:00.000Z",
      outputs: [],
    };
    expect(await writeChangedEntries(path, lockfile, new Set(["k000011"]))).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(serializeLockfile(lockfile));
  });

  it("declines (nothing written) when the keys are not the source's, and the full write then keeps its bytes", async () => {
    const path = join(dir, "declined.lock.json");
    const lockfile = lockfileOf([
      { key: "a", task: undefined, compact: true, earlier: false },
      { key: "b", task: undefined, compact: true, earlier: false },
    ]);
    writeFileSync(path, serializeLockfileBytes(lockfile));
    const read = parseLockfileBytes(readFileSync(path), path, { keepSource: true });
    read.entries.c = entryOf("c", 2, undefined, true, false);
    delete read.entries.a;
    const before = readFileSync(path);
    expect(await writeChangedEntries(path, read, new Set(["c"]))).toBe(false);
    expect(readFileSync(path).equals(before)).toBe(true);
    await writeLockfile(path, read, new Set(["c"]), { keepWritten: true });
    expect(readFileSync(path, "utf8")).toBe(serializeLockfile(read));
    expect(sourceOf(read)?.equals(readFileSync(path))).toBe(true);
    // A campaign renamed in memory is not spliced under the old head either.
    read.campaign = "renamed";
    expect(await writeChangedEntries(path, read, new Set(["b"]))).toBe(false);
  });
});
