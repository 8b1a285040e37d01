// What following the tasks reports: how it ended, the lockfile as it left it, and the progress events that
// status --wait shows (one per report of the follower, src/follow/run.ts).
import type { Lockfile } from "../lockfile/types.js";
import type { PassResult } from "./pass.js";
import type { TaskSummary } from "./summary.js";

/** single: one pass without --wait; the others end a --wait. */
export type PollEnd = "ended" | "timeout" | "stopped" | "run_stopped" | "single";

export interface PassEvent {
  /** Events so far (1 for the first). */
  pass: number;
  result: PassResult;
  summary: TaskSummary;
  /** Milliseconds until the next look; undefined after the last one. */
  nextInMs?: number;
}

export interface PollResult {
  end: PollEnd;
  lockfile: Lockfile;
  last: PassResult;
  summary: TaskSummary;
}
