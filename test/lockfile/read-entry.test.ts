import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile, serializeLockfile } from "../../src/lockfile/io.js";
import { readOneEntry } from "../../src/lockfile/read-entry.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

const dir = mkdtempSync(join(tmpdir(), "reelform-read-entry-"));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function sample(): Lockfile {
  const lockfile = lockfileWith({});
  for (const key of ["a", "__proto__", "constructor", "運動鞋-大理石", 'quote"d', "z-last"]) {
    lockfile.entries[key] = entry(`task-${key.length}`, {
      hash: `sha256:${"ab".repeat(32)}`,
      body: { prompt: `prompt of ${key}\n    "x": {`, nested: { deep: [1, { a: 2 }] } },
    });
  }
  return lockfile;
}

describe("readOneEntry (show reads only its entry, issue 24)", () => {
  it("finds every entry as the full read does, whatever the chunk size", async () => {
    const lockfile = sample();
    const path = write("sample.lock.json", serializeLockfile(lockfile));
    const full = (await readLockfile(path))!;
    for (const chunk of [7, 64, 1000, 4 * 1024 * 1024]) {
      for (const key of Object.keys(full.entries)) {
        const read = await readOneEntry(path, key, path, chunk);
        expect(read).toEqual({ kind: "found", entry: full.entries[key] });
      }
    }
  });

  it("answers absent for no file, and full for a missing key, conflict markers, a repeated key or another layout", async () => {
    const text = serializeLockfile(sample());
    const path = write("plain.lock.json", text);
    expect(await readOneEntry(join(dir, "none.lock.json"), "a")).toEqual({ kind: "absent" });
    expect(await readOneEntry(path, "missing")).toEqual({ kind: "full" });
    const conflicted = text.replace('\n    "a": {', '\n<<<<<<< ours\n=======\n>>>>>>> theirs\n    "a": {');
    expect(await readOneEntry(write("conflict.lock.json", conflicted), "a")).toEqual({ kind: "full" });
    const start = text.indexOf('\n    "a": {');
    const end = text.indexOf("\n    }", start) + 6;
    const twice = `${text.slice(0, end)},${text.slice(start, end)}${text.slice(end)}`;
    expect(await readOneEntry(write("twice.lock.json", twice), "a", "twice", 16)).toEqual({ kind: "full" });
    expect(await readOneEntry(write("compact.lock.json", JSON.stringify(JSON.parse(text))), "a")).toEqual({
      kind: "full",
    });
  });

  it("answers full when the entry is not valid (the full read reports it with its position)", async () => {
    const text = serializeLockfile(sample()).replace('"generation": 1', '"generation": "one"');
    expect(await readOneEntry(write("invalid.lock.json", text), "a")).toEqual({ kind: "full" });
  });
});

