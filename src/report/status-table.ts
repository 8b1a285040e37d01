// The human view of a lockfile after status: one row per entry, then what to do about failures.
import stringWidth from "string-width";
import { checksSummary, failedChecks as failedResults } from "../lockfile/checks.js";
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import { noOutputMessage } from "../api/outputs.js";
import type { PassProblem } from "../status/pass.js";
import { describeStateCounts, summarizeTasks, type TaskSummary } from "../status/summary.js";
import { worthRetrying } from "../plan/worth-retrying.js";
import { safeText } from "../util/safe-text.js";
import { maxOf } from "../util/arrays.js";

/** More rows than this (a screenful) and the table is summarised, unless --all. */
const SCREENFUL_ROWS = 50;
/** A summarised table lists at most this many failures (every row: --all or --json). */
const LISTED_FAILURES = 100;

const HEADER = ["KEY", "STATE", "PROGRESS", "OUTPUTS / ERROR"];

export function renderStatusTable(
  lockfile: Lockfile,
  problems: PassProblem[],
  manifest: string,
  now: number,
  options: { all?: boolean } = {},
): string {
  return [...statusTableChunks(lockfile, problems, manifest, now, options)].join("");
}

/**
 * The table as lines (each with its newline), to be written as they come. Up to a screenful of entries (or
 * with `all`), one row per entry; beyond that, the count per state and the failures, so that a 500,000-video
 * campaign does not print 500,000 rows nobody reads.
 */
export function* statusTableChunks(
  lockfile: Lockfile,
  problems: PassProblem[],
  manifest: string,
  now: number,
  options: { all?: boolean; summary?: TaskSummary } = {},
): Generator<string> {
  const keys = Object.keys(lockfile.entries).sort();
  // The counts of this lockfile, when the caller has them (a second pass over 500,000 entries costs a second).
  const summary = options.summary ?? summarizeTasks(lockfile, now);
  if (keys.length === 0) yield `${HEADER.join("  ")}\n(the lockfile has no entries)\n`;
  else if (keys.length <= SCREENFUL_ROWS || options.all) yield* tableLines(keys, lockfile);
  else yield* summaryLines(keys, lockfile, manifest);
  yield `\n${summary.total} task(s): ${describeStateCounts(summary.counts)}\n`;
  for (const problem of problems) {
    yield `could not query ${safeText(problem.key)} (${safeText(problem.task_id)}): ${safeText(problem.error.code)}${problem.error.message ? `: ${safeText(problem.error.message)}` : ""}\n`;
  }
  for (const line of failureAdvice(lockfile, manifest)) yield `${line}\n`;
}

/** One row per key, columns padded to the widest cell (two passes, so the rows are never all held). */
function* tableLines(keys: string[], lockfile: Lockfile): Generator<string> {
  // A CHECKS column once any of these entries has been checked (`reelform check`, --check): ok / failed (which) / not run.
  const withChecks = keys.some((key) => lockfile.entries[key]?.checks !== undefined);
  const row = (key: string) => {
    const entry = lockfile.entries[key] as LockEntry;
    return withCheckColumn(labelRetired(rowFor(key, entry), entry), entry, withChecks).map(safeText);
  };
  const header = withCheckColumn(HEADER, undefined, withChecks);
  const widths = header.map((cell) => stringWidth(cell));
  for (const key of keys) row(key).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, stringWidth(cell))));
  yield `${padRow(header, widths)}\n`;
  for (const key of keys) yield `${padRow(row(key), widths)}\n`;
}

function* summaryLines(keys: string[], lockfile: Lockfile, manifest: string): Generator<string> {
  const counts = new Map<string, number>();
  const failures: string[] = [];
  // Videos that succeeded but whose file failed a content check (the CHECKS column): to act on too.
  const failedChecks: string[] = [];
  for (const key of keys) {
    const entry = lockfile.entries[key] as LockEntry;
    const state = stateCellOf(entry);
    counts.set(state, (counts.get(state) ?? 0) + 1);
    if (FAILED_STATES.has(state)) failures.push(key);
    else if (entry.task?.state === "succeeded" && hasFailedCheck(entry)) failedChecks.push(key);
  }
  const listedWhat = [failures.length > 0 ? "the failures" : "", failedChecks.length > 0 ? "the failed checks" : ""]
    .filter(Boolean)
    .join(" and ");
  yield `${keys.length} entries, more than a screenful: counts by state${listedWhat ? ` and ${listedWhat}` : ""} (every row: reelform status ${manifest} --all, or --json)\n\n`;
  const stateRows = [...counts]
    .sort(([a], [b]) => stateRank(a) - stateRank(b) || (a < b ? -1 : 1))
    .map(([state, n]) => [state, String(n)]);
  for (const line of formatColumns([["STATE", "ENTRIES"], ...stateRows])) yield `${line}\n`;
  if (failures.length > 0) {
    const listed = failures.slice(0, LISTED_FAILURES);
    yield `\n${failures.length > listed.length ? `The first ${listed.length} of ${failures.length} failures:` : "Failures:"}\n`;
    yield* tableLines(listed, lockfile);
  }
  if (failedChecks.length > 0) {
    const listed = failedChecks.slice(0, LISTED_FAILURES);
    yield `\n${failedChecks.length > listed.length ? `The first ${listed.length} of ${failedChecks.length} videos with a failed check:` : `Videos with a failed check (${failedChecks.length}):`}\n`;
    yield* tableLines(listed, lockfile);
    yield `(replace them: reelform apply ${manifest} --replace-failed-checks)\n`;
  }
}

