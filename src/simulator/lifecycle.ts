/**
 * A task's life is fixed when it is created: it waits for a processing slot, processes, then ends.
 * Its status at any instant is computed from those times, so queries need no timers.
 */
import { minOf } from "../util/arrays.js";

export type Ending =
  | { kind: "success" }
  /** A clean FINISH whose outputs carry no FileUrl (only FileContent), as Tencent's 3D outputs can. */
  | { kind: "no_output" }
  | { kind: "failed"; errCode: number; errCodeExt: string; message: string }
  | { kind: "aborted"; errCode: number; errCodeExt: string; message: string };

export interface Timeline {
  createdAt: number;
  beginAt: number;
  finishAt: number;
}

export type Phase = "WAITING" | "PROCESSING" | "FINISH" | "ABORTED";

/** The share of taskDurationMs spent WAITING even with a free slot, so clients see every state. */
const WAITING_SHARE = 0.2;

/** FIFO processing slots (Tencent runs one task at a time per account by default; the simulator many). */
export class ProcessingSlots {
  private readonly freeAt: number[];

  constructor(slots: number) {
    this.freeAt = Number.isFinite(slots) ? new Array<number>(Math.max(1, Math.floor(slots))).fill(0) : [];
  }

  schedule(createdAt: number, taskDurationMs: number): Timeline {
    const waitMs = Math.round(taskDurationMs * WAITING_SHARE);
    const processMs = taskDurationMs - waitMs;
    const earliest = createdAt + waitMs;
    if (this.freeAt.length === 0) return { createdAt, beginAt: earliest, finishAt: earliest + processMs };
    const slot = this.freeAt.indexOf(minOf(this.freeAt) ?? 0);
    const beginAt = Math.max(earliest, this.freeAt[slot] ?? 0);
    this.freeAt[slot] = beginAt + processMs;
    return { createdAt, beginAt, finishAt: beginAt + processMs };
  }
}

export function phaseAt(timeline: Timeline, ending: Ending, now: number): Phase {
  if (now < timeline.beginAt) return "WAITING";
  if (now < timeline.finishAt) return "PROCESSING";
  return ending.kind === "aborted" ? "ABORTED" : "FINISH";
}

/** How a processing task's Progress moves (--progress): linear 1..99, or 99 from the start. */
export type ProgressKind = "linear" | "stuck-99";

export function isProgressKind(value: string): value is ProgressKind {
  return value === "linear" || value === "stuck-99";
}

/** 0 while waiting, 1..99 while processing (stuck-99: 99 throughout), 100 once ended. */
export function progressAt(timeline: Timeline, now: number, kind: ProgressKind = "linear"): number {
  if (now < timeline.beginAt) return 0;
  if (now >= timeline.finishAt) return 100;
  if (kind === "stuck-99") return 99;
  const share = (now - timeline.beginAt) / Math.max(1, timeline.finishAt - timeline.beginAt);
  return Math.min(99, Math.max(1, Math.floor(share * 100)));
}

/** How the simulator's aborted tasks end (OperationCanceled is one of the SDK's ErrCodeExt values). */
export const ABORTED: Ending = {
  kind: "aborted",
  errCode: 70003,
  errCodeExt: "OperationCanceled",
  message: "The task was aborted.",
};

/** A task's ending: its prompt's, except that a share of the tasks (--abort-share, one draw per task) is aborted. */
export function endingFor(
  prompt: string,
  settings: { failMarker: string; abortMarker: string; abortShare: number },
  random: () => number,
): Ending {
  const drawn = settings.abortShare > 0 && random() < settings.abortShare;
  return drawn ? ABORTED : endingForPrompt(prompt, settings.failMarker, settings.abortMarker);
}

const FAILURES: Record<string, { errCode: number; message: string }> = {
  ContentModerationFailed: { errCode: 10010, message: "The content did not pass moderation." },
  TaskTimeout: { errCode: 70000, message: "The task timed out." },
  InternalError: { errCode: 70000, message: "Internal error." },
  ResourceInsufficient: { errCode: 70001, message: "Insufficient resources; try again later." },
  RequestLimitExceeded: { errCode: 70002, message: "Request limit exceeded." },
  ModelGenerateFailed: { errCode: 10020, message: "The model failed to generate the video." },
  "InvalidParameter.VoilationContent": { errCode: 10011, message: "The input contains prohibited content." },
};

/**
 * How a prompt says it should end: "<failMarker>" fails with ContentModerationFailed,
 * "<failMarker>:TaskTimeout" with that ErrCodeExt; "<failMarker>:NoOutput" finishes cleanly without a
 * downloadable file; "<abortMarker>" ends ABORTED.
 */
export function endingForPrompt(prompt: string, failMarker: string, abortMarker: string): Ending {
  if (abortMarker && prompt.includes(abortMarker)) return ABORTED;
  const at = failMarker ? prompt.indexOf(failMarker) : -1;
  if (at < 0) return { kind: "success" };
  const named = /^:([A-Za-z][A-Za-z.]*)/.exec(prompt.slice(at + failMarker.length))?.[1];
  if (named === "NoOutput") return { kind: "no_output" };
  const errCodeExt = named ?? "ContentModerationFailed";
  const known = FAILURES[errCodeExt] ?? { errCode: 10000, message: `The task failed (${errCodeExt}).` };
  return { kind: "failed", errCode: known.errCode, errCodeExt, message: known.message };
}
