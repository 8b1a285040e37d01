// Check results into the lockfile, on the generation the file belongs to, only when the file is the one that
// generation recorded (same sha256), or when the lockfile has no checksum for it (a file pulled elsewhere).
import type { Lockfile } from "../lockfile/types.js";
import type { CheckedFile } from "./run.js";

export type RecordOutcome = "recorded" | "file differs" | "gone";

export function recordCheckResults(
  lockfile: Lockfile,
  checked: readonly CheckedFile[],
): Map<CheckedFile, RecordOutcome> {
  const outcomes = new Map<CheckedFile, RecordOutcome>();
  for (const file of checked) {
    const entry = Object.hasOwn(lockfile.entries, file.job.key) ? lockfile.entries[file.job.key] : undefined;
    const generation =
      entry?.generation === file.job.generation
        ? entry
        : entry?.earlier?.find((g) => g.generation === file.job.generation);
    if (!generation) {
      outcomes.set(file, "gone");
      continue;
    }
    const recorded = generation.task?.outputs[0]?.sha256;
    if (recorded !== undefined && recorded !== file.sha256) {
      outcomes.set(file, "file differs");
      continue;
    }
    generation.checks = { sha256: file.sha256, results: file.results.map((r) => ({ ...r })) };
    outcomes.set(file, "recorded");
  }
  return outcomes;
}
