// Entries read from format 3 put their costly values back when first read (src/lockfile/lazy-generation.ts,
// stored-task.ts fromStoredTaskLazily). A lazy entry must be indistinguishable from the entry it records: the
// same fields in the same order, the same values, and the same answers to every change a command may make
// (set, delete, replace, spread, clone) as a plain object given the same changes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import type { LockEntry, Lockfile, TaskRecord } from "../../src/lockfile/types.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { canonicalJson, hashBody } from "../../src/util/canonical-json.js";
import { deriveSessionId } from "../../src/lockfile/session-id.js";
import { withApplyAdded } from "../../src/plan/apply-added.js";
import { between, seededRandom } from "../helpers/seed.js";
import type { Random } from "../../src/simulator/prng.js";

const FIXTURES = ["v1-first", "v1-providers", "v1-latest", "v1-simulator-finished", "v1-simulator-pulled"];

/** The fixture as recorded (format 1: every entry whole), and the same read back from its format 3 text. */
function recordedAndLazy(name: string): { recorded: Lockfile; lazy: Lockfile } {
  const text = readFileSync(new URL(`../fixtures/lockfile/${name}.lock.json`, import.meta.url), "utf8");
  const recorded = parseLockfileText(text, `${name}.lock.json`);
  const lazy = parseLockfileText(serializeLockfile(recorded), `${name}.lock.json`);
  expect(lazy.format_version).toBe(3);
  return { recorded, lazy };
}

