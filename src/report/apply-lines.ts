import type { ApplyEvent, RunSummary } from "../apply/events.js";
import { duplicateNote } from "../apply/fold.js";
import { safeText } from "./safe-text.js";

/** One plain line per event (CI, pipes): greppable, no colour, no cursor movement. null = not shown. */
export function formatEventLine(event: ApplyEvent): string | null {
  switch (event.event) {
    case "start":
      return `apply: submitting ${event.total} request(s), ${event.parallelism} at once, ${event.rate > 0 ? `${event.rate}/s` : "no rate limit"}`;
    case "created":
      return `created   ${safeText(event.key)}  ${safeText(event.task_id)}${event.attempts > 1 ? `  (after ${event.attempts} attempts)` : ""}`;
    case "retry":
      return `retry     ${safeText(event.key)}  attempt ${event.attempt} got ${describe(event)}; next in ${Math.round(event.delay_ms)} ms`;
    case "rejected":
      return `rejected  ${safeText(event.key)}  ${safeText(event.code)}: ${safeText(event.message)}`;
    case "duplicate":
      return `duplicate ${safeText(event.key)}  a task with this session_id exists; its TaskId was not returned (${safeText(event.code)})`;
    case "in_doubt":
      return `in doubt  ${safeText(event.key)}  ${safeText(event.code ?? "")}${event.message ? `: ${safeText(event.message)}` : ""}`;
    case "failed":
      return `failed    ${safeText(event.key)}  ${safeText(event.code)}: ${safeText(event.message)} (not created; will be sent again by the next apply)`;
    case "fatal":
      return `fatal     ${safeText(event.key)}  ${safeText(event.code)}: ${safeText(event.message)}; stopping the run`;
    case "rate":
      return event.reason === "throttled" ? `rate      slowed to ${formatRate(event.rate)} after a 429` : `rate      back to ${formatRate(event.rate)}`;
    case "stopping":
      return event.reason === "interrupted" ? "stopping: no new requests; waiting for those in flight" : "stopping: nothing else would succeed";
    case "done":
      return null;
  }
}

function describe(event: { code: string; http_status?: number; message: string }): string {
  return `${event.http_status ? `HTTP ${event.http_status} ` : ""}${safeText(event.code)}${event.message ? ` (${safeText(event.message)})` : ""}`;
}

function formatRate(rate: number): string {
  return rate > 0 ? `${Number(rate.toFixed(2))}/s` : "unlimited";
}

/** The closing report: counts, then each problem by key with the API's code and message, then what to do. */
export function formatSummary(summary: RunSummary, manifest: string): string {
  const lines = [
    `Apply ${summary.interrupted ? "interrupted" : summary.fatal ? "stopped" : "complete"}: ${summary.created} created, ` +
      `${summary.rejected.length} rejected, ${summary.duplicate.length} duplicate, ${summary.in_doubt.length} in doubt, ` +
      `${summary.failed.length} failed, ${summary.not_started} not started (${(summary.elapsed_ms / 1000).toFixed(1)}s).`,
  ];
  if (summary.fatal) lines.push(`Stopped by ${safeText(summary.fatal.code)} on ${safeText(summary.fatal.key)}: ${safeText(summary.fatal.message)}`);
  for (const e of summary.rejected) lines.push(`  rejected  ${safeText(e.key)}: ${safeText(e.code)}: ${safeText(e.message)}`);
  for (const e of summary.duplicate) lines.push(`  duplicate ${safeText(e.key)}: ${safeText(duplicateNote(e.key, manifest))}`);
  for (const e of summary.in_doubt) lines.push(`  in doubt  ${safeText(e.key)}: ${safeText(e.code)}: ${safeText(e.message)} (re-sent with the same session_id by the next apply)`);
  for (const e of summary.failed) lines.push(`  failed    ${safeText(e.key)}: ${safeText(e.code)}: ${safeText(e.message)} (not created)`);
  if (summary.rejected.length > 0) lines.push(`Fix the rejected requests in ${manifest}, or resubmit them with --retry-failed.`);
  return `${lines.join("\n")}\n`;
}
