import type { JsonObject } from "../util/canonical-json.js";

/**
 * The format reelform writes: 3 leaves out what the rest of an entry gives (lockfile/stored-shape.ts; 2 left out
 * less). Formats 1 and 2 are read as well, and written back as 3 by the next command that writes.
 */
export const LOCKFILE_FORMAT_VERSION = 3;
type LockfileFormatVersion = 1 | 2 | typeof LOCKFILE_FORMAT_VERSION;

/** The record of what was generated; one per manifest (launch.yaml -> launch.lock.json). */
export interface Lockfile {
  /** The format the lockfile was read in (a new one: the current); written always in LOCKFILE_FORMAT_VERSION. */
  format_version: LockfileFormatVersion;
  campaign: string;
  /** Keyed by request key; written sorted by key. */
  entries: Record<string, LockEntry>;
}

/**
 * How the last submission of this key ended:
 * - created: the API returned a TaskId;
 * - in_doubt: a request was started and its outcome is unknown (crash, timeout): re-sent with the same session_id;
 * - duplicate: the API refused the session_id as already used: a task exists but its TaskId was lost;
 * - rejected: the API refused the request as invalid (error holds its code and message).
 */
export type Submission = "created" | "in_doubt" | "duplicate" | "rejected";

export interface LockEntry {
  hash: string;
  generation: number;
  session_id: string;
  submission: Submission;
  /** The provider that created this entry; absent means gateway (status queries it through the same one). */
  provider?: "gateway" | "tencent";
  /** Tencent's VOD sub-application (SubAppId) the task was created in, when one was used. */
  sub_app_id?: number;
  task_id?: string;
  request_id?: string;
  /** ISO 8601 time the request (of this generation) was first sent. */
  submitted_at?: string;
  /** The API's own code and message, for rejected (and duplicate) submissions. */
  error?: ApiErrorRecord;
  /** A plain explanation for a human (e.g. for duplicate). */
  note?: string;
  /** The body as sent, with session_id. */
  body: JsonObject;
  /** Recorded by `status`. */
  task?: TaskRecord;
  /** Recorded by `reelform check` / `apply --check`: this generation's video file against its request. */
  checks?: CheckRecord;
  /**
   * Set when the key left the manifest (ISO 8601 time of the apply that retired it): the entry and every
   * generation stay recorded, are not current, and come back when the key does. Only `state rm` forgets.
   */
  retired_at?: string;
  /** Set by `reelform import` when the task was adopted although its request differs from the key's. */
  imported?: ImportRecord;
  /**
   * Earlier generations of this key that may have created a paid task (created, duplicate or in
   * doubt when a new generation replaced them), oldest first. A TaskId is never dropped.
   */
  earlier?: EarlierGeneration[];
}

/** A generation replaced by a newer one: kept so that its task is never lost. */
export type EarlierGeneration = Omit<LockEntry, "earlier" | "retired_at">;

/** How a task made elsewhere was adopted by `reelform import`. */
interface ImportRecord {
  at: string;
  /** The fields where the task's request differed from the key's (`--allow-mismatch`); absent when they matched. */
  differences?: string[];
}

/** A key recorded but no longer in the manifest (kept with every generation until `state rm`). */
export function isRetired(entry: LockEntry): boolean {
  return entry.retired_at !== undefined;
}

/** Check results that hold for the file with this sha256 only (a changed file loses them). */
export interface CheckRecord {
  sha256: string;
  results: CheckResultRecord[];
}

export interface CheckResultRecord {
  check: string;
  /** not_run: the tool it needs was absent; never counted as passed. */
  outcome: "passed" | "failed" | "not_run";
  measured?: string;
  asked?: string;
  tool: string;
  version?: string;
  note?: string;
}

export interface ApiErrorRecord {
  code: string;
  message: string;
  http_status?: number;
  request_id?: string;
}

/**
 * reelform's reading of a task's state (docs/api.md: FINISH is not success by itself). no_output: a clean
 * FINISH whose outputs hold no downloadable file (only FileContent, or a FileId without a URL).
 */
export type TaskState = "waiting" | "processing" | "succeeded" | "failed" | "no_output" | "expired" | "unknown";

export interface TaskRecord {
  state: TaskState;
  /** The API's own Status string (WAITING, PROCESSING, FINISH, ABORTED, …). */
  api_status: string;
  progress?: number;
  checked_at: string;
  create_time?: string;
  /** When processing began (the API's BeginProcessTime): with progress, it tells when the task will finish. */
  begin_process_time?: string;
  finish_time?: string;
  error?: { err_code: number; err_code_ext: string; message: string; transient: boolean };
  output_seconds?: number;
  outputs: TaskOutput[];
  /** Outputs without a FileUrl (AigcVideoTaskOutputFileInfo with only FileContent, FileId or UsageType). */
  other_outputs?: OtherOutput[];
}

export interface OtherOutput {
  usage_type?: string;
  file_id?: string;
  file_type?: string;
  /** FileContent (e.g. a 3D scene's position_info), as the API sent it. */
  content?: string;
}

export interface TaskOutput {
  url: string;
  expires_at?: string;
  storage_mode?: string;
  file_id?: string;
  file_type?: string;
  media_name?: string;
  /** UsageType of the file (scene_url, mesh_url, image_url, …), when the API names one. */
  usage_type?: string;
  /** The media's MetaData (MediaMetaData) as the API reports it, from DescribeTaskDetail or DescribeMediaInfos: pixels and seconds. */
  width?: number;
  height?: number;
  duration?: number;
  /** Recorded by `pull` after a complete download. */
  size?: number;
  sha256?: string;
}

/** A task has ended when nothing more will happen to it. */
export function taskEnded(task: TaskRecord | undefined): boolean {
  return (
    task !== undefined &&
    (task.state === "succeeded" || task.state === "failed" || task.state === "no_output" || task.state === "expired")
  );
}
