// An entry as the lockfile (format 3) and the state database store it: what the rest of the entry gives is
// left out, and put back on read, so everything else sees the entry exactly as it was recorded.
//
// A generation (the entry, and each of its `earlier` ones) is stored in one of two ways:
// - with `request`: the body as sent, less its `session_id` (the entry's own) and less the `session_context`
//   apply adds when the manifest sets none (`reelform:<campaign>:<key>`); `generation` 1, `submission`
//   "created" and the `session_id` apply derives (plan/session-id.ts) are left out too, and the task's values
//   its state, times and request give (stored-task.ts);
// - with `body`: as recorded, nothing left out (every entry of format 1, and a generation whose values are not
//   the ones reading would put back, e.g. a body sent without session_context by an early reelform).
// `request` is written only when reading it gives back exactly the recorded generation
// (test/lockfile/stored-shape.test.ts checks this on arbitrary entries). Reading follows the rules of the
// format the text was written in: format 2 left out less (no session_id, task values or times).
import { deriveSessionId } from "./session-id.js";
import { defaultSessionContext } from "./session-context.js";
import { lazyGeneration } from "./lazy-generation.js";
import { withoutKeeping } from "./lazy-keep.js";
import { storableTask, toStoredTask } from "./stored-task.js";
import type { EarlierGeneration, LockEntry } from "./types.js";

/** A generation as stored: `request` and the defaults left out (a plain object; fields in any order). */
export type StoredGeneration = Record<string, unknown>;

/** The stored fields of one generation (in the current format), `earlier` included. */
export function toStoredGeneration(
  campaign: string,
  key: string,
  entry: LockEntry | EarlierGeneration,
): StoredGeneration {
  // What a lazily read entry puts back to be stored again is not kept on it (lazy-keep.ts).
  return withoutKeeping(() => storedGeneration(campaign, key, entry));
}

function storedGeneration(campaign: string, key: string, entry: LockEntry | EarlierGeneration): StoredGeneration {
  const stored: StoredGeneration = { ...entry };
  const earlier = (entry as LockEntry).earlier;
  if (earlier !== undefined) stored.earlier = earlier.map((g) => storedGeneration(campaign, key, g));
  if (!storableAsRequest(campaign, key, entry)) return stored;
  const { session_id: _sent, ...request } = entry.body;
  if (request.session_context === defaultSessionContext(campaign, key)) delete request.session_context;
  delete stored.body;
  stored.request = request;
  if (entry.session_id === deriveSessionId(campaign, key, entry.hash, entry.generation)) delete stored.session_id;
  if (entry.generation === 1) delete stored.generation;
  if (entry.submission === "created") delete stored.submission;
  if (entry.task !== undefined) stored.task = toStoredTask(entry.task, entry);
  return stored;
}

/**
 * True when reading the `request` form gives back this generation exactly: the body carries the entry's
 * session_id and a session_context (the default, or its own), and no output URL of its task has a brace.
 */
function storableAsRequest(campaign: string, key: string, entry: LockEntry | EarlierGeneration): boolean {
  const body = entry.body;
  if (body.session_id !== entry.session_id || !Object.hasOwn(body, "session_context")) return false;
  if (Object.hasOwn(entry, "request")) return false; // not a field of an entry: never given a second meaning
  return entry.task === undefined || storableTask(entry.task);
}

/**
 * A stored generation (validated against schemas/lockfile.schema.json), written in `format`, back to the
 * entry it records: the `request` form, on a new object, gets its body, session_id, generation, submission
 * and task values back (earlier generations replaced in their array); the `body` form is the entry as it is.
 *
 * What costs work to put back (the body, a derived session_id — a sha256 —, the task's times and outputs) is
 * put back when first read (lazy-generation.ts): `list`, `status` and `plan` read 500,000 entries and need
 * none of it for most of them. Every field is an own enumerable property in the order the recorded entry had
 * it, so spreads, JSON.stringify, structuredClone and deep equality see the entry exactly as recorded.
 */
export function fromStoredGeneration(
  format: number,
  campaign: string,
  key: string,
  stored: StoredGeneration,
): LockEntry {
  const earlier = stored.earlier;
  if (Array.isArray(earlier))
    for (let i = 0; i < earlier.length; i += 1)
      earlier[i] = fromStoredGeneration(format, campaign, key, earlier[i] as StoredGeneration);
  if (stored.request === undefined) return stored as unknown as LockEntry;
  return lazyGeneration(format, campaign, key, stored);
}
