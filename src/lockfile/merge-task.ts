import type { TaskOutput, TaskRecord } from "./types.js";

/**
 * The new record, keeping what `pull` learned about each output (size, sha256) when the output is
 * the same file (same URL, or same FileId for Permanent storage).
 */
export function mergeTaskRecord(previous: TaskRecord | undefined, next: TaskRecord): TaskRecord {
  if (!previous) return next;
  return { ...next, outputs: next.outputs.map((output) => keepDownloadFacts(output, previous.outputs)) };
}

function keepDownloadFacts(output: TaskOutput, previous: TaskOutput[]): TaskOutput {
  const same = previous.find((p) => p.url === output.url || (p.file_id !== undefined && p.file_id === output.file_id));
  if (!same || output.size !== undefined) return output;
  const merged: TaskOutput = { ...output };
  if (same.size !== undefined) merged.size = same.size;
  if (same.sha256 !== undefined) merged.sha256 = same.sha256;
  return merged;
}
