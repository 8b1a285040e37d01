// Read-only views of a lockfile for `reelform list` and `reelform show`: one row per key, or one entry in full.
import { checksSummary, currentChecks, describeFailedCheck } from "../lockfile/checks.js";
import type { LockEntry, Lockfile, TaskRecord } from "../lockfile/types.js";
import { safeJson, safeText } from "../util/safe-text.js";
import { maxOf } from "../util/arrays.js";
import type { CommandContext } from "../command-context.js";

/** The state a person asks about first: the task's, else how the submission ended. */
function entryState(entry: LockEntry): string {
  return entry.task?.state ?? (entry.task_id ? "not checked" : entry.submission.replace("_", "-"));
}

export interface ListRow {
  key: string;
  generation: number;
  submission: LockEntry["submission"];
  state: string;
  task_id: string | null;
  /** No longer in the manifest: kept in the lockfile until `state rm`. */
  retired: boolean;
  /** Checks of the current generation's file: "ok", "failed (duration)", "ok, not run (…)", "not checked". */
  checks: string;
}

export function listRows(lockfile: Lockfile): ListRow[] {
  return Object.keys(lockfile.entries)
    .sort()
    .map((key) => {
      const entry = lockfile.entries[key] as LockEntry;
      return {
        key,
        generation: entry.generation,
        submission: entry.submission,
        state: entryState(entry),
        task_id: entry.task_id ?? null,
        checks: checksSummary(entry),
        retired: entry.retired_at !== undefined,
      };
    });
}

export function renderListText(rows: ListRow[]): string {
  if (rows.length === 0) return "(the lockfile has no entries)\n";
  // The CHECKS column appears once any key has been checked (`reelform check`).
  const checked = rows.some((r) => r.checks !== "not checked");
  const table = [
    ["KEY", "GEN", "STATE", ...(checked ? ["CHECKS"] : []), "TASK ID"],
    ...rows.map((r) => [
      r.key,
      String(r.generation),
      r.retired ? `${r.state} (retired)` : r.state,
      ...(checked ? [r.checks] : []),
      r.task_id ?? "-",
    ]),
  ];
  // Each cell made safe once (500,000 rows: the widths and the lines share them).
  const safe = table.map((row) => row.map(safeText));
  const widths = safe[0]!.map((_, i) => maxOf(safe, (row) => (row[i] ?? "").length) ?? 0);
  return (
    safe
      .map((row) => row.map((cell, i) => cell.padEnd(i === row.length - 1 ? 0 : (widths[i] ?? 0))).join("  "))
      .join("\n") + "\n"
  );
}

export function renderEntryText(key: string, entry: LockEntry): string {
  // Every value is one line (safeText escapes its line breaks and controls); the body is JSON, made safe as JSON.
  const lines = [...fieldLines(key, entry), ...taskLines(entry.task), ...checkLines(entry)].map(safeText);
  lines.push("body:", indent(safeJson(JSON.stringify(entry.body, null, 2))));
  for (const earlier of entry.earlier ?? []) {
    const checks = earlier.checks ? `, checks ${checksSummary(earlier)}` : "";
    lines.push(
      safeText(
        `earlier generation ${earlier.generation}: ${earlier.submission}${earlier.task_id ? `, task ${earlier.task_id}` : ""}${earlier.task ? `, ${earlier.task.state}` : ""}${checks}`,
      ),
    );
  }
  return lines.join("\n") + "\n";
}

/** `show --json` and `list --json`: JSON with the characters JSON.stringify leaves raw escaped (safe-text.ts). */
function renderJson(value: unknown): string {
  return `${safeJson(JSON.stringify(value, null, 2))}\n`;
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
    [
      "retired",
      entry.retired_at &&
        `since ${entry.retired_at}: no longer in the manifest, kept in the lockfile (\`reelform state rm\` forgets it)`,
    ],
    [
      "imported",
      entry.imported &&
        `${entry.imported.at}${entry.imported.differences ? ` with differences: ${entry.imported.differences.join(", ")}` : ""}`,
    ],
  ];
  return fields.filter(([, value]) => value !== undefined).map(([name, value]) => `${`${name}:`.padEnd(14)}${value}`);
}

function taskLines(task: TaskRecord | undefined): string[] {
  if (!task) return [];
  const progress = task.progress === undefined ? "" : `, ${task.progress}%`;
  const lines = [`${"state:".padEnd(14)}${task.state} (${task.api_status}${progress}), checked ${task.checked_at}`];
  if (task.error)
    lines.push(`${"task error:".padEnd(14)}${task.error.err_code_ext || task.error.err_code}: ${task.error.message}`);
  for (const output of task.outputs) {
    const details = [
      output.expires_at && `expires ${output.expires_at}`,
      output.size !== undefined && `${output.size} bytes downloaded`,
    ].filter(Boolean);
    lines.push(`${"output:".padEnd(14)}${output.url}${details.length ? ` (${details.join(", ")})` : ""}`);
  }
  return lines;
}

/** One line per check of the current generation's file: outcome, measured, asked, tool and version. */
function checkLines(entry: LockEntry): string[] {
  if (!entry.checks) return [];
  const results = currentChecks(entry);
  if (!results) return [`${"checks:".padEnd(14)}none for the file pulled now (its sha256 changed since they ran)`];
  return results.map((r) => {
    const tool = `${r.tool}${r.version ? ` ${r.version}` : ""}`;
    const text =
      r.outcome === "failed"
        ? describeFailedCheck(r)
        : `${r.check} ${r.outcome === "passed" ? "passed" : "not run"}${r.measured && r.measured !== "-" ? `: ${r.measured}` : ""}`;
    return `${"check:".padEnd(14)}${text} (${tool}${r.note && r.outcome !== "failed" ? `; ${r.note}` : ""})`;
  });
}

function indent(text: string): string {
  return text.replace(/^/gm, "  ");
}

/** `reelform list` on stdout: one row per key, or the rows as JSON (--json). */
export function printList(ctx: Pick<CommandContext, "stdout">, rows: ListRow[], json: boolean): void {
  ctx.stdout.write(json ? renderJson(rows) : renderListText(rows));
}

/** `reelform show` on stdout: the entry in full, or as JSON with its key (--json). */
export function printEntry(ctx: Pick<CommandContext, "stdout">, key: string, entry: LockEntry, json: boolean): void {
  ctx.stdout.write(json ? renderJson({ key, ...entry }) : renderEntryText(key, entry));
}
