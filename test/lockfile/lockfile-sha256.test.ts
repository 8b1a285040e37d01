// The digest of a recorded set is taken from the serialiser's chunks (a 500,000-entry text is past V8's longest
// string): the same sha256 as the one canonical text, whatever the keys.
import { describe, expect, it } from "vitest";
import { lockfileSha256, serializeLockfile } from "../../src/lockfile/serialize.js";
import { sha256Hex } from "../../src/util/canonical-json.js";
import { keyedRecord } from "../../src/util/objects.js";
import type { LockEntry } from "../../src/lockfile/types.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

describe("lockfileSha256", () => {
  it("is the sha256 of serializeLockfile's text, across chunk boundaries and for keys like __proto__", () => {
    const entries = keyedRecord<LockEntry>();
    for (const key of ["__proto__", "constructor", "a", "é"]) entries[key] = entry(`t-${key.length}`);
    for (let i = 0; i < 4500; i += 1) entries[`k-${String(i).padStart(5, "0")}`] = entry(`t-${i}`); // over one chunk
    const lockfile = lockfileWith(entries);
    expect(lockfileSha256(lockfile)).toBe(sha256Hex(Buffer.from(serializeLockfile(lockfile), "utf8")));
    expect(lockfileSha256(lockfileWith(keyedRecord<LockEntry>()))).toBe(
      sha256Hex(Buffer.from(serializeLockfile(lockfileWith(keyedRecord<LockEntry>())), "utf8")),
    );
  });
});
