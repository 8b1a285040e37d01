// A verdict given to a video before its key was renamed (`renamed_from`, `moved:`) still applies once the
// rename is recorded: found by the model test of a campaign's life (seed 1405542459: import a console task for
// v0-3, approve it, rename to v1-*, change row 3, apply; the apply kept the approved video under the old key's
// verdict, and the plan after it, not seeing the verdict under v1-3, wanted to replace it).
import { describe, expect, it } from "vitest";
import { VerdictIndex } from "../../src/plan/reviewed.js";
import type { LockEntry } from "../../src/lockfile/types.js";
import type { Verdict } from "../../src/review/verdicts.js";

const TASK = "1500039421-AigcVideoTask-d27aa802t";

function entry(fields: Partial<LockEntry> = {}): LockEntry {
  return {
    hash: `sha256:${"a".repeat(64)}`,
    generation: 1,
    session_id: "rf1-x",
    submission: "created",
    task_id: TASK,
    body: { model_name: "Kling", prompt: "teapot" },
    ...fields,
  };
}

const approved: Verdict = {
  key: "v0-3",
  generation: 1,
  verdict: "approved",
  at: "2026-12-08T03:00:00.000Z",
  task_id: TASK,
};

describe("a verdict after its key was renamed", () => {
  it("applies to the same task under the new key, and is not reported as stale", () => {
    const index = new VerdictIndex([approved]);
    const recorded = Object.assign(Object.create(null) as Record<string, LockEntry>, { "v1-3": entry() });
    expect(index.current("v1-3", recorded["v1-3"])).toBe(approved);
    expect(index.stale(recorded, () => true)).toEqual([]);
  });

  it("does not apply to another task, nor to another generation of the same key", () => {
    const index = new VerdictIndex([approved]);
    expect(index.current("v1-3", entry({ task_id: "other-task" }))).toBeUndefined();
    expect(index.current("v1-3", entry({ generation: 2 }))).toBeUndefined();
    const elsewhere = Object.assign(Object.create(null) as Record<string, LockEntry>, {
      "v1-3": entry({ task_id: "other-task" }),
    });
    expect(new VerdictIndex([approved]).stale(elsewhere, () => true)).toHaveLength(1);
  });

  it("is not stale while its task is kept under the new key's earlier generations", () => {
    const index = new VerdictIndex([approved]);
    const { earlier: _none, ...first } = entry();
    const recorded = Object.assign(Object.create(null) as Record<string, LockEntry>, {
      "v1-3": entry({ generation: 2, task_id: "newer-task", earlier: [first] }),
    });
    expect(index.current("v1-3", recorded["v1-3"])).toBeUndefined();
    expect(index.stale(recorded, () => true)).toEqual([]);
  });
});
