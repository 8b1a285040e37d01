// status --json: one stable, versioned document for machines.
import { worthRetrying } from "../plan/worth-retrying.js";
import { currentChecks } from "../lockfile/checks.js";
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import type { PassProblem } from "../status/pass.js";
import type { PollEnd } from "../status/follow-types.js";
import { summarizeTasks } from "../status/summary.js";
import { safeJson } from "../util/safe-text.js";

const STATUS_JSON_VERSION = 1;

/**
 * The status document, pretty-printed; or, with `event`, on one line as `{"event":"status","time",…}` so it
 * ends the NDJSON stream of `apply --wait --json` as one more event. In pieces, one per entry (500,000
 * entries make a document larger than one string may be built comfortably): the caller writes them as they
 * come (report/chunked-writer.ts).
 */
export function* statusJsonChunks(
  lockfile: Lockfile,
  problems: PassProblem[],
  end: PollEnd,
  now: number,
  options: { event?: boolean } = {},
): Generator<string> {
  const summary = summarizeTasks(lockfile, now);
  const head = {
    ...(options.event ? { event: "status", time: new Date(now).toISOString() } : {}),
    format_version: STATUS_JSON_VERSION,
    campaign: lockfile.campaign,
    end,
    summary: {
      total: summary.total,
      counts: summary.counts,
      all_ended: summary.allEnded,
      all_succeeded: summary.allSucceeded,
    },
  };
  const pretty = !options.event;
  const keys = Object.keys(lockfile.entries).sort();
  const json = (value: unknown, indent: string): string =>
    safeJson(pretty ? JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`) : JSON.stringify(value));
  const headText = json(head, "");
  yield `${headText.slice(0, -(pretty ? 2 : 1))},${pretty ? '\n  "entries": ' : '"entries":'}${keys.length === 0 ? "[]" : "["}`;
  let first = true;
  for (const key of keys) {
    yield `${first ? "" : ","}${pretty ? "\n    " : ""}${json(entryJson(key, lockfile.entries[key]), "    ")}`;
    first = false;
  }
  if (keys.length > 0) yield pretty ? "\n  ]" : "]";
  yield `,${pretty ? '\n  "problems": ' : '"problems":'}${json(problems, "  ")}${pretty ? "\n}" : "}"}\n`;
}

function entryJson(key: string, entry: LockEntry | undefined) {
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
}
