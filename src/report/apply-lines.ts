import type { ApplyEvent, KeyedError, RunSummary } from "../apply/events.js";
import { accountStopMessage, isAccountWide } from "../api/account-wide.js";
import { duplicateNote } from "../apply/fold.js";
import { isTransientTaskError } from "../api/interpret.js";
import { OUTCOME_WORD, OUTCOMES, outcomeCounts } from "./outcome-words.js";
import { safeText } from "../util/safe-text.js";
import { append } from "../util/arrays.js";
import type { CommandContext } from "../command-context.js";
import type { Plan } from "../plan/types.js";
import { formatEventJson } from "./apply-json.js";

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
      return event.reason === "throttled"
        ? `rate      slowed to ${formatRate(event.rate)} after a 429`
        : `rate      back to ${formatRate(event.rate)}`;
    case "stopping":
      return event.reason === "interrupted"
        ? "stopping: no new requests; waiting for those in flight"
        : "stopping: nothing else would succeed";
    case "done":
      return null;
  }
}

/** What --retry-failed will and will not resend (plan/worth-retrying.ts): the advice never promises more. */
function rejectionAdvice(summary: RunSummary, manifest: string): string[] {
  const transient = summary.rejected.filter((e) => isTransientTaskError(e.code)).length;
  const lines: string[] = [];
  if (transient > 0) lines.push(`${transient} rejection(s) worth retrying: reelform apply ${manifest} --retry-failed`);
  if (summary.rejected.length > transient) {
    lines.push(
      `Fix the rejected requests in ${manifest}; --retry-failed does not resend them (they would be refused again): send one again as it is with --replace KEY, or all of them with --retry-all-failed.`,
    );
  }
  return lines;
}

function describe(event: { code: string; http_status?: number; message: string }): string {
  return `${event.http_status ? `HTTP ${event.http_status} ` : ""}${safeText(event.code)}${event.message ? ` (${safeText(event.message)})` : ""}`;
}

function formatRate(rate: number): string {
  return rate > 0 ? `${Number(rate.toFixed(2))}/s` : "unlimited";
}

/** The closing report: counts, then each problem by key with the API's code and message, then what to do. */
export function formatSummary(summary: RunSummary, manifest: string): string {
  const counts = outcomeCounts(summary);
  const outcomes = [
    ...OUTCOMES.map((o) => `${counts[o]} ${OUTCOME_WORD[o]}`),
    `${summary.not_started} ${OUTCOME_WORD.not_started}`,
  ];
  const lines = [
    `Apply ${summary.interrupted ? "interrupted" : summary.fatal ? "stopped" : "complete"}: ${outcomes.join(", ")} (${(summary.elapsed_ms / 1000).toFixed(1)}s).`,
  ];
  if (summary.fatal) lines.push(stopLine(summary.fatal));
  for (const e of summary.rejected)
    lines.push(`  rejected  ${safeText(e.key)}: ${safeText(e.code)}: ${safeText(e.message)}`);
  for (const e of summary.duplicate)
    lines.push(`  duplicate ${safeText(e.key)}: ${safeText(duplicateNote(e.key, manifest))}`);
  for (const e of summary.in_doubt)
    lines.push(
      `  in doubt  ${safeText(e.key)}: ${safeText(e.code)}: ${safeText(e.message)} (re-sent with the same session_id by the next apply)`,
    );
  for (const e of summary.failed)
    lines.push(`  failed    ${safeText(e.key)}: ${safeText(e.code)}: ${safeText(e.message)} (not created)`);
  append(lines, rejectionAdvice(summary, manifest));
  return `${lines.join("\n")}\n`;
}

/** An account-wide answer is worded as status words it; anything else (a journal that cannot be written) as it is. */
function stopLine(fatal: KeyedError): string {
  const text = isAccountWide(fatal)
    ? `Stopped at ${fatal.key}: ${accountStopMessage(fatal)}`
    : `Stopped by ${fatal.code} on ${fatal.key}: ${fatal.message}`;
  return safeText(text);
}

/** The summary after the requests, on stdout (not with --json, whose events say it). */
export function printRunSummary(ctx: Pick<CommandContext, "stdout">, summary: RunSummary, manifest: string): void {
  ctx.stdout.write(formatSummary(summary, manifest));
}

/** apply --json: the plan as the stream's first event (its counts, not its entries). */
export function printApplyPlanEvent(ctx: Pick<CommandContext, "stdout">, plan: Plan, now: number): void {
  ctx.stdout.write(formatEventJson({ event: "plan", campaign: plan.campaign, counts: plan.summary.counts }, now));
}

/** The journal failed mid-run but every answer reached the recorded set: where they are, and what to do. */
export function printJournalOutage(ctx: Pick<CommandContext, "stderr">, where: string, advice: string): void {
  ctx.stderr.write(
    `reelform: every answer of this run is recorded in ${where}; ${advice.toLowerCase()}, then run apply again for the rest\n`,
  );
}

export function printApplyCancelled(ctx: Pick<CommandContext, "stdout">): void {
  ctx.stdout.write("Apply cancelled.\n");
}
