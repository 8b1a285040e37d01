import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile, serializeLockfile } from "../../src/lockfile/io.js";
import { splitConflictSides } from "../../src/lockfile/conflict-markers.js";
import { mergeLockfiles, mergingInto } from "../../src/lockfile/merge.js";
import { readLockfileEntries } from "../../src/lockfile/by-entries.js";
import { serializeLockfileBytes } from "../../src/lockfile/serialize.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { hashBody } from "../../src/util/canonical-json.js";

function entry(name: string, fields: Partial<LockEntry> = {}): LockEntry {
  const body = { model_name: "Kling", model_version: "2.1", prompt: `video ${name}` };
  return {
    hash: hashBody(body),
    generation: 1,
    session_id: `rf1-${name}`,
    submission: "created",
    task_id: `1-AigcVideoTask-${name}t`,
    submitted_at: "2026-05-01T10:00:00.000Z",
    body: { ...body, session_id: `rf1-${name}` },
    ...fields,
  };
}

function lock(entries: Record<string, LockEntry>): Lockfile {
  return { format_version: 1, campaign: "spring", entries };
}

describe("mergeLockfiles", () => {
  it("keeps a key retired only when both sides retired it (the later time); never puts retired_at under earlier", () => {
    const at = (day: number) => `2026-05-0${day}T00:00:00.000Z`;
    const both = mergeLockfiles(
      lock({ a: entry("a", { retired_at: at(2) }) }),
      lock({ a: entry("a", { retired_at: at(3) }) }),
      "x",
    );
    expect(both.lockfile.entries.a?.retired_at).toBe(at(3));
    const one = mergeLockfiles(lock({ a: entry("a", { retired_at: at(2) }) }), lock({ a: entry("a") }), "x");
    expect(one.lockfile.entries.a?.retired_at).toBeUndefined();
    const replaced = mergeLockfiles(
      lock({ a: entry("a", { retired_at: at(2) }) }),
      lock({ a: entry("a2", { generation: 2, retired_at: at(3) }) }),
      "x",
    );
    expect(replaced.lockfile.entries.a).toMatchObject({ generation: 2, retired_at: at(3) });
    expect(replaced.lockfile.entries.a?.earlier?.[0]).not.toHaveProperty("retired_at");
  });

  it("keeps every key of both sides (adjacent keys, first and last)", () => {
    const base = { "clip-2": entry("2") };
    const merged = mergeLockfiles(
      lock({ ...base, "clip-1": entry("1"), "clip-3": entry("3") }),
      lock({ ...base, "clip-1b": entry("1b"), "clip-4": entry("4") }),
      "x",
    );
    expect(Object.keys(merged.lockfile.entries)).toEqual(["clip-1", "clip-1b", "clip-2", "clip-3", "clip-4"]);
    expect(merged.notes).toEqual([]);
  });

  it("keeps both TaskIds of a key both sides created: the later one as the entry, the other under earlier, and says so", () => {
    const ours = entry("a", { task_id: "1-AigcVideoTask-oursT", submitted_at: "2026-05-01T10:00:00.000Z" });
    const theirs = entry("a", {
      session_id: "rf1-other",
      task_id: "1-AigcVideoTask-theirsT",
      submitted_at: "2026-05-02T10:00:00.000Z",
    });
    const one = mergeLockfiles(lock({ a: ours }), lock({ a: theirs }), "x");
    const other = mergeLockfiles(lock({ a: theirs }), lock({ a: ours }), "x");
    expect(serializeLockfile(one.lockfile)).toBe(serializeLockfile(other.lockfile)); // symmetric
    const merged = one.lockfile.entries.a as LockEntry;
    expect(merged.task_id).toBe("1-AigcVideoTask-theirsT");
    expect(merged.earlier?.map((g) => g.task_id)).toEqual(["1-AigcVideoTask-oursT"]);
    expect(one.notes[0]).toMatch(/"a": both sides submitted it.*oursT.*theirsT/);
  });

  it("keeps both tasks even under the same session_id (two accounts), preferring the higher generation first", () => {
    const ours = entry("a", { generation: 2, task_id: "T-ours" });
    const theirs = entry("a", { generation: 2, task_id: "T-theirs" });
    const merged = mergeLockfiles(lock({ a: ours }), lock({ a: theirs }), "x").lockfile.entries.a as LockEntry;
    expect([merged.task_id, ...(merged.earlier ?? []).map((g) => g.task_id)].sort()).toEqual(["T-ours", "T-theirs"]);
    expect(merged.task_id).toBe("T-theirs");
  });

  it("combines one generation: a TaskId beats in doubt / duplicate, status and pull facts from either side are kept", () => {
    const task = {
      state: "succeeded" as const,
      api_status: "FINISH",
      checked_at: "2026-05-01T11:00:00.000Z",
      outputs: [{ url: "https://cdn/a.mp4" }],
    };
    const ours = entry("a", { task: { ...task, outputs: [{ url: "https://cdn/a.mp4", size: 10, sha256: "ab" }] } });
    const theirs = entry("a", { submission: "duplicate", task_id: undefined, note: "lost", task: undefined });
    const merged = mergeLockfiles(lock({ a: theirs }), lock({ a: ours }), "x");
    expect(merged.lockfile.entries.a).toEqual(ours);
    expect(merged.notes).toEqual([]);
    const newer = entry("a", { task: { ...task, checked_at: "2026-05-01T12:00:00.000Z" } });
    const both = mergeLockfiles(lock({ a: ours }), lock({ a: newer }), "x").lockfile.entries.a as LockEntry;
    expect(both.task?.checked_at).toBe("2026-05-01T12:00:00.000Z");
    expect(both.task?.outputs[0]).toEqual({ url: "https://cdn/a.mp4", size: 10, sha256: "ab" });
  });

  it("a side that replaced a key keeps the other side's generation as earlier, without a clash note", () => {
    const g1 = entry("a");
    const g2 = entry("a", { generation: 2, session_id: "rf1-a2", task_id: "T2", earlier: [g1] });
    const merged = mergeLockfiles(lock({ a: g1 }), lock({ a: g2 }), "x");
    expect(merged.lockfile.entries.a).toEqual(g2);
    expect(merged.notes).toEqual([]);
  });

  it("refuses lockfiles of two campaigns", () => {
    expect(() => mergeLockfiles(lock({}), { ...lock({}), campaign: "other" }, "x.lock.json")).toThrow(
      /campaign "spring", the other "other"/,
    );
  });
});

