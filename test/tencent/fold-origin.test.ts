// The provider (and sub-application) journaled with an intent stays on the entry through every result, and
// on the earlier generation a replacement keeps: status must always ask the provider that created a task.
import { describe, expect, it } from "vitest";
import { foldJournal } from "../../src/apply/fold.js";
import type { JournalRecord } from "../../src/apply/records.js";

const at = "2026-11-30T05:00:00.000Z";
const intent = (session: string, generation: number, origin: object): JournalRecord =>
  ({
    t: "intent",
    key: "k",
    hash: `sha256:${String(generation).repeat(64)}`,
    generation,
    session_id: session,
    body: { prompt: "p" },
    at,
    ...origin,
  }) as JournalRecord;

describe("foldJournal keeps each entry's origin", () => {
  it.each(["created", "duplicate", "in_doubt"] as const)("after a %s result", (t) => {
    const result = (
      t === "created"
        ? { t, key: "k", session_id: "s1", task_id: "tid", at }
        : { t, key: "k", session_id: "s1", at, error: { code: "X", message: "m" } }
    ) as JournalRecord;
    const folded = foldJournal(null, null, [
      { t: "begin", campaign: "c", at },
      intent("s1", 1, { provider: "tencent", sub_app_id: 7 }),
      result,
    ]);
    expect(folded.entries.k).toMatchObject({ provider: "tencent", sub_app_id: 7 });
  });

  it("through a replacement by another provider: the earlier generation keeps its own", () => {
    const records: JournalRecord[] = [
      { t: "begin", campaign: "c", at },
      intent("s1", 1, { provider: "tencent", sub_app_id: 7 }),
      { t: "created", key: "k", session_id: "s1", task_id: "t1", at },
      intent("s2", 2, {}),
      { t: "created", key: "k", session_id: "s2", task_id: "t2", at },
    ];
    const entry = foldJournal(null, null, records).entries.k;
    expect(entry?.provider).toBeUndefined();
    expect(entry?.earlier?.[0]).toMatchObject({ task_id: "t1", provider: "tencent", sub_app_id: 7 });
  });
});
