// One key: what the manifest wants against what the lockfile recorded -> a plan entry (the marks of docs/plans-and-lockfile.md).
import type { ExpandedRequest } from "../expand/types.js";
import { describeFailedCheck, failedChecks } from "../lockfile/checks.js";
import { isRetired, type LockEntry } from "../lockfile/types.js";
import type { JsonObject } from "../util/canonical-json.js";
import { DEDUP_WINDOW_MS } from "../api/dedup-window.js";
import { deriveSessionId } from "./session-id.js";
import { worthRetrying } from "./worth-retrying.js";
import type { PlanEntry } from "./types.js";
import { notResentThrough, otherProvider } from "./provider-switch.js";
import type { ProviderName } from "../provider/types.js";

export interface ClassifyContext {
  campaign: string;
  forced: boolean;
  /** --retry-failed: a new generation for failures worth retrying (worth-retrying.ts). */
  retryFailed: boolean;
  /** --retry-all-failed: a new generation for every failed task and rejected request. */
  retryAllFailed?: boolean;
  /** Current time (ms), for the dedup-window check on in-doubt entries. */
  now?: number;
  /** The provider apply submits to (default gateway): an in-doubt entry of another provider is not re-sent through it. */
  provider?: ProviderName;
  /**
   * --replace-failed-checks or the manifest's on_failed_check: replace: a new generation for a key whose current
   * generation failed a check, up to maxGenerations; `by` names which asked, for the plan's reason.
   */
  replaceFailedChecks?: { maxGenerations: number; by: string };
}

export function classifyRequest(
  request: ExpandedRequest,
  recorded: LockEntry | undefined,
  ctx: ClassifyContext,
): PlanEntry {
  const entry = classifyRecorded(request, recorded, ctx);
  return recorded && isRetired(recorded) ? restored(entry, recorded) : entry;
}

/**
 * A retired key back in the manifest: with the recorded request, it is current again as it is recorded
 * (action restore: nothing sent); otherwise its plan stands (a new generation keeps the retired one under
 * `earlier`, exactly as a replacement does).
 */
function restored(entry: PlanEntry, recorded: LockEntry): PlanEntry {
  if (entry.action !== "none") return entry;
  const back = `restored from the lockfile (retired ${recorded.retired_at ?? ""}): nothing is sent`;
  return { ...entry, action: "restore", reason: entry.reason === undefined ? back : `${back}; ${entry.reason}` };
}

function classifyRecorded(request: ExpandedRequest, recorded: LockEntry | undefined, ctx: ClassifyContext): PlanEntry {
  if (!recorded) return submit(request, undefined, 1, ctx, "create");
  if (ctx.forced) return submit(request, recorded, recorded.generation + 1, ctx, "replace", "forced by --replace");
  if (recorded.hash !== request.hash)
    return submit(request, recorded, recorded.generation + 1, ctx, "replace", replaceReason(recorded));
  switch (recorded.submission) {
    case "in_doubt":
      if (pastDedupWindow(recorded, ctx.now)) return keep(request, recorded, "in_doubt", STALE_IN_DOUBT);
      if (otherProvider(recorded, ctx))
        return keep(request, recorded, "in_doubt", notResentThrough(recorded, ctx.provider ?? "gateway"));
      return resend(request, recorded);
    case "duplicate":
      return keep(
        request,
        recorded,
        "in_doubt",
        "created, TaskId unknown (session_id already used): use --replace KEY for a new generation",
      );
    case "rejected":
      return failed(
        request,
        recorded,
        `rejected: ${recorded.error ? `${recorded.error.code}: ${recorded.error.message}` : "by the API"}`,
        ctx,
      );
    case "created":
      if (recorded.task?.state === "failed") return failed(request, recorded, taskFailure(recorded), ctx);
      if (recorded.task?.state === "no_output") return keep(request, recorded, "unchanged", NO_OUTPUT);
      return failedCheck(request, recorded, ctx) ?? keep(request, recorded, "unchanged");
  }
}

/** A current generation that failed a check: replaced when asked (within max_generations), else shown. */
function failedCheck(request: ExpandedRequest, recorded: LockEntry, ctx: ClassifyContext): PlanEntry | undefined {
  if (recorded.checks === undefined) return undefined; // never checked (most entries): no arrays made to say so
  const failed = failedChecks(recorded);
  if (failed.length === 0) return undefined;
  const why = `check ${failed.map(describeFailedCheck).join("; ")}`;
  const asked = ctx.replaceFailedChecks;
  if (!asked) return keep(request, recorded, "unchanged", `${why}; --replace-failed-checks submits a new generation`);
  if (recorded.generation >= asked.maxGenerations)
    return keep(
      request,
      recorded,
      "unchanged",
      `${why}; not replaced: max_generations ${asked.maxGenerations} reached`,
    );
  return submit(request, recorded, recorded.generation + 1, ctx, "replace", `${why} (${asked.by})`);
}

// Not a failure and never retried on its own: a new generation would be billed again (--replace KEY asks for one).
const NO_OUTPUT = "the task finished without a downloadable file: use --replace KEY to generate it again";

/**
 * A recorded key the manifest no longer has: retired, kept in the lockfile with every generation (only
 * `state rm` forgets it); it is current again when the key comes back with the same request.
 */