describe("splitConflictSides", () => {
  it("reads merge-style and diff3-style markers", () => {
    const text = "a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\nz\n";
    expect(splitConflictSides(text)).toEqual({ ours: "a\nours\nz\n", theirs: "a\ntheirs\nz\n", regions: 1 });
    const diff3 = "a\n<<<<<<< ours\nO\n||||||| base\nB\n=======\nT\n>>>>>>> theirs\nz";
    expect(splitConflictSides(diff3)).toEqual({ ours: "a\nO\nz", theirs: "a\nT\nz", regions: 1 });
  });

  it("rejects malformed markers", () => {
    expect(splitConflictSides("<<<<<<< a\nx\n")).toBeNull();
    expect(splitConflictSides("=======\n")).toBeNull();
  });
});

describe("reading a lockfile with conflict markers", () => {
  it("resolves it to the union of both sides and warns, naming the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-conflict-"));
    const ours = serializeLockfile(lock({ "clip-1": entry("1"), "clip-2": entry("2") }));
    const theirs = serializeLockfile(lock({ "clip-1": entry("1"), "clip-3": entry("3") }));
    const file = join(dir, "launch.lock.json");
    await writeFile(file, conflicted(ours, theirs));
    const warnings: string[] = [];
    const read = await readLockfile(file, { displayPath: "launch.lock.json", warn: (m) => warnings.push(m) });
    expect(Object.keys(read?.entries ?? {})).toEqual(["clip-1", "clip-2", "clip-3"]);
    expect(warnings[0]).toMatch(/^launch\.lock\.json holds git conflict markers/);
    expect(await readFile(file, "utf8")).toContain("<<<<<<<"); // reading never writes
  });
});

/** A crude two-way conflict of two whole texts: enough to exercise the reader on real lockfile lines. */
function conflicted(ours: string, theirs: string): string {
  const a = ours.split("\n");
  const b = theirs.split("\n");
  let head = 0;
  while (a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  return [
    ...a.slice(0, head),
    "<<<<<<< HEAD",
    ...a.slice(head, a.length - tail),
    "=======",
    ...b.slice(head, b.length - tail),
    ">>>>>>> other",
    ...a.slice(a.length - tail),
  ].join("\n");
}

describe("merging theirs a batch at a time (the merge driver past one string, issue 24)", () => {
  /** A lockfile of `count` keys, some on one side only, some changed, "__proto__" and "constructor" among them. */
  function side(which: "ours" | "theirs", count: number): Lockfile {
    const entries = Object.create(null) as Record<string, LockEntry>;
    const keys = [
      "__proto__",
      "constructor",
      ...Array.from({ length: count }, (_, i) => `k-${String(i).padStart(5, "0")}`),
    ];
    keys.forEach((key, i) => {
      if (which === "ours" && i % 7 === 3) return; // theirs only
      if (which === "theirs" && i % 11 === 5) return; // ours only
      // Every 13th key was generated again on theirs: both tasks kept, one under `earlier`, with a note.
      const again = which === "theirs" && i % 13 === 0;
      entries[key] = again ? entry(`${key}-again`, { generation: 2 }) : entry(key);
    });
    return lock(entries);
  }

  it("gives the union, and the notes, that mergeLockfiles gives", () => {
    const read = (l: Lockfile) => parseLockfileText(serializeLockfile(l), "s.lock.json");
    const whole = mergeLockfiles(read(side("ours", 12_000)), read(side("theirs", 12_000)), "s.lock.json");
    const merging = mergingInto(read(side("ours", 12_000)), "s.lock.json");
    readLockfileEntries(serializeLockfileBytes(side("theirs", 12_000)), "theirs", merging);
    const streamed = merging.lockfile();
    expect(streamed.notes.length).toBeGreaterThan(0);
    expect(streamed.notes).toEqual(whole.notes);
    expect(serializeLockfile(streamed.lockfile)).toBe(serializeLockfile(whole.lockfile));
    expect(Object.hasOwn(streamed.lockfile.entries, "__proto__")).toBe(true);

    // Another campaign is refused before anything is merged.
    const other = mergingInto(read(side("ours", 10)), "s.lock.json");
    const elsewhere = { ...side("theirs", 10), campaign: "autumn" };
    expect(() => readLockfileEntries(serializeLockfileBytes(elsewhere), "theirs", other)).toThrow(
      /different campaigns/,
    );
  });
});
