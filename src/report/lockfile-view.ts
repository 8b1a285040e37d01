// Read-only views of a lockfile for `reelform list` and `reelform show`: one row per key, or one entry in full.
import type { LockEntry, Lockfile, TaskRecord } from "../lockfile/types.js";
import { maxOf } from "../util/arrays.js";

/** The state a person asks about first: the task's, else how the submission ended. */
export function entryState(entry: LockEntry): string {
  return entry.task?.state ?? (entry.task_id ? "not checked" : entry.submission.replace("_", "-"));
}

export interface ListRow {
  key: string;
  generation: number;
  submission: LockEntry["submission"];
  state: string;
  task_id: string | null;
}

export function listRows(lockfile: Lockfile): ListRow[] {
  return Object.keys(lockfile.entries)
    .sort()
    .map((key) => {
      const entry = lockfile.entries[key] as LockEntry;
      return { key, generation: entry.generation, submission: entry.submission, state: entryState(entry), task_id: entry.task_id ?? null };
    });
}

export function renderListText(rows: ListRow[]): string {
  if (rows.length === 0) return "(the lockfile has no entries)\n";
  const table = [["KEY", "GEN", "STATE", "TASK ID"], ...rows.map((r) => [r.key, String(r.generation), r.state, r.task_id ?? "-"])];
  const widths = table[0]!.map((_, i) => maxOf(table, (row) => (row[i] ?? "").length) ?? 0);
  return table.map((row) => row.map((cell, i) => visible(cell).padEnd(i === row.length - 1 ? 0 : (widths[i] ?? 0))).join("  ")).join("\n") + "\n";
}

export function renderEntryText(key: string, entry: LockEntry): string {
  const lines = [...fieldLines(key, entry), ...taskLines(entry.task), "body:", indent(JSON.stringify(entry.body, null, 2))];
  for (const earlier of entry.earlier ?? []) {
    lines.push(`earlier generation ${earlier.generation}: ${earlier.submission}${earlier.task_id ? `, task ${earlier.task_id}` : ""}${earlier.task ? `, ${earlier.task.state}` : ""}`);
  }
  return lines.map(visible).join("\n") + "\n";
}

function fieldLines(key: string, entry: LockEntry): string[] {
  const fields: [string, string | number | undefined][] = [
    ["key", key],
    ["generation", entry.generation],
    ["submission", entry.submission],
    ["task_id", entry.task_id],
    ["request_id", entry.request_id],
    ["submitted_at", entry.submitted_at],
    ["session_id", entry.session_id],
    ["hash", entry.hash],
    ["error", entry.error && `${entry.error.code}: ${entry.error.message}`],
    ["note", entry.note],
  ];
  return fields.filter(([, value]) => value !== undefined).map(([name, value]) => `${`${name}:`.padEnd(14)}${value}`);
}

function taskLines(task: TaskRecord | undefined): string[] {
  if (!task) return [];
  const progress = task.progress === undefined ? "" : `, ${task.progress}%`;
  const lines = [`${"state:".padEnd(14)}${task.state} (${task.api_status}${progress}), checked ${task.checked_at}`];
  if (task.error) lines.push(`${"task error:".padEnd(14)}${task.error.err_code_ext || task.error.err_code}: ${task.error.message}`);
  for (const output of task.outputs) {
    const details = [output.expires_at && `expires ${output.expires_at}`, output.size !== undefined && `${output.size} bytes downloaded`].filter(Boolean);
    lines.push(`${"output:".padEnd(14)}${output.url}${details.length ? ` (${details.join(", ")})` : ""}`);
  }
  return lines;
}

function indent(text: string): string {
  return text.replace(/^/gm, "  ");
}

/** Strings from the API reach a terminal: control characters are shown escaped, never interpreted. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