export function orphanEntry(key: string, recorded: LockEntry): PlanEntry {
  return {
    key,
    mark: "orphan",
    action: "retire",
    generation: recorded.generation,
    session_id: null,
    old_hash: recorded.hash,
    new_hash: null,
    body: null,
    seconds: 0,
    reason: `no longer in the manifest: retired (kept in the lockfile: ${keptSummary(recorded)})`,
    recorded,
  };
}

/** "TaskId 1500…, 2 earlier generation(s)": what a retired entry keeps. */
function keptSummary(recorded: LockEntry): string {
  const parts = [
    recorded.task_id
      ? `TaskId ${recorded.task_id}`
      : `generation ${recorded.generation}, ${recorded.submission.replace("_", " ")}`,
  ];
  const earlier = recorded.earlier?.length ?? 0;
  if (earlier > 0) parts.push(`${earlier} earlier generation${earlier === 1 ? "" : "s"}`);
  return parts.join(", ");
}

type Decision = Pick<PlanEntry, "mark" | "action" | "generation" | "session_id" | "body" | "seconds"> & {
  reason?: string;
};

/** Every entry of a manifest key has the same shape (built once, no spreads: 100,000 of them must be cheap). */
function entry(request: ExpandedRequest, recorded: LockEntry | undefined, d: Decision): PlanEntry {
  const e: PlanEntry = {
    key: request.key,
    mark: d.mark,
    action: d.action,
    generation: d.generation,
    session_id: d.session_id,
    old_hash: recorded ? recorded.hash : null,
    new_hash: request.hash,
    body: d.body,
    seconds: d.seconds,
    video: request.video,
    origin: request.origin,
  };
  if (d.reason !== undefined) e.reason = d.reason;
  if (recorded) e.recorded = recorded;
  return e;
}

function submit(
  request: ExpandedRequest,
  recorded: LockEntry | undefined,
  generation: number,
  ctx: ClassifyContext,
  mark: "create" | "replace" | "failed",
  reason?: string,
): PlanEntry {
  const session_id = deriveSessionId(ctx.campaign, request.key, request.hash, generation);
  return entry(request, recorded, {
    mark,
    action: "submit",
    generation,
    session_id,
    body: request.body,
    seconds: request.seconds,
    reason,
  });
}

/** In doubt: the same request again with the same session_id, so the API cannot create a second task. */
function resend(request: ExpandedRequest, recorded: LockEntry): PlanEntry {
  return entry(request, recorded, {
    mark: "in_doubt",
    action: "resend",
    generation: recorded.generation,
    session_id: recorded.session_id,
    body: withoutSessionId(recorded.body),
    seconds: request.seconds,
    reason: "outcome of the last submission unknown: re-sent with the same session_id (the API refuses a second task)",
  });
}

const STALE_IN_DOUBT =
  "sent more than 3 days ago with no answer: the API no longer deduplicates its session_id, so a re-send could create a second task; not re-sent (check the provider's console, then --replace KEY to generate it again)";

function pastDedupWindow(recorded: LockEntry, now: number | undefined): boolean {
  const sentAt = recorded.submitted_at ? Date.parse(recorded.submitted_at) : Number.NaN;
  return now !== undefined && Number.isFinite(sentAt) && now - sentAt > DEDUP_WINDOW_MS;
}

/**
 * `!`: resubmitted only when asked. --retry-failed resends what is worth retrying (exactly what status
 * and apply call so); a failure that would happen again needs --retry-all-failed or --replace KEY.
 */
function failed(request: ExpandedRequest, recorded: LockEntry, why: string, ctx: ClassifyContext): PlanEntry {
  const worth = worthRetrying(recorded);
  if (ctx.retryAllFailed)
    return submit(request, recorded, recorded.generation + 1, ctx, "failed", `${why}; retried (--retry-all-failed)`);
  if (worth && ctx.retryFailed)
    return submit(request, recorded, recorded.generation + 1, ctx, "failed", `${why}; retried (--retry-failed)`);
  if (worth) return keep(request, recorded, "failed", `${why}; --retry-failed submits a new generation`);
  const notRetried = ctx.retryFailed ? "not resent by --retry-failed (it would fail again); " : "";
  return keep(
    request,
    recorded,
    "failed",
    `${why}; ${notRetried}--replace KEY (or --retry-all-failed) sends it again as it is`,
  );
}

function keep(
  request: ExpandedRequest,
  recorded: LockEntry,
  mark: "unchanged" | "in_doubt" | "failed",
  reason?: string,
): PlanEntry {
  return entry(request, recorded, {
    mark,
    action: "none",
    generation: recorded.generation,
    session_id: null,
    body: null,
    seconds: 0,
    reason,
  });
}

function replaceReason(recorded: LockEntry): string | undefined {
  if (recorded.submission === "in_doubt") return "request changed; the earlier request (in doubt) may also exist";
  if (recorded.submission === "duplicate") return "request changed; the earlier task exists but its TaskId is unknown";
  return undefined;
}

function taskFailure(recorded: LockEntry): string {
  const error = recorded.task?.error;
  if (!error) return `task failed (${recorded.task?.api_status ?? "no detail"})`;
  const code = error.err_code_ext || String(error.err_code);
  const worth = error.transient ? "transient, worth retrying" : "not transient: change the request before retrying";
  return `task failed: ${code}${error.message ? `: ${error.message}` : ""} (${worth})`;
}

function withoutSessionId(body: JsonObject): JsonObject {
  const { session_id: _ignored, ...rest } = body;
  return rest;
}
