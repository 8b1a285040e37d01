// The human view of a lockfile after status: one row per entry, then what to do about failures.
import stringWidth from "string-width";
import { checksSummary } from "../lockfile/checks.js";
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import { noOutputMessage } from "../api/outputs.js";
import type { PassProblem } from "../status/pass.js";
import { describeStateCounts, summarizeTasks } from "../status/summary.js";
import { worthRetrying } from "../plan/worth-retrying.js";
import { safeText } from "../util/safe-text.js";

export function renderStatusTable(lockfile: Lockfile, problems: PassProblem[], manifest: string, now: number): string {
  const keys = Object.keys(lockfile.entries).sort();
  // A CHECKS column once any entry has been checked (`reelform check`, --check): ok / failed (which) / not run.
  const withChecks = keys.some((key) => lockfile.entries[key]?.checks !== undefined);
  const rows = keys.map((key) => withCheckColumn(labelRetired(rowFor(key, lockfile.entries[key] as LockEntry), lockfile.entries[key] as LockEntry), lockfile.entries[key] as LockEntry, withChecks).map(safeText));
  const lines = formatColumns([withCheckColumn(["KEY", "STATE", "PROGRESS", "OUTPUTS / ERROR"], undefined, withChecks), ...rows]);
  if (rows.length === 0) lines.push("(the lockfile has no entries)");
  const summary = summarizeTasks(lockfile, now);
  lines.push("", `${summary.total} task(s): ${describeStateCounts(summary.counts)}`);
  for (const problem of problems) {
    lines.push(`could not query ${safeText(problem.key)} (${safeText(problem.task_id)}): ${safeText(problem.error.code)}${problem.error.message ? `: ${safeText(problem.error.message)}` : ""}`);
  }
  lines.push(...failureAdvice(lockfile, manifest));
  return lines.join("\n") + "\n";
}

function withCheckColumn(row: string[], entry: LockEntry | undefined, shown: boolean): string[] {
  if (!shown) return row;
  const cell = entry === undefined ? "CHECKS" : entry.task?.state === "succeeded" ? checksSummary(entry) : "";
  return [...row.slice(0, 3), cell, ...row.slice(3)];
}

function rowFor(key: string, entry: LockEntry): string[] {
  const task = entry.task;
  if (!entry.task_id) return [key, entry.submission.replace("_", "-"), "", entry.error ? `${entry.error.code}: ${entry.error.message}` : (entry.note ?? "no TaskId")];
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
  const entries = Object.values(lockfile.entries).filter((e) => e.retired_at === undefined); // not in the manifest: nothing to resend
  const worth = entries.filter(worthRetrying).length;
  const other = entries.filter((e) => (e.task?.state === "failed" || e.submission === "rejected") && !worthRetrying(e)).length;
  const lines: string[] = [];
  if (worth > 0) lines.push(`${worth} failure(s) worth retrying: reelform apply ${manifest} --retry-failed`);
  if (other > 0) lines.push(`${other} failure(s) caused by the request itself, not resent by --retry-failed: change the manifest, then apply (or send one again as it is with --replace KEY; all of them: --retry-all-failed)`);
  return lines;
}

/** Columns padded by display width: a CJK character takes two terminal columns, an accent on its letter none. */
function formatColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => stringWidth(r[i] ?? "")))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - stringWidth(cell))))).join("  ").trimEnd());
}
