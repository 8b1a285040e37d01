// One definition of "worth retrying", shared by plan (--retry-failed), status's advice and apply's summary,
// so that what the advice promises is exactly what --retry-failed resends.
import type { LockEntry } from "../lockfile/types.js";
import { isTransientTaskError } from "../api/interpret.js";

/**
 * A failure that a new attempt of the same request may well get past: a task that failed with a transient
 * error (capacity, backlog, timeout: docs/status-and-pull.md "Failure kinds"), or a request refused with such a code. A
 * moderation failure or an invalid parameter would fail again (and a task is paid for each attempt).
 */
export function worthRetrying(entry: LockEntry): boolean {
  if (entry.submission === "rejected") return entry.error !== undefined && isTransientTaskError(entry.error.code);
  return entry.task?.state === "failed" && entry.task.error?.transient === true;
}
