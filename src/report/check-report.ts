// `reelform check` output, test-runner style: one line per failed check (key, check, measured, asked), a note
// once for checks that could not run, then a summary. --json: the same for machines.
import type { CheckedFile } from "../video-check/run.js";
import type { RecordOutcome } from "../video-check/record.js";
import { safeJson, safeText } from "../util/safe-text.js";
import type { CommandContext } from "../command-context.js";

export interface CheckReport {
  checked: readonly CheckedFile[];
  recorded: ReadonlyMap<CheckedFile, RecordOutcome>;
  notPulled: readonly string[];
  noOutput: number;
  ffmpeg: { version: string } | undefined;
  /** Where the files were looked for, for the "not pulled" hint. */
  dir: string;
}

export interface CheckCounts {
  files: number;
  passed: number;
  failed: number;
  failedChecks: number;
  notRunChecks: number;
}

export function countChecks(checked: readonly CheckedFile[]): CheckCounts {
  const counts: CheckCounts = { files: checked.length, passed: 0, failed: 0, failedChecks: 0, notRunChecks: 0 };
  for (const file of checked) {
    const failed = file.results.filter((r) => r.outcome === "failed").length;
    counts.failedChecks += failed;
    counts.notRunChecks += file.results.filter((r) => r.outcome === "not_run").length;
    if (failed > 0) counts.failed++;
    else counts.passed++;
  }
  return counts;
}

function renderCheckText(report: CheckReport): string {
  const lines: string[] = [];
  for (const file of report.checked) {
    for (const r of file.results) {
      if (r.outcome !== "failed") continue;
      const values = [r.measured !== undefined && `got ${r.measured}`, r.asked !== undefined && `asked ${r.asked}`]
        .filter(Boolean)
        .join(", ");
      lines.push(
        `✗ ${safeText(file.job.key)}  ${r.check}  ${values}${r.note ? ` (${safeText(r.note.split("; ")[0] ?? "")})` : ""}`,
      );
    }
    const outcome = report.recorded.get(file);
    if (outcome === "file differs")
      lines.push(
        `! ${safeText(file.job.key)}  the file is not the one pull recorded (sha256 differs): results not recorded; pull again`,
      );
  }
  const notRun = new Set(
    report.checked.flatMap((f) => f.results.filter((r) => r.outcome === "not_run").map((r) => r.check)),
  );
  if (notRun.size > 0)
    lines.push(
      `not run: ${[...notRun].join(", ")}: ffmpeg not found on PATH (install FFmpeg, e.g. apt-get install -y ffmpeg); these count as not run, never as passed`,
    );
  if (report.notPulled.length > 0) {
    const shown = report.notPulled.slice(0, 5).map(safeText).join(", ");
    lines.push(
      `not pulled: ${report.notPulled.length} file(s) not in ${report.dir} (${shown}${report.notPulled.length > 5 ? ", …" : ""}); run \`reelform pull\` first`,
    );
  }
  const c = countChecks(report.checked);
  const summary = `Checked ${c.files} file(s): ${c.passed} passed, ${c.failed} failed (${c.failedChecks} failed check(s))${c.notRunChecks > 0 ? `, ${c.notRunChecks} check(s) not run` : ""}`;
  lines.push(summary + (report.noOutput > 0 ? `; ${report.noOutput} key(s) without a finished video` : ""));
  return `${lines.join("\n")}\n`;
}

function renderCheckJson(report: CheckReport): string {
  const files = report.checked.map((file) => ({
    key: file.job.key,
    generation: file.job.generation,
    path: file.job.path,
    sha256: file.sha256,
    outcome: file.results.some((r) => r.outcome === "failed") ? "failed" : "passed",
    recorded: report.recorded.get(file) === "recorded",
    results: file.results,
  }));
  const c = countChecks(report.checked);
  return `${JSON.stringify({ version: 1, ffmpeg: report.ffmpeg?.version ?? null, summary: { files: c.files, passed: c.passed, failed: c.failed, failed_checks: c.failedChecks, not_run_checks: c.notRunChecks, not_pulled: report.notPulled.length, no_output: report.noOutput }, files, not_pulled: report.notPulled }, null, 2)}\n`;
}

/** apply/status --wait --pull --check: the report after the pulled summary (an NDJSON event with --json). */
export function renderLandedChecks(
  report: CheckReport,
  json: boolean | "event",
  now: number,
): { text: string; toStderr: boolean } {
  if (json === "event") {
    const c = countChecks(report.checked);
    const failed = report.checked
      .filter((f) => f.results.some((r) => r.outcome === "failed"))
      .map((f) => ({
        key: f.job.key,
        generation: f.job.generation,
        failed: f.results.filter((r) => r.outcome === "failed"),
      }));
    const line = safeJson(
      JSON.stringify({
        event: "checked",
        time: new Date(now).toISOString(),
        files: c.files,
        passed: c.passed,
        failed: c.failed,
        failed_checks: c.failedChecks,
        not_run_checks: c.notRunChecks,
        ffmpeg: report.ffmpeg?.version ?? null,
        failures: failed,
      }),
    );
    return { text: `${line}\n`, toStderr: false };
  }
  return { text: renderCheckText(report), toStderr: json === true };
}

/** `reelform check` on stdout: the text report, or its JSON (--json). */
export function printCheckReport(ctx: Pick<CommandContext, "stdout">, report: CheckReport, json: boolean): void {
  ctx.stdout.write(json ? renderCheckJson(report) : renderCheckText(report));
}
