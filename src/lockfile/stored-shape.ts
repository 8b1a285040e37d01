// An entry as the lockfile (format 2) and the state database store it: what the rest of the entry gives is
// left out, and put back on read, so everything else sees the entry exactly as it was recorded.
//
// A generation (the entry, and each of its `earlier` ones) is stored in one of two ways:
// - with `request`: the body as sent, less its `session_id` (the entry's own) and less the `session_context`
//   apply adds when the manifest sets none (`reelform:<campaign>:<key>`); `generation` 1, `submission`
//   "created" and a task's `output_seconds` equal to its first output's `duration` are left out too;
// - with `body`: as recorded, nothing left out (every entry of format 1, and a generation whose values are not
//   the ones reading would put back, e.g. a body sent without session_context by an early reelform).
// `request` is written only when reading it gives back exactly the recorded generation
// (test/lockfile/stored-shape.test.ts checks this on arbitrary entries).
import type { JsonObject } from "../util/canonical-json.js";
import { defaultSessionContext } from "./session-context.js";
import type { EarlierGeneration, LockEntry, TaskRecord } from "./types.js";

/** A generation as stored: `request` and the defaults left out (a plain object; fields in any order). */
export type StoredGeneration = Record<string, unknown>;

/** The stored fields of one generation, `earlier` included; `compact` says whether it is stored with `request`. */
export function toStoredGeneration(
  campaign: string,
  key: string,
  entry: LockEntry | EarlierGeneration,
): StoredGeneration {
  const stored: StoredGeneration = { ...entry };
  const earlier = (entry as LockEntry).earlier;
  if (earlier !== undefined) stored.earlier = earlier.map((g) => toStoredGeneration(campaign, key, g));
  if (!storableAsRequest(campaign, key, entry)) return stored;
  const { session_id: _sent, ...request } = entry.body;
  if (request.session_context === defaultSessionContext(campaign, key)) delete request.session_context;
  delete stored.body;
  stored.request = request;
  if (entry.generation === 1) delete stored.generation;
  if (entry.submission === "created") delete stored.submission;
  if (entry.task !== undefined && derivedOutputSeconds(entry.task) !== undefined) {
    const { output_seconds: _seconds, ...task } = entry.task;
    stored.task = task;
  }
  return stored;
}

/**
 * True when reading the `request` form gives back this generation exactly: the body carries the entry's
 * session_id and a session_context (the default, or its own), and a task's output_seconds is either the
 * first output's duration or there is no duration to take it from.
 */
function storableAsRequest(campaign: string, key: string, entry: LockEntry | EarlierGeneration): boolean {
  const body = entry.body;
  if (body.session_id !== entry.session_id || !Object.hasOwn(body, "session_context")) return false;
  if (Object.hasOwn(entry, "request")) return false; // not a field of an entry: never given a second meaning
  const task = entry.task;
  if (task === undefined) return true;
  const duration = task.outputs[0]?.duration;
  return task.output_seconds === undefined ? duration === undefined : true;
}

/** The first output's duration when output_seconds equals it (then it is left out of the stored task). */
function derivedOutputSeconds(task: TaskRecord): number | undefined {
  const duration = task.outputs[0]?.duration;
  return duration !== undefined && task.output_seconds === duration ? duration : undefined;
}

/**
 * A stored generation (validated against schemas/lockfile.schema.json) back to the entry it records, in
 * place: the `request` form gets its body, generation, submission and output_seconds back; the `body` form
 * is the entry as it is.
 */
export function fromStoredGeneration(campaign: string, key: string, stored: StoredGeneration): LockEntry {
  const earlier = stored.earlier;
  if (Array.isArray(earlier)) for (const g of earlier) fromStoredGeneration(campaign, key, g as StoredGeneration);
  const request = stored.request as JsonObject | undefined;
  if (request === undefined) return stored as unknown as LockEntry;
  delete stored.request;
  const entry = stored as unknown as LockEntry;
  const body: JsonObject = { ...request, session_id: entry.session_id };
  if (!Object.hasOwn(request, "session_context")) body.session_context = defaultSessionContext(campaign, key);
  entry.body = body;
  entry.generation ??= 1;
  entry.submission ??= "created";
  const task = entry.task;
  const duration = task?.outputs[0]?.duration;
  if (task !== undefined && task.output_seconds === undefined && duration !== undefined) task.output_seconds = duration;
  return entry;
}
