import type { SourceLocation } from "../diagnostics.js";
import type { LockEntry } from "../lockfile/types.js";
import type { JsonObject } from "../util/canonical-json.js";

export const PLAN_FORMAT_VERSION = 1;

/** The marks (docs/plans-and-lockfile.md): + create, ~ replace, = unchanged, - orphan (retired), ? in-doubt, ! failed, → moved (renamed key). */
export type Mark = "create" | "replace" | "unchanged" | "orphan" | "in_doubt" | "failed" | "moved";

export const MARK_SYMBOL: Record<Mark, string> = {
  create: "+",
  replace: "~",
  unchanged: "=",
  orphan: "-",
  in_doubt: "?",
  failed: "!",
  moved: "→",
};

/**
 * What apply does with an entry:
 * - submit: send body with a new session_id for `generation` (create, replace, forced, retried failure);
 * - resend: send the recorded body again with the recorded session_id (in-doubt);
 * - retire: mark the entry retired in the lockfile, keeping every generation (orphan; nothing is deleted);
 * - restore: a retired entry becomes current again as it is recorded (nothing is sent);
 * - move: the entry recorded under `moved_from` is recorded under this key (a rename; nothing is sent);
 * - none: nothing (unchanged, failed without --retry-failed, duplicate with TaskId unknown).
 */
type PlanAction = "submit" | "resend" | "retire" | "restore" | "move" | "none";

export interface PlanEntry {
  key: string;
  mark: Mark;
  action: PlanAction;
  /** Generation that will be (re)sent; for none/drop the recorded one. */
  generation: number;
  /** session_id that apply will send (submit/resend). */
  session_id: string | null;
  old_hash: string | null;
  new_hash: string | null;
  /** Body to send, without session_id (submit/resend); null otherwise. */
  body: JsonObject | null;
  /** Seconds of video this entry will generate when sent (0 otherwise). */
  seconds: number;
  /** Why: "forced by --replace", "rejected: InvalidParameter …", "task failed: …", "created, TaskId unknown". */
  reason?: string;
  /** Manifest video and source line, when the key is in the manifest. */
  video?: string;
  origin?: SourceLocation;
  /** The lockfile entry as recorded, when there is one. */
  recorded?: LockEntry;
  /** The review verdict on the recorded generation (launch.review.yaml), when there is one. */
  review?: PlanReview;
  /** A rename: the key whose lockfile entry moves to this key (action move, or submit on top of the moved entry). */
  moved_from?: string;
}

export interface PlanReview {
  verdict: "approved" | "rejected";
  generation: number;
  note?: string;
  by?: string;
  at: string;
}

export interface PlanSummary {
  counts: Record<Mark, number>;
  /** Seconds of video to be generated, per model name ("Kling 2.1"?: per "model_name model_version"). */
  seconds_by_model: Record<string, number>;
  estimated_cost?: { total: number; currency?: string; unpriced: string[] };
  budget?: number;
}

export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  campaign: string;
  manifest: string;
  lockfile: string;
  entries: PlanEntry[];
  summary: PlanSummary;
  /** Things worth knowing that do not stop the plan (e.g. a --target pattern that matches nothing). */
  warnings?: string[];
}
