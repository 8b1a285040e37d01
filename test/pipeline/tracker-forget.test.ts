// A task whose entry left the lockfile between two rounds (`state rm`) is forgotten by the follower's tracker:
// no longer pending nor due, so the follower does not wait for it until its deadline (issue 24, where the
// follower meets state rm: test/e2e/follower-meets-writers.test.ts).
import { describe, expect, it } from "vitest";
import { TaskTracker } from "../../src/pipeline/tracker.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

const SUBMITTED = "2026-11-24T10:00:00Z";

describe("TaskTracker.forget", () => {
  it("leaves the task out of what is pending and due; other tasks are untouched", () => {
    const lockfile = lockfileWith({
      a: entry("t-a", { submitted_at: SUBMITTED }),
      b: entry("t-b", { submitted_at: SUBMITTED }),
      ["__proto__"]: entry("t-p", { submitted_at: SUBMITTED }),
    });
    const tracker = new TaskTracker(lockfile, Date.parse(SUBMITTED), () => false);
    expect(tracker.pendingCount()).toBe(3);
    tracker.forget("a");
    tracker.forget("a"); // twice: nothing more
    tracker.forget("no-such-key");
    expect(tracker.pendingCount()).toBe(2);
    expect(
      tracker
        .due(Infinity)
        .map((t) => t.key)
        .sort(),
    ).toEqual(["__proto__", "b"]);
  });
});
