// The read-only views behind `reelform list` and `reelform show`.
import { describe, expect, it } from "vitest";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { listRows, renderEntryText, renderListText } from "../../src/report/lockfile-view.js";

const base = { hash: "h", session_id: "s", body: { model_name: "Kling", prompt: "p" } };
const entries: Record<string, LockEntry> = {
  "b-doubt": { ...base, generation: 1, submission: "in_doubt" },
  "a-done": {
    ...base,
    generation: 2,
    submission: "created",
    task_id: "T2",
    task: {
      state: "failed",
      api_status: "FINISH",
      checked_at: "2026-01-01T00:00:00Z",
      outputs: [],
      error: { err_code: 1, err_code_ext: "Bad\u001b[31m", message: "red\u0007", transient: false },
    },
    earlier: [{ ...base, generation: 1, submission: "created", task_id: "T1" }],
  },
  "c-rejected": { ...base, generation: 1, submission: "rejected", error: { code: "InvalidParameter", message: "no" } },
};
const lockfile: Lockfile = { format_version: 1, campaign: "c", entries };

describe("list view", () => {
  it("one row per key, sorted, with the state a person asks about first", () => {
    expect(listRows(lockfile)).toEqual([
      {
        key: "a-done",
        generation: 2,
        submission: "created",
        state: "failed",
        task_id: "T2",
        checks: "not checked",
        retired: false,
      },
      {
        key: "b-doubt",
        generation: 1,
        submission: "in_doubt",
        state: "in-doubt",
        task_id: null,
        checks: "not checked",
        retired: false,
      },
      {
        key: "c-rejected",
        generation: 1,
        submission: "rejected",
        state: "rejected",
        task_id: null,
        checks: "not checked",
        retired: false,
      },
    ]);
    expect(renderListText(listRows(lockfile)).split("\n")[2]).toBe("b-doubt     1    in-doubt  -");
    expect(renderListText([])).toBe("(the lockfile has no entries)\n");
  });

  it("labels a retired key (no longer in the manifest) in the list and in show", () => {
    const retired: Lockfile = {
      ...lockfile,
      entries: {
        ...entries,
        "a-done": { ...(entries["a-done"] as LockEntry), retired_at: "2026-05-02T00:00:00.000Z" },
      },
    };
    expect(listRows(retired)[0]).toMatchObject({ key: "a-done", retired: true });
    expect(renderListText(listRows(retired)).split("\n")[1]).toMatch(/^a-done +2 +failed \(retired\) +T2$/);
    expect(renderEntryText("a-done", retired.entries["a-done"] as LockEntry)).toContain(
      "retired:      since 2026-05-02T00:00:00.000Z: no longer in the manifest",
    );
  });
});

describe("show view", () => {
  it("shows the task error escaped (no terminal control from API text), and earlier generations with their TaskIds", () => {
    const text = renderEntryText("a-done", entries["a-done"]!);
    expect(text).toContain("task error:   Bad\\u001b[31m: red\\u0007");
    expect(text).not.toMatch(/[\u0000-\u0008\u001b]/);
    expect(text).toContain("earlier generation 1: created, task T1");
    expect(text).toMatch(/^body:\n {2}\{\n {4}"model_name": "Kling",/m);
  });

  it("an entry without a TaskId shows how its submission ended", () => {
    expect(renderEntryText("c-rejected", entries["c-rejected"]!)).toMatch(/^error:\s+InvalidParameter: no$/m);
  });
});
