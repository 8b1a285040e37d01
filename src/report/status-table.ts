// The human view of a lockfile after status: one row per entry, then what to do about failures.
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import type { PassProblem } from "../status/pass.js";
import { describeCounts, summarizeTasks } from "../status/summary.js";
import { safeText } from "./safe-text.js";

export function renderStatusTable(lockfile: Lockfile, problems: PassProblem[], manifest: string, now: number): string {
  const rows = Object.keys(lockfile.entries)
    .sort()
    .map((key) => rowFor(key, lockfile.entries[key] as LockEntry).map(safeText));
  const lines = formatColumns([["KEY", "STATE", "PROGRESS", "OUTPUTS / ERROR"], ...rows]);
  if (rows.length === 0) lines.push("(the lockfile has no entries)");
  const summary = summarizeTasks(lockfile, now);
  lines.push("", `${summary.total} task(s): ${describeCounts(summary.counts)}`);
  for (const problem of problems) {
    lines.push(`could not query ${safeText(problem.key)} (${safeText(problem.task_id)}): ${safeText(problem.error.code)}${problem.error.message ? `: ${safeText(problem.error.message)}` : ""}`);
  }
  lines.push(...failureAdvice(lockfile, manifest));
  return lines.join("\n") + "\n";
}

function rowFor(key: string, entry: LockEntry): string[] {
  const task = entry.task;
  if (!entry.task_id) return [key, entry.submission.replace("_", "-"), "", entry.error ? `${entry.error.code}: ${entry.error.message}` : (entry.note ?? "no TaskId")];
  if (!task) return [key, "not checked", "", entry.task_id];
  const progress = task.progress === undefined ? "" : `${task.progress}%`;
  return [key, task.state, progress, detailOf(task)];
}

function detailOf(task: NonNullable<LockEntry["task"]>): string {
  if (task.state === "failed" && task.error) {
    const kind = task.error.err_code_ext || `ErrCode ${task.error.err_code}`;
    return `${kind}: ${task.error.message}${task.error.transient ? " (worth retrying)" : ""}`;
  }
  if (task.state === "expired") return "past the 3-day query window; no longer followed";
  if (task.state === "unknown") return `API status "${task.api_status}"`;
  return task.outputs.map((o) => (o.expires_at ? `${o.url} (expires ${o.expires_at})` : o.url)).join(" ");
}

function failureAdvice(lockfile: Lockfile, manifest: string): string[] {
  const failed = Object.values(lockfile.entries).filter((e) => e.task?.state === "failed");
  const transient = failed.filter((e) => e.task?.error?.transient).length;
  const lines: string[] = [];
  if (transient > 0) lines.push(`${transient} failure(s) worth retrying: reelform apply ${manifest} --retry-failed`);
  if (failed.length > transient) lines.push(`${failed.length - transient} failure(s) caused by the request itself: change the manifest, then apply`);
  return lines;
}

function formatColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd());
}