/** States (the STATE column) a person has to act on. */
const FAILED_STATES = new Set(["failed", "no_output", "expired", "unknown", "rejected", "duplicate", "in-doubt"]);
const STATE_ORDER = [
  "not checked",
  "waiting",
  "processing",
  "succeeded",
  "failed",
  "no_output",
  "expired",
  "unknown",
  "rejected",
  "duplicate",
  "in-doubt",
];

function stateRank(state: string): number {
  const rank = STATE_ORDER.indexOf(state);
  return rank === -1 ? STATE_ORDER.length : rank;
}

function hasFailedCheck(entry: LockEntry): boolean {
  return entry.checks !== undefined && failedResults(entry).length > 0;
}

function withCheckColumn(row: string[], entry: LockEntry | undefined, shown: boolean): string[] {
  if (!shown) return row;
  const cell = entry === undefined ? "CHECKS" : entry.task?.state === "succeeded" ? checksSummary(entry) : "";
  return [...row.slice(0, 3), cell, ...row.slice(3)];
}

/** The STATE cell of rowFor, without making the row (a summary of 500,000 entries needs only this). */
function stateCellOf(entry: LockEntry): string {
  if (!entry.task_id) return entry.submission.replace("_", "-");
  return entry.task?.state ?? "not checked";
}

function rowFor(key: string, entry: LockEntry): string[] {
  const task = entry.task;
  if (!entry.task_id)
    return [
      key,
      entry.submission.replace("_", "-"),
      "",
      entry.error ? `${entry.error.code}: ${entry.error.message}` : (entry.note ?? "no TaskId"),
    ];
  if (!task) return [key, "not checked", "", entry.task_id];
  const progress = task.progress === undefined ? "" : `${task.progress}%`;
  return [key, task.state, progress, detailOf(task)];
}

/** A retired key (no longer in the manifest) is still shown: its task was paid for. */
function labelRetired(row: string[], entry: LockEntry): string[] {
  return entry.retired_at === undefined ? row : row.map((cell, i) => (i === 1 ? `${cell} (retired)` : cell));
}

function detailOf(task: NonNullable<LockEntry["task"]>): string {
  if (task.state === "failed" && task.error) {
    const kind = task.error.err_code_ext || `ErrCode ${task.error.err_code}`;
    return `${kind}: ${task.error.message}${task.error.transient ? " (worth retrying)" : ""}`;
  }
  if (task.state === "no_output") return noOutputMessage(task);
  if (task.state === "expired") return "past the 3-day query window; no longer followed";
  if (task.state === "unknown") return `API status "${task.api_status}"`;
  return task.outputs.map((o) => (o.expires_at ? `${o.url} (expires ${o.expires_at})` : o.url)).join(" ");
}

/** The advice matches what the flags do: --retry-failed resends exactly the failures counted as worth retrying. */
function failureAdvice(lockfile: Lockfile, manifest: string): string[] {
  let worth = 0;
  let other = 0;
  for (const e of Object.values(lockfile.entries)) {
    if (e.retired_at !== undefined) continue; // not in the manifest: nothing to resend
    if (worthRetrying(e)) worth += 1;
    else if (e.task?.state === "failed" || e.submission === "rejected") other += 1;
  }
  const lines: string[] = [];
  if (worth > 0) lines.push(`${worth} failure(s) worth retrying: reelform apply ${manifest} --retry-failed`);
  if (other > 0)
    lines.push(
      `${other} failure(s) caused by the request itself, not resent by --retry-failed: change the manifest, then apply (or send one again as it is with --replace KEY; all of them: --retry-all-failed)`,
    );
  return lines;
}

/** Columns padded by display width: a CJK character takes two terminal columns, an accent on its letter none. */
function formatColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => maxOf(rows, (r) => stringWidth(r[i] ?? "")) ?? 0) ?? [];
  return rows.map((r) => padRow(r, widths));
}

function padRow(row: string[], widths: number[]): string {
  return row
    .map((cell, i) =>
      i === row.length - 1 ? cell : cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - stringWidth(cell))),
    )
    .join("  ")
    .trimEnd();
}
