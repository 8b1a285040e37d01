import { describe, expect, it } from "vitest";
import { describeForgotten, forgetEntries, selectForgotten } from "../../src/lockfile/forget.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";

const entry = (overrides: Partial<LockEntry> = {}): LockEntry => ({
  hash: `sha256:${"a".repeat(64)}`,
  generation: 1,
  session_id: "s",
  submission: "created",
  task_id: "T1",
  body: { prompt: "p" },
  ...overrides,
});
const lockfile = (): Lockfile => ({
  format_version: 1,
  campaign: "c",
  entries: {
    "old-1": entry({ retired_at: "2026-05-02T00:00:00.000Z" }),
    "old-2": entry({ task_id: "T2" }),
    ["__proto__"]: entry({ task_id: "T3" }),
    hero: entry({ task_id: "T4" }),
  },
});

describe("state rm: which entries a pattern names", () => {
  it("takes globs as --target does, and exact keys (including __proto__)", () => {
    expect(selectForgotten(lockfile(), ["old-*"])).toEqual({ keys: ["old-1", "old-2"], unmatched: [] });
    expect(selectForgotten(lockfile(), ["__proto__", "hero"])).toEqual({ keys: ["__proto__", "hero"], unmatched: [] });
    expect(selectForgotten(lockfile(), ["old-{1,3}", "nothing-*"])).toEqual({
      keys: ["old-1"],
      unmatched: ["nothing-*"],
    });
  });

  it("lists every generation's TaskId, and whether the entry is retired or still current", () => {
    const withEarlier = entry({
      generation: 2,
      task_id: "T2",
      earlier: [entry({ task_id: "T1" })],
      retired_at: "2026-05-02T00:00:00.000Z",
    });
    expect(describeForgotten("k", withEarlier)).toBe(
      "k  retired since 2026-05-02T00:00:00.000Z; generation 1: TaskId T1; generation 2: TaskId T2",
    );
    expect(describeForgotten("k", entry({ submission: "duplicate", task_id: undefined }))).toMatch(
      /^k {2}current \(not retired: .*pays again\); generation 1: duplicate$/,
    );
  });

  it("forgets only the named entries, in place", () => {
    const lock = lockfile();
    expect(forgetEntries(lock, ["old-1", "gone"])).toEqual(["old-1"]);
    expect(Object.keys(lock.entries).sort()).toEqual(["__proto__", "hero", "old-2"]);
  });
});