/** A plain copy, field order kept ("__proto__" keys too: JSON.parse makes them own fields). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("a lazily read entry", () => {
  it("holds its costly values as accessors until read, and nothing else shows them", () => {
    const { lazy } = recordedAndLazy("v1-simulator-finished");
    const entries = Object.values(lazy.entries);
    const lazyBodies = entries.filter((e) => typeof Object.getOwnPropertyDescriptor(e, "body")?.get === "function");
    expect(lazyBodies.length).toBeGreaterThan(0);
    const entry = lazyBodies[0] as LockEntry;
    const task = entry.task as TaskRecord;
    expect(typeof Object.getOwnPropertyDescriptor(task, "outputs")?.get).toBe("function");
    // The parts the accessors read are not fields: not in keys, JSON, spreads, or deep equality.
    expect(Object.keys(entry)).not.toContain("request");
    expect(
      Object.getOwnPropertySymbols(entry).every((s) => !Object.getOwnPropertyDescriptor(entry, s)?.enumerable),
    ).toBe(true);
    expect(Object.getOwnPropertySymbols({ ...entry })).toEqual([]);
    // Put back once: the same object on every read.
    expect(entry.body).toBe(entry.body);
    expect(task.outputs).toBe(task.outputs);
  });

  for (const name of FIXTURES) {
    it(`${name}: reads, spreads, clones and serialises as the recorded entries, field order included`, () => {
      const { recorded, lazy } = recordedAndLazy(name);
      expect(Object.keys(lazy.entries)).toEqual(Object.keys(recorded.entries));
      for (const key of Object.keys(recorded.entries)) {
        const entry = lazy.entries[key] as LockEntry;
        expect(canonicalJson(entry)).toBe(canonicalJson(recorded.entries[key]));
        expect(canonicalJson(structuredClone(entry))).toBe(canonicalJson(entry));
        expect(JSON.stringify({ ...entry })).toBe(JSON.stringify(entry));
        expect(JSON.stringify(plain(entry))).toBe(JSON.stringify(entry));
      }
      expect(serializeLockfile(lazy)).toBe(serializeLockfile(recorded));
    });
  }

  it("answers every change as a plain copy of it does (seeded: random sets, deletes and replacements)", () => {
    const random = seededRandom("lazy generation changes");
    let compared = 0;
    for (let round = 0; round < 30; round += 1) {
      for (const name of FIXTURES) {
        const { lazy } = recordedAndLazy(name);
        // The copies from another read: making a copy reads (and keeps) every value of the entry it copies.
        const copies = recordedAndLazy(name).lazy;
        for (const key of Object.keys(lazy.entries)) {
          const entry = lazy.entries[key] as LockEntry;
          const copy = plain(copies.entries[key] as LockEntry);
          // Half the time everything is read (put back) first, half the time it is changed untouched.
          if (random() < 0.5) JSON.stringify(entry);
          const changes = Array.from({ length: between(random, 1, 5) }, () => pick(random, CHANGES));
          for (const change of changes) {
            applyChange(entry, change);
            applyChange(copy, change);
          }
          // Order-sensitive: a deleted field that is set again comes last, in both.
          expect(JSON.stringify(entry), `${name} ${key}: ${JSON.stringify(changes)}`).toBe(JSON.stringify(copy));
          expect(JSON.stringify({ ...entry, task: entry.task && { ...entry.task } })).toBe(
            JSON.stringify({ ...copy, task: copy.task && { ...copy.task } }),
          );
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

/** A change a command may make to an entry read from the lockfile: set or delete the field at `path`. */
interface Change {
  path: (string | number)[];
  /** Absent: delete. */
  value?: unknown;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const FAILED_TASK = { state: "failed", api_status: "FINISH", checked_at: "2026-06-01T00:00:00.000Z", outputs: [] };
const CHANGES: readonly Change[] = [
  { path: ["body"], value: { model_name: "Kling", prompt: "again", session_id: "rf1-new" } },
  { path: ["body"] },
  { path: ["body", "prompt"], value: "changed" },
  { path: ["session_id"], value: "rf1-replaced" },
  { path: ["session_id"] },
  { path: ["task"] },
  { path: ["task"], value: FAILED_TASK },
  { path: ["task", "checked_at"], value: "2026-06-01T00:00:00.000Z" },
  { path: ["task", "checked_at"] },
  { path: ["task", "finish_time"], value: "2026-06-01T00:00:09Z" },
  { path: ["task", "finish_time"] },
  { path: ["task", "outputs"], value: [] },
  { path: ["task", "outputs"] },
  { path: ["task", "outputs", 0, "size"], value: 9 },
  { path: ["task", "state"], value: "expired" },
  { path: ["generation"], value: 7 },
  { path: ["submission"], value: "in_doubt" },
  { path: ["__proto__"] },
];

function applyChange(target: unknown, change: Change): void {
  let at = target as Record<string | number, unknown> | undefined;
  for (const step of change.path.slice(0, -1)) {
    const next = at?.[step];
    if (next === null || typeof next !== "object") return; // nothing there, in both
    at = next as Record<string | number, unknown>;
  }
  const last = change.path[change.path.length - 1] as string | number;
  if (at === undefined) return;
  if (!("value" in change)) delete at[last];
  else at[last] = structuredClone(change.value);
}

describe("a lazily read entry whose session_id is the one apply derives", () => {
  it("keeps the body it was read with when its session_id is set before the body is first read", () => {
    const campaign = "spring";
    const key = "__proto__";
    const request = { model_name: "Kling", prompt: "a bottle" };
    const hash = hashBody(request);
    const session_id = deriveSessionId(campaign, key, hash, 1);
    const body = withApplyAdded(request, session_id, campaign, key);
    const entries = Object.create(null) as Record<string, LockEntry>;
    entries[key] = { hash, generation: 1, session_id, submission: "created", task_id: "t-1", body };
    const text = serializeLockfile({ format_version: 3, campaign, entries });
    const entry = parseLockfileText(text, "s.lock.json").entries[key] as LockEntry;
    expect(typeof Object.getOwnPropertyDescriptor(entry, "session_id")?.get).toBe("function");
    // The copy from another read: making it reads (and keeps) this one's body.
    const copy = plain(parseLockfileText(text, "s.lock.json").entries[key] as LockEntry);
    entry.session_id = "rf1-set-later";
    copy.session_id = "rf1-set-later";
    expect(entry.body.session_id).toBe(session_id);
    expect(JSON.stringify(entry)).toBe(JSON.stringify(copy));
  });
});
