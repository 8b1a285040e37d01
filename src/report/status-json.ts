// status --json: one stable, versioned document for machines.
import { worthRetrying } from "../plan/worth-retrying.js";
import { formatEventJson } from "./apply-json.js";
import { currentChecks } from "../lockfile/checks.js";
import type { Lockfile } from "../lockfile/types.js";
import type { PassProblem } from "../status/pass.js";
import type { PollEnd } from "../status/poll.js";
import { summarizeTasks } from "../status/summary.js";
import { safeJson } from "../util/safe-text.js";

export const STATUS_JSON_VERSION = 1;

/**
 * The status document, pretty-printed; or, with `event`, on one line as `{"event":"status","time",…}` so it
 * ends the NDJSON stream of `apply --wait --json` as one more event.
 */
export function renderStatusJson(lockfile: Lockfile, problems: PassProblem[], end: PollEnd, now: number, options: { event?: boolean } = {}): string {
  const summary = summarizeTasks(lockfile, now);
  const entries = Object.keys(lockfile.entries)
    .sort()
    .map((key) => {
      const entry = lockfile.entries[key];
      const task = entry?.task;
      return {
        key,
        submission: entry?.submission,
        task_id: entry?.task_id ?? null,
        state: task?.state ?? (entry?.task_id ? "not_checked" : null),
        api_status: task?.api_status ?? null,
        progress: task?.progress ?? null,
        checked_at: task?.checked_at ?? null,
        outputs: task?.outputs ?? [],
        other_outputs: task?.other_outputs ?? [],
        output_seconds: task?.output_seconds ?? null,
        error: task?.error ?? entry?.error ?? null,
        worth_retrying: entry ? worthRetrying(entry) : false,
        // Only once checked: the check results of this generation's file (null when the file changed since).
        ...(entry?.checks ? { checks: currentChecks(entry) ?? null } : {}),
        retired: entry?.retired_at !== undefined,
      };
    });
  const document = {
    format_version: STATUS_JSON_VERSION,
    campaign: lockfile.campaign,
    end,
    summary: { total: summary.total, counts: summary.counts, all_ended: summary.allEnded, all_succeeded: summary.allSucceeded },
    entries,
    problems,
  };
  if (options.event) return formatEventJson({ event: "status", ...document }, now);
  return safeJson(JSON.stringify(document, null, 2)) + "\n";
}
