import { describe, expect, it } from "vitest";
import { foldJournal } from "../../src/apply/fold.js";
import { parseJournal } from "../../src/apply/journal.js";
import type { JournalRecord } from "../../src/apply/records.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import type { Plan, PlanEntry } from "../../src/plan/types.js";

const at = "2026-01-01T00:00:00.000Z";
const intent = (key: string, sid = `sid-${key}`, generation = 1): JournalRecord => ({
  t: "intent",
  key,
  hash: `sha256:${key}`,
  generation,
  session_id: sid,
  body: { prompt: key, session_id: sid },
  at,
});
const createdRec = (key: string, sid = `sid-${key}`): JournalRecord => ({
  t: "created",
  key,
  session_id: sid,
  task_id: `task-${key}`,
  request_id: "r",
  at,
});

const recorded: LockEntry = {
  hash: "sha256:old",
  generation: 1,
  session_id: "sid-old",
  submission: "created",
  task_id: "task-old",
  submitted_at: at,
  body: { prompt: "old" },
};
const lockfile = (entries: Record<string, LockEntry>): Lockfile => ({ format_version: 1, campaign: "c", entries });

function planWith(entries: Partial<PlanEntry>[]): Plan {
  return {
    format_version: 1,
    campaign: "c",
    manifest: "m.yaml",
    lockfile: "m.lock.json",
    entries: entries.map((e) => ({
      key: "",
      mark: "create",
      action: "submit",
      generation: 1,
      session_id: null,
      old_hash: null,
      new_hash: null,
      body: null,
      seconds: 0,
      ...e,
    })),
    summary: {
      counts: { create: 0, replace: 0, unchanged: 0, orphan: 0, in_doubt: 0, failed: 0, moved: 0 },
      seconds_by_model: {},
    },
  };
}

