// summarizeTasks: one pass over the entries, whatever their order (issue 24: status at 500,000 entries no
// longer sorts them for the summary); the counts come in one fixed order, as status --json writes them.
import { describe, expect, it } from "vitest";
import type { LockEntry, TaskRecord } from "../../src/lockfile/types.js";
import { summarizeTasks, summarizeTasksInSlices } from "../../src/status/summary.js";
import { TimeSlice } from "../../src/util/time-slice.js";
import { entry, lockfileWith } from "./helpers/fakes.js";

const task = (state: TaskRecord["state"]): TaskRecord => ({
  state,
  api_status: "X",
  checked_at: "2026-11-24T10:00:00Z",
  outputs: [],
});
const now = Date.parse("2026-11-24T10:00:00Z");

function sample(order: string[]): Record<string, LockEntry> {
  const all: Record<string, LockEntry> = {
    a: entry("t-a", { task: task("failed") }),
    b: entry("t-b", { task: task("succeeded") }),
    c: entry("t-c", { task: task("processing"), submitted_at: "2026-11-24T09:00:00Z" }),
    d: entry("t-d", { submitted_at: "2026-11-24T09:00:00Z" }), // not checked yet, as old as c
    e: entry(undefined), // in doubt: no task to follow
  };
  const out: Record<string, LockEntry> = {};
  for (const key of order) out[key] = all[key] as LockEntry;
  return out;
}

describe("summarizeTasks", () => {
  it("gives the same summary, counts in the fixed state order, whatever the order of the entries", () => {
    const sorted = summarizeTasks(lockfileWith(sample(["a", "b", "c", "d", "e"])), now);
    const shuffled = summarizeTasks(lockfileWith(sample(["e", "d", "c", "b", "a"])), now);
    expect(shuffled).toEqual(sorted);
    expect(JSON.stringify(shuffled.counts)).toBe(JSON.stringify(sorted.counts));
    expect(JSON.stringify(sorted.counts)).toBe('{"not_checked":1,"processing":1,"succeeded":1,"failed":1}');
    expect(sorted).toMatchObject({ total: 4, allEnded: false, allSucceeded: false });
    expect(sorted.slowest.map((s) => s.key)).toEqual(["c", "d"]); // equally old: by key
  });
});

describe("summarizeTasksInSlices (status --wait's progress lines, issue 24)", () => {
  it("gives summarizeTasks's summary, an entry changed in place counted as it is now, a turn of the loop when due", async () => {
    const lockfile = lockfileWith(sample(["a", "b", "c", "d", "e"]));
    const slice = new TimeSlice();
    slice.due = () => true;
    expect(await summarizeTasksInSlices(lockfile, now, slice)).toEqual(summarizeTasks(lockfile, now));
    expect(slice.yields).toBe(5);
    // The follower changes entries in place between two lines: the keys listed once still find them.
    (lockfile.entries.c as LockEntry).task = task("succeeded");
    delete lockfile.entries.a;
    expect(await summarizeTasksInSlices(lockfile, now)).toEqual(summarizeTasks(lockfile, now));
  });
});
