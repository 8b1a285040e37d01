import type { KeyedError, RunSummary } from "./events.js";
import type { ItemResult, SubmitItem } from "./submit-one.js";

/** Counts and lists per outcome; `null` results are items that never started. */
export function summarize(
  items: readonly SubmitItem[],
  results: readonly (ItemResult | null)[],
  run: { interrupted: boolean; elapsedMs: number },
): RunSummary {
  const summary: RunSummary = {
    total: items.length,
    created: 0,
    rejected: [],
    duplicate: [],
    in_doubt: [],
    failed: [],
    not_started: 0,
    interrupted: run.interrupted,
    elapsed_ms: run.elapsedMs,
  };
  results.forEach((result, i) => addResult(summary, (items[i] as SubmitItem).key, result));
  return summary;
}

function addResult(summary: RunSummary, key: string, result: ItemResult | null): void {
  if (result === null) {
    summary.not_started += 1;
    return;
  }
  if (result.kind === "created") {
    summary.created += 1;
    return;
  }
  const keyed: KeyedError = { key, code: result.error.code, message: result.error.message };
  if (result.kind === "fatal") {
    summary.fatal ??=
      result.error.http_status === undefined ? keyed : { ...keyed, http_status: result.error.http_status };
    (result.maybeCreated ? summary.in_doubt : summary.failed).push(keyed);
  } else {
    summary[result.kind].push(keyed);
  }
}

/** 0 everything submitted; 130 interrupted; 1 anything rejected, failed, in doubt or stopped. */
export function exitCodeFor(summary: RunSummary): number {
  if (summary.interrupted) return 130;
  const problems = summary.rejected.length + summary.duplicate.length + summary.in_doubt.length + summary.failed.length;
  return problems > 0 || summary.fatal || summary.not_started > 0 ? 1 : 0;
}