describe("foldJournal", () => {
  it("records a created TaskId with the body as sent", () => {
    const out = foldJournal(null, null, [{ t: "begin", campaign: "c", at }, intent("a"), createdRec("a")]);
    expect(out.campaign).toBe("c");
    expect(out.entries.a).toMatchObject({
      submission: "created",
      task_id: "task-a",
      request_id: "r",
      session_id: "sid-a",
      body: { session_id: "sid-a" },
    });
  });

  it("turns an intent without a result into an in-doubt entry", () => {
    const out = foldJournal(lockfile({}), null, [intent("a")]);
    expect(out.entries.a).toMatchObject({ submission: "in_doubt", session_id: "sid-a", generation: 1 });
    expect(out.entries.a?.task_id).toBeUndefined();
  });

  it("keeps what was recorded for keys the journal does not mention", () => {
    const out = foldJournal(lockfile({ old: recorded }), null, [intent("a"), createdRec("a")]);
    expect(out.entries.old).toEqual(recorded);
  });

  it("restores the previous entry when the request was certainly never sent", () => {
    const before = lockfile({ old: recorded });
    const out = foldJournal(before, null, [
      intent("old", "sid-new", 2),
      { t: "unsent", key: "old", session_id: "sid-new", at },
      intent("b"),
      { t: "unsent", key: "b", session_id: "sid-b", at },
    ]);
    expect(out.entries).toEqual({ old: recorded });
  });

  it("keeps a replaced generation's TaskId as an earlier generation, oldest first", () => {
    const second = foldJournal(lockfile({ old: recorded }), null, [
      intent("old", "sid-2", 2),
      createdRec("old", "sid-2"),
    ]);
    expect(second.entries.old).toMatchObject({ generation: 2, task_id: "task-old", session_id: "sid-2" });
    expect(second.entries.old?.earlier).toEqual([recorded]);
    const third = foldJournal(second, null, [intent("old", "sid-3", 3)]);
    expect(third.entries.old).toMatchObject({ generation: 3, submission: "in_doubt" });
    expect(third.entries.old?.earlier?.map((g) => g.session_id)).toEqual(["sid-old", "sid-2"]);
    expect(foldJournal(third, null, [intent("old", "sid-3", 3)])).toEqual(third); // refolding changes nothing
  });

  it("does not keep a rejected generation (it created nothing), but keeps what it had kept", () => {
    const rejected: LockEntry = {
      ...recorded,
      submission: "rejected",
      task_id: undefined,
      earlier: [{ ...recorded, generation: 0 }],
    };
    delete rejected.task_id;
    const out = foldJournal(lockfile({ old: rejected }), null, [intent("old", "sid-2", 2), createdRec("old", "sid-2")]);
    expect(out.entries.old?.earlier).toEqual([{ ...recorded, generation: 0 }]);
  });

  it("records rejections with the API's code and message, and duplicates with a plain note", () => {
    const error = { code: "InvalidParameter", message: "bad" };
    const out = foldJournal(null, planWith([]), [
      intent("a"),
      { t: "rejected", key: "a", session_id: "sid-a", error, at },
      intent("b"),
      {
        t: "duplicate",
        key: "b",
        session_id: "sid-b",
        error: { code: "InvalidParameterValue.SessionId", message: "dup" },
        at,
      },
    ]);
    expect(out.entries.a).toMatchObject({ submission: "rejected", error });
    expect(out.entries.b).toMatchObject({ submission: "duplicate", session_id: "sid-b" });
    expect(out.entries.b?.note).toContain("--replace 'b'");
  });

  it("retires orphans named by the plan: the entry and its TaskId stay, marked with the run's time", () => {
    const later = "2026-05-02T00:00:00.000Z";
    const out = foldJournal(lockfile({ old: recorded }), planWith([{ key: "old", mark: "orphan", action: "retire" }]), [
      { t: "begin", campaign: "c", at: later },
    ]);
    expect(out.entries.old).toEqual({ ...recorded, retired_at: later });
    // Retiring again keeps the first time.
    expect(
      foldJournal(out, planWith([{ key: "old", mark: "orphan", action: "retire" }]), [
        { t: "begin", campaign: "c", at: at },
      ]).entries.old?.retired_at,
    ).toBe(later);
  });

  it("restores a retired entry as it was recorded", () => {
    const out = foldJournal(
      lockfile({ old: { ...recorded, retired_at: at } }),
      planWith([{ key: "old", mark: "unchanged", action: "restore" }]),
      [],
    );
    expect(out.entries.old).toEqual(recorded);
  });

  it("a new generation of a retired key keeps the retired one under earlier, without the retired mark", () => {
    const out = foldJournal(lockfile({ a: { ...recorded, retired_at: at } }), planWith([{ key: "a" }]), [
      intent("a"),
      createdRec("a"),
    ]);
    expect(out.entries.a).toMatchObject({ submission: "created", task_id: "task-a", earlier: [recorded] });
    expect(out.entries.a?.retired_at).toBeUndefined();
  });

  it("a crashed run's journal moves a renamed key's entry before its request (no plan needed), keeping it under earlier", () => {
    const moving = { ...intent("new", "sid-new", 2), moved_from: "old" } as JournalRecord;
    const out = foldJournal(lockfile({ old: recorded }), null, [moving]);
    expect(Object.keys(out.entries)).toEqual(["new"]);
    expect(out.entries.new).toMatchObject({
      submission: "in_doubt",
      session_id: "sid-new",
      generation: 2,
      earlier: [recorded],
    });
    expect(foldJournal(out, null, [moving])).toEqual(out); // folding it again changes nothing
  });

  it("moves an entry to its new key before the run's requests, and never over an existing entry", () => {
    const moved = foldJournal(
      lockfile({ old: recorded }),
      planWith([{ key: "new", mark: "moved", action: "move", moved_from: "old" }]),
      [],
    );
    expect(moved.entries).toEqual({ new: recorded });
    const again = foldJournal(moved, planWith([{ key: "new", mark: "moved", action: "move", moved_from: "old" }]), []);
    expect(again).toEqual(moved);
    const both = foldJournal(
      lockfile({ old: recorded, new: { ...recorded, task_id: "other" } }),
      planWith([{ key: "new", action: "move", moved_from: "old" }]),
      [],
    );
    expect(both.entries.old).toEqual(recorded);
    expect(both.entries.new?.task_id).toBe("other");
  });

  it("is idempotent: folding the same journal onto its own result changes nothing", () => {
    const records = [
      intent("a"),
      createdRec("a"),
      intent("b"),
      intent("c"),
      { t: "unsent", key: "c", session_id: "sid-c", at } as JournalRecord,
    ];
    const once = foldJournal(lockfile({ old: recorded }), null, records);
    expect(foldJournal(once, null, records)).toEqual(once);
  });

  it("never downgrades a created entry to in doubt", () => {
    const once = foldJournal(null, planWith([]), [intent("a"), createdRec("a")]);
    const again = foldJournal(once, null, [intent("a"), { t: "in_doubt", key: "a", session_id: "sid-a", at }]);
    expect(again.entries.a).toMatchObject({ submission: "created", task_id: "task-a" });
  });

  it("writes entries sorted by key", () => {
    const out = foldJournal(null, planWith([]), [intent("b"), intent("a"), intent("c")]);
    expect(Object.keys(out.entries)).toEqual(["a", "b", "c"]);
  });
});

