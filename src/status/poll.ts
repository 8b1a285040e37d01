// status --wait: passes until every task has ended, the deadline passes, or the user stops us.
// The interval starts short (tasks of a few seconds finish quickly) and backs off to spare the rate limit.
import type { Lockfile } from "../lockfile/types.js";
import { runStatusPass, type PassDeps, type PassResult } from "./pass.js";
import { summarizeTasks, type TaskSummary } from "./summary.js";

export interface PollOptions {
  refresh: boolean;
  wait: boolean;
  timeoutMs: number;
  firstIntervalMs?: number;
  maxIntervalMs?: number;
  onPass?: (event: PassEvent) => void;
}

export interface PassEvent {
  pass: number;
  result: PassResult;
  summary: TaskSummary;
  /** Milliseconds until the next pass; undefined after the last one. */
  nextInMs?: number;
}

export type PollEnd = "ended" | "timeout" | "stopped" | "run_stopped" | "single";

export interface PollResult {
  end: PollEnd;
  lockfile: Lockfile;
  last: PassResult;
  summary: TaskSummary;
}

export async function pollTasks(
  path: string,
  initial: Lockfile,
  deps: PassDeps,
  options: PollOptions,
): Promise<PollResult> {
  const deadline = deps.clock.now() + options.timeoutMs;
  let interval = options.firstIntervalMs ?? 2000;
  let lockfile = initial;
  for (let pass = 1; ; pass++) {
    const result = await runStatusPass(path, lockfile, deps, options.refresh && pass === 1);
    lockfile = result.lockfile;
    const summary = summarizeTasks(lockfile, deps.clock.now());
    const end = endOf(result, summary, options.wait, deadline - deps.clock.now(), deps.stopSignal);
    const nextInMs = end ? undefined : Math.min(interval, Math.max(0, deadline - deps.clock.now()));
    options.onPass?.({ pass, result, summary, ...(nextInMs === undefined ? {} : { nextInMs }) });
    if (end) return { end, lockfile, last: result, summary };
    await deps.clock.sleep(nextInMs ?? 0, deps.stopSignal);
    if (deps.stopSignal?.aborted) return { end: "stopped", lockfile, last: result, summary };
    interval = Math.min(options.maxIntervalMs ?? 30_000, Math.round(interval * 1.5));
  }
}

function endOf(
  result: PassResult,
  summary: TaskSummary,
  wait: boolean,
  remainingMs: number,
  stop?: AbortSignal,
): PollEnd | undefined {
  if (result.runStopped) return "run_stopped";
  if (!wait) return "single";
  if (summary.allEnded) return "ended";
  if (stop?.aborted) return "stopped";
  return remainingMs <= 0 ? "timeout" : undefined;
}
