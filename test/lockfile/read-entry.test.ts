import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile, serializeLockfile } from "../../src/lockfile/io.js";
import { readOneEntry } from "../../src/lockfile/read-entry.js";
import type { Lockfile } from "../../src/lockfile/types.js";
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