describe("parseJournal", () => {
  it("ignores a torn last line (a crash mid-write) and keeps everything before it", () => {
    const text = `${JSON.stringify(intent("a"))}\n${JSON.stringify(createdRec("a"))}\n{"t":"intent","key":"b","ha`;
    const { records, skipped } = parseJournal(text);
    expect(records.map((r) => r.t)).toEqual(["intent", "created"]);
    expect(skipped).toBe(1);
    expect(foldJournal(null, planWith([]), records).entries.a?.task_id).toBe("task-a");
  });

  it("skips lines that are JSON but not journal records", () => {
    expect(parseJournal(`{"hello":1}\n[]\nnull\n`).records).toEqual([]);
  });
});

describe("a damaged journal line costs only itself", () => {
  it("keeps the created TaskId whose intent line was damaged", () => {
    const result: JournalRecord = {
      t: "created",
      key: "a",
      session_id: "sid-a",
      hash: "sha256:a",
      generation: 1,
      task_id: "task-a",
      at,
    };
    const text = `${JSON.stringify(intent("b"))}\n{"t":"intent","key":"a",#damaged#\n${JSON.stringify(result)}\n${JSON.stringify(createdRec("b"))}\n`;
    const { records, skipped } = parseJournal(text);
    expect(skipped).toBe(1);
    const out = foldJournal(null, null, records);
    expect(out.entries.a).toMatchObject({
      submission: "created",
      task_id: "task-a",
      hash: "sha256:a",
      generation: 1,
      session_id: "sid-a",
    });
    expect(out.entries.a?.note).toMatch(/damaged/);
    expect(out.entries.b?.task_id).toBe("task-b");
  });

  it("keeps the entry it displaces as an earlier generation, and a record of an older journal without a hash", () => {
    const out = foldJournal(lockfile({ a: recorded }), null, [createdRec("a", "sid-new")]);
    expect(out.entries.a).toMatchObject({
      task_id: "task-a",
      generation: 2,
      earlier: [{ task_id: "task-old", generation: 1 }],
    });
  });

  it("reads the record glued to a torn line (its newline lost)", () => {
    const text = `{"t":"intent","key":"a","ha${JSON.stringify(createdRec("b"))}\n`;
    expect(parseJournal(text)).toEqual({ records: [createdRec("b")], skipped: 1 });
  });

  it("does not let a re-read intent of the same run turn an unsent request into in doubt", () => {
    const records = [
      intent("a", "sid-2", 2),
      intent("a", "sid-2", 2),
      { t: "unsent", key: "a", session_id: "sid-2", at } as JournalRecord,
    ];
    expect(foldJournal(lockfile({ a: recorded }), null, records).entries.a).toEqual(recorded);
  });
});
