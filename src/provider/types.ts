// The seam between reelform and an API: every arrow that talks to the API goes through a Provider
// (DESIGN.md). The executor, status and recovery receive one; none of them builds its own.
import type { CreateOutcome, QueryOutcome } from "../api/types.js";
import type { ApiErrorRecord } from "../lockfile/types.js";
import type { JsonObject } from "../util/canonical-json.js";

export const PROVIDER_NAMES = ["gateway", "tencent"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Who created an entry: recorded in the lockfile so that status always asks the same account. */
export interface EntryOrigin {
  /** Absent in a lockfile entry means gateway (every lockfile written before providers existed). */
  provider?: ProviderName;
  /** Tencent's VOD sub-application the task belongs to, when one was used. */
  sub_app_id?: number;
}

/** Time range and sessions to look for (DescribeTasks). */
export interface SessionLookup {
  sessionIds: ReadonlySet<string>;
  /** ms since epoch: tasks created from `after` to `before`. */
  after: number;
  before: number;
}

export type SessionLookupOutcome =
  | { ok: true; found: Map<string, string>; pages: number }
  | { ok: false; error: ApiErrorRecord; retryable: boolean };

/** Tasks created in a time range (ms since epoch), optionally of one status: batch status (DescribeTasks). */
export interface TaskListQuery {
  after: number;
  before: number;
  status?: "WAITING" | "PROCESSING" | "FINISH";
}

/** One task as a list answers it: no outputs (DescribeTaskDetail has those). */
export interface ListedTask {
  taskId: string;
  /** The API's word: WAITING, PROCESSING or FINISH (FINISH covers failures and aborts too). */
  status: string;
  createTime?: string;
  finishTime?: string;
}

export type TaskListOutcome = { ok: true; tasks: ListedTask[]; pages: number } | { ok: false; error: ApiErrorRecord; retryable: boolean };

export interface Provider {
  readonly name: ProviderName;
  /** Recorded with every entry this provider creates. */
  readonly origin: EntryOrigin;
  create(body: JsonObject, signal: AbortSignal): Promise<CreateOutcome>;
  query(taskId: string, signal?: AbortSignal, now?: number): Promise<QueryOutcome>;
  /** Tasks by session_id (only where the API can list them: Tencent's DescribeTasks). */
  findBySessions?(lookup: SessionLookup, signal?: AbortSignal): Promise<SessionLookupOutcome>;
  /** Batch status: every task in a range, 100 a page; `beforePage` runs before each request (rate limit). */
  listTasks?(query: TaskListQuery, signal?: AbortSignal, beforePage?: () => Promise<void>): Promise<TaskListOutcome>;
}

export function originOf(entry: EntryOrigin): Required<Pick<EntryOrigin, "provider">> & EntryOrigin {
  return { ...entry, provider: entry.provider ?? "gateway" };
}