describe("readOneEntry bisects the canonical file (issue 24: show reads only what it needs)", () => {
  /** Keys that need JSON escaping, prototype names, prefixes of each other, and code-point vs UTF-16 order. */
  const HARD_KEYS = [
    "__proto__",
    "constructor",
    "toString",
    "item",
    "item-1",
    "item-10",
    "item-1-take-2",
    'quote"and\\backslash',
    "tab\there",
    "new\nline",
    "control\u0001",
    "\u{1F600}-emoji", // surrogates: UTF-16 order puts it before U+FFFD, code-point order after
    "\uFFFD-replacement",
    "运动鞋",
  ];

  const valid = (taskId: string, extra: Partial<LockEntry> = {}) =>
    entry(taskId, { hash: `sha256:${"cd".repeat(32)}`, ...extra });

  function large(count: number): Lockfile {
    const lockfile = lockfileWith(Object.create(null) as Record<string, LockEntry>); // "__proto__" is a key
    for (let i = 0; i < count; i++) lockfile.entries[`k-${String(i).padStart(5, "0")}`] = valid(`task-${i}`);
    for (const key of HARD_KEYS) lockfile.entries[key] = valid(`task-${key.length}`, { body: { prompt: key } });
    lockfile.entries["retired-one"] = valid("task-r", { retired_at: "2026-05-02T10:00:00.000Z" });
    lockfile.entries["with-earlier"] = valid("task-new", {
      generation: 2,
      earlier: [{ ...valid("task-old"), generation: 1, session_id: "rf1-old" }],
    });
    return lockfile;
  }

  it("returns what the full read returns, for every key, at any chunk size", async () => {
    const path = write("large.lock.json", serializeLockfile(large(1000)));
    const full = (await readLockfile(path))!;
    const keys = Object.keys(full.entries);
    expect(keys).toEqual(expect.arrayContaining([...HARD_KEYS, "retired-one", "with-earlier"]));
    for (const key of keys) expect(await readOneEntry(path, key)).toEqual({ kind: "found", entry: full.entries[key] });
    for (const chunk of [700, 4096])
      for (const key of [...HARD_KEYS, "k-00000", "k-00999", "retired-one", "with-earlier"])
        expect(await readOneEntry(path, key, path, chunk)).toEqual({ kind: "found", entry: full.entries[key] });
    expect(full.entries["retired-one"]?.retired_at).toBe("2026-05-02T10:00:00.000Z");
    expect(full.entries["with-earlier"]?.earlier).toHaveLength(1);
  });

  it("answers full for a key that is only a prefix of others, or not there", async () => {
    const path = write("prefix.lock.json", serializeLockfile(large(50)));
    for (const key of ["k-", "k-0000", "item-", "__proto", "", "zzz", "\u0000"])
      expect(await readOneEntry(path, key)).toEqual({ kind: "full" });
  });

  it("with keysIfMissing, a key not there answers every key of the file, as the full read has them", async () => {
    const lockfile = large(300);
    const path = write("keys.lock.json", serializeLockfile(lockfile));
    const keys = Object.keys((await readLockfile(path))!.entries);
    for (const chunk of [300, 700, undefined])
      for (const key of ["k-", "item-", "__proto", "", "zzz"])
        expect(await readOneEntry(path, key, path, chunk, true)).toEqual({ kind: "missing", keys });
    expect(await readOneEntry(path, "k-00001", path, undefined, true)).toMatchObject({ kind: "found" });
    // Out of order: bisection may miss a key that is there, so the keys are not trusted: the full read.
    const text = serializeLockfile(lockfile);
    const start = text.indexOf('\n    "k-00150": {');
    const block = text.slice(start, text.indexOf("\n    }", start) + 6);
    const moved = text.replace(`${block},`, "").replace('\n    "k-00000": {', `${block},\n    "k-00000": {`);
    expect(await readOneEntry(write("keys-moved.lock.json", moved), "zzz", "m", undefined, true)).toEqual({
      kind: "full",
    });
  });

  it("does not parse the other entries: a damaged entry elsewhere does not stop it", async () => {
    const text = serializeLockfile(large(500));
    const damaged = text.replace('\n    "k-00400": {\n', '\n    "k-00400": {\n      "hash": ,\n');
    const path = write("damaged-elsewhere.lock.json", damaged);
    await expect(readLockfile(path)).rejects.toThrow(/not a valid lockfile/);
    const full = (await readLockfile(write("sound.lock.json", text)))!;
    expect(await readOneEntry(path, "k-00100")).toEqual({ kind: "found", entry: full.entries["k-00100"] });
    expect(await readOneEntry(path, "k-00400")).toEqual({ kind: "full" });
  });

  it("answers full for keys out of order around the entry, a key twice apart, and conflict markers anywhere", async () => {
    const text = serializeLockfile(large(100));
    const block = (key: string) => {
      const start = text.indexOf(`\n    ${JSON.stringify(key)}: {`);
      return text.slice(start, text.indexOf("\n    }", start) + 6);
    };
    // k-00050 moved to the very end: out of order (the full read accepts any order; bisection cannot).
    const moved = text.replace(`${block("k-00050")},`, "").replace(/\n {2}\}\n\}\n$/, `,${block("k-00050")}\n  }\n}\n`);
    expect(await readOneEntry(write("moved.lock.json", moved), "k-00050")).toEqual({ kind: "full" });
    // k-00051 written again just after k-00052: next to another key, so its order around k-00052 is broken.
    const again = text.replace(`${block("k-00052")},`, `${block("k-00052")},${block("k-00051").slice(0)},`);
    expect(await readOneEntry(write("again.lock.json", again), "k-00052")).toEqual({ kind: "full" });
    const markerFarAway = text.replace('\n    "k-00090": {', '\n<<<<<<< ours\n    "k-00090": {');
    expect(await readOneEntry(write("marker.lock.json", markerFarAway), "k-00001", "m", 64)).toEqual({
      kind: "full",
    });
    // A `<<<<<<<` inside a value (not at a line start) is not a conflict marker.
    const inValue = text.replace('"prompt":"item"', '"prompt":"<<<<<<< item"');
    expect(inValue).not.toBe(text);
    expect(await readOneEntry(write("in-value.lock.json", inValue), "k-00001", "v", 64)).toMatchObject({
      kind: "found",
    });
  });
});
