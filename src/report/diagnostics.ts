import type { Diagnostic } from "../diagnostics.js";
import { safeLines, safeText, workflowCommandData, workflowCommandProperty } from "../util/safe-text.js";
import { GITHUB_ACTIONS, settingText } from "../config/settings.js";

/** `file:line:col: error: message (did you mean …?)` — one line per finding, the format editors and CI understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.col ? `:${d.col}` : ""}` : ""}: ` : "";
  const key = d.key ? `[${d.key}] ` : "";
  const hint = d.suggestion ? ` (${d.suggestion})` : "";
  return safeText(`${where}${d.severity}: ${key}${d.message}${hint}`);
}

/** GitHub Actions workflow command, so findings show on the pull request's files. */
export function formatGithubAnnotation(d: Diagnostic): string {
  const props = [
    d.file && `file=${workflowCommandProperty(safeText(d.file))}`,
    d.line && `line=${d.line}`,
    d.col && `col=${d.col}`,
  ]
    .filter(Boolean)
    .join(",");
  const text = `${d.key ? `[${d.key}] ` : ""}${d.message}${d.suggestion ? ` (${d.suggestion})` : ""}`;
  return `::${d.severity === "error" ? "error" : "warning"}${props ? ` ${props}` : ""}::${workflowCommandData(safeLines(text).join("\n"))}`;
}

export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  options: { stream: NodeJS.WritableStream; env: Readonly<Record<string, string | undefined>> },
): void {
  const github = settingText(options.env, GITHUB_ACTIONS) === "true";
  for (const d of diagnostics) {
    options.stream.write(`${formatDiagnostic(d)}\n`);
    if (github) options.stream.write(`${formatGithubAnnotation(d)}\n`);
  }
}
