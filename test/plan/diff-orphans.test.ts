// The diff counts the requests whose key is recorded, and looks for orphans only when some recorded key is
// not among them (no set of 100,000 wanted keys when nothing is orphaned). Against the definition, over keys
// drawn from JavaScript's property names and ordinary ones, with retired entries and a rename: every request
// has its entry, and the orphans are exactly the recorded keys that are not requested, not moved, not retired.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { resolveMoves } from "../../src/plan/moves.js";
import type { LockEntry } from "../../src/lockfile/types.js";
import { keyedRecord } from "../../src/util/objects.js";
import { testSeed } from "../helpers/seed.js";
import { body, expanded, lockfile, recorded, request } from "./fixtures.js";

const POOL = ["a", "b", "c", "d", "e", "constructor", "toString", "__proto__", "hasOwnProperty", "10", "9"];
const keysArb = fc.uniqueArray(fc.constantFrom(...POOL), { maxLength: POOL.length });
const origin = { file: "launch.yaml", line: 7, col: 5 };

describe("diffAgainstLockfile: orphans", () => {
  it("are the recorded keys not requested, not moved and not retired; every request has its entry", () => {
    fc.assert(
      fc.property(
        keysArb,
        keysArb,
        fc.uniqueArray(fc.constantFrom(...POOL)),
        fc.option(fc.tuple(fc.constantFrom(...POOL), fc.constantFrom(...POOL)), { nil: undefined }),
        (wanted, recordedKeys, retired, move) => {
          const entries = keyedRecord<LockEntry>();
          for (const key of recordedKeys)
            entries[key] = recorded(
              key,
              body(key),
              retired.includes(key) ? { retired_at: "2026-05-02T00:00:00.000Z" } : {},
            );
          const moves =
            move && move[0] !== move[1] && wanted.includes(move[1]) ? [{ from: move[0], to: move[1], origin }] : [];
          const manifest = { ...expanded(wanted.map((key) => request(key, body(key)))), moves };
          let resolved;
          try {
            resolved = resolveMoves(moves, entries);
          } catch {
            return; // a move onto a recorded key: an error of its own (diff.test.ts)
          }
          const plan = diffAgainstLockfile(manifest, lockfile(entries), {});
          const orphans = recordedKeys.filter(
            (k) => !wanted.includes(k) && !resolved.from.has(k) && !retired.includes(k),
          );
          expect(
            plan.entries
              .filter((e) => e.mark === "orphan")
              .map((e) => e.key)
              .sort(),
          ).toEqual(orphans.sort());
          expect(
            plan.entries
              .filter((e) => e.mark !== "orphan")
              .map((e) => e.key)
              .sort(),
          ).toEqual([...wanted].sort());
        },
      ),
      { seed: testSeed(), numRuns: 400 },
    );
  });
});
