// Issue 22: keys drawn from JavaScript's property names and Object.prototype's members, with ordinary ones,
// through apply's fold, the merge driver's merge, recover's fold and a read back. The lockfile stays valid
// and every TaskId is kept. fast-check prints its seed and path on failure (replay with { seed, path }).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldJournal } from "../../src/apply/fold.js";
import { parseJournal } from "../../src/apply/journal.js";
import type { JournalRecord } from "../../src/apply/records.js";
import { mergeLockfiles } from "../../src/lockfile/merge.js";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import type { Lockfile } from "../../src/lockfile/types.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";

const PROPERTY_NAMES = [
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  ...Object.getOwnPropertyNames(Array.prototype).filter((n) => n !== "length"),
  "prototype",
  "length",
  "name",
  "then",
  "toJSON",
  "__defineGetter__",
  "__lookupSetter__",
];
const keyArb = fc.oneof(fc.constantFrom(...new Set(PROPERTY_NAMES)), fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/));
const at = "2026-01-01T00:00:00.000Z";

/** One apply run: an intent and a created result per key, with TaskIds unique to `side`. */
function run(side: string, keys: readonly string[]): JournalRecord[] {
  const records: JournalRecord[] = [{ t: "begin", campaign: "c", at }];
  keys.forEach((key, i) => {
    const session_id = `rf1-${side}-${i}`;
    records.push({
      t: "intent",
      key,
      hash: `sha256:${"a".repeat(64)}`,
      generation: 1,
      session_id,
      body: { prompt: key, session_id },
      at,
    });
    records.push({ t: "created", key, session_id, generation: 1, task_id: `1-AigcVideoTask-${side}${i}t`, at });
  });
  return records;
}

function roundTrip(lockfile: Lockfile): Lockfile {
  return parseLockfileText(serializeLockfile(lockfile), "m.lock.json");
}

function taskIds(lockfile: Lockfile): string[] {
  return Object.values(lockfile.entries)
    .flatMap((e) => [e.task_id, ...(e.earlier ?? []).map((g) => g.task_id)])
    .filter((t): t is string => t !== undefined)
    .sort();
}

describe("keys named like object properties: apply, merge-driver, recover, read back", () => {
  it("keeps the lockfile valid and every TaskId", () => {
    const sides = fc.uniqueArray(keyArb, { maxLength: 12 });
    fc.assert(
      fc.property(sides, sides, sides, (oursKeys, theirsKeys, recoveredKeys) => {
        const ours = roundTrip(foldJournal(null, null, run("a", oursKeys)));
        const theirs = roundTrip(foldJournal(null, null, run("b", theirsKeys)));
        const merged = roundTrip(mergeLockfiles(ours, theirs, "m.lock.json").lockfile);
        // recover --from reads its records back from text (what a log holds), then folds them in.
        const printed = run("c", recoveredKeys)
          .map((r) => JSON.stringify(r))
          .join("\n");
        const recovered = roundTrip(foldJournal(merged, null, parseJournal(printed).records));
        const expected = [
          ...oursKeys.map((_, i) => `1-AigcVideoTask-a${i}t`),
          ...theirsKeys.map((_, i) => `1-AigcVideoTask-b${i}t`),
          ...recoveredKeys.map((_, i) => `1-AigcVideoTask-c${i}t`),
        ].sort();
        expect(taskIds(recovered)).toEqual(expected);
        expect(Object.keys(recovered.entries).sort()).toEqual(
          [...new Set([...oursKeys, ...theirsKeys, ...recoveredKeys])].sort(),
        );
        expect(Object.getPrototypeOf(recovered.entries)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
