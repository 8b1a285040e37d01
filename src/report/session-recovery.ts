import type { SessionRecoveryReport } from "../provider/session-recovery.js";
import { safeText } from "../util/safe-text.js";

/** What recovery by session_id found, in one notice: each recovered key with its TaskId. */
export function formatSessionRecovery(report: SessionRecoveryReport): string {
  const lines = [
    `looked up ${report.looked} entr${report.looked === 1 ? "y" : "ies"} without a TaskId by session_id (DescribeTasks): ${report.found.length} found, ${report.notFound.length} not found`,
  ];
  for (const found of report.found)
    lines.push(
      `  recovered ${found.key}  ${found.task_id}  (was ${found.was === "duplicate" ? "created, TaskId unknown" : "in doubt"})`,
    );
  if (report.notFound.length > 0)
    lines.push(
      `  not found: ${report.notFound.join(", ")} (no task holds their session_id: in-doubt ones are re-sent with the same session_id)`,
    );
  if (report.error)
    lines.push(
      `  the lookup failed: ${safeText(report.error.code)}: ${safeText(report.error.message)} (those entries stay as they were)`,
    );
  return lines.join("\n");
}
