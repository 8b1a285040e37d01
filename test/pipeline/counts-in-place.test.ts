// The --pull progress counts (submitted, failed) are counted once per lockfile. The follower's store now
// changes the lockfile it keeps in place, round after round (issue 24): the counts must follow each round's
// changes without a count of every entry again.
import { describe, expect, it } from "vitest";
import { countsChangedInPlace, entryCounts, pipelineCounts } from "../../src/pipeline/progress.js";
import { TaskTracker } from "../../src/pipeline/tracker.js";
import type { LockEntry } from "../../src/lockfile/types.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

const NOW = Date.parse("2026-11-24T10:00:00Z");

describe("pipeline counts of a lockfile changed in place", () => {
  it("move by what the changed entries were before and are after", () => {
    const lockfile = lockfileWith({ a: entry("t-a"), b: entry("t-b"), c: entry(undefined) });
    const tracker = new TaskTracker(lockfile, NOW, () => false);
    expect(pipelineCounts(lockfile, tracker, undefined, NOW)).toMatchObject({ submitted: 2, failed: 0 });
    const before = entryCounts(lockfile, ["a", "b"]);
    (lockfile.entries.a as LockEntry).task = {
      state: "failed",
      api_status: "FAIL",
      checked_at: "2026-11-24T10:00:00Z",
      outputs: [],
    };
    (lockfile.entries.b as LockEntry).task = {
      state: "succeeded",
      api_status: "FINISH",
      checked_at: "2026-11-24T10:00:00Z",
      outputs: [],
    };
    countsChangedInPlace(lockfile, ["a", "b"], before);
    expect(pipelineCounts(lockfile, tracker, undefined, NOW)).toMatchObject({ submitted: 2, failed: 1 });
    // The same as counting the lockfile anew.
    const copy = lockfileWith({ ...lockfile.entries });
    expect(pipelineCounts(copy, tracker, undefined, NOW)).toMatchObject({ submitted: 2, failed: 1 });
  });
});
