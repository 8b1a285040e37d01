// The seam between reelform and an API: everything that talks to the API goes through a Provider
// (docs/providers.md, docs/internals.md). The executor, status and recovery receive one; none of them builds its own.
import type { InterpretedTask } from "../api/interpret.js";
import type { CreateOutcome, QueryOutcome } from "../api/outcomes.js";
import type { ApiErrorRecord } from "../lockfile/types.js";
import type { JsonObject } from "../util/canonical-json.js";

import type { ProviderName } from "../config/provider-choice.js";

export type { ProviderName } from "../config/provider-choice.js";

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
  { ok: true; found: Map<string, string>; pages: number } | { ok: false; error: ApiErrorRecord; retryable: boolean };

/**
 * Batch status (DescribeTasks): the tasks created in a time range (ms since epoch) that ended from
 * `finishedAfter` on (FinishTime.After). No Status filter: it takes only WAITING, PROCESSING or FINISH
 * (vod_models.d.ts, DescribeTasksRequest.Status), and a task can end ABORTED too; a FinishTime range keeps both.
 */
export interface TaskListQuery {
  after: number;
  before: number;
  finishedAfter: number;
}

/** The statuses of a task that has ended, as a listing writes them (TaskSimpleInfo.Status). */
export const ENDED_STATUSES: ReadonlySet<string> = new Set(["FINISH", "ABORTED"]);

/** One task as a list answers it: no outputs, no error (DescribeTaskDetail has those). */
export interface ListedTask {
  taskId: string;
  /** The API's word: WAITING, PROCESSING, FINISH or ABORTED (TaskSimpleInfo.Status). FINISH covers failures too. */
  status: string;
  createTime?: string;
  beginProcessTime?: string;
  finishTime?: string;
  /** The output's media file (Tencent's TaskSimpleInfo.FileId: kept media, i.e. Permanent storage). */
  fileId?: string;
}

/** `truncated`: the listing stopped at its page bound with more to come (it does not cover the whole range). */
export type TaskListOutcome =
  | { ok: true; tasks: ListedTask[]; pages: number; truncated?: true }
  | { ok: false; error: ApiErrorRecord; retryable: boolean };

/**
 * Finished tasks settled from their kept media (Tencent: DescribeMediaInfos, 20 files a request) instead of a
 * detail query each. A task missing from `records` (file unknown, request failed) is left to a detail query.
 */
export interface MediaSettled {
  records: Map<string, InterpretedTask>;
  requests: number;
  /** Failed requests (already redacted): their tasks fall back to detail queries. */
  errors: ApiErrorRecord[];
}

export interface Provider {
  readonly name: ProviderName;
  /** Recorded with every entry this provider creates. */
  readonly origin: EntryOrigin;
  /** Never throws: every answer, refusal and transport failure is an outcome. */
  create(body: JsonObject, signal: AbortSignal): Promise<CreateOutcome>;
  /** Never throws. `now`: the caller's clock time, where the provider dates anything (a Retry-After). */
  query(taskId: string, signal?: AbortSignal, now?: number): Promise<QueryOutcome>;
  /** Tasks by session_id (only where the API can list them: Tencent's DescribeTasks); `beforePage` runs before each request (rate limit). */
  findBySessions?(
    lookup: SessionLookup,
    signal?: AbortSignal,
    beforePage?: () => Promise<void>,
  ): Promise<SessionLookupOutcome>;
  /** Batch status: every task in a range, 100 a page; `beforePage` runs before each request (rate limit). */
  listTasks?(query: TaskListQuery, signal?: AbortSignal, beforePage?: () => Promise<void>): Promise<TaskListOutcome>;
  /** Listed FINISH tasks with a FileId, settled from their media; `beforeRequest` runs before each request. */
  settleFromMedia?(
    tasks: ListedTask[],
    signal?: AbortSignal,
    beforeRequest?: () => Promise<void>,
  ): Promise<MediaSettled>;
}

/** Who created an entry (no copy of the entry: plan asks this of every one of 500,000 entries). */
export function providerNameOf(entry: EntryOrigin): ProviderName {
  return entry.provider ?? "gateway";
}

export function originOf(entry: EntryOrigin): Required<Pick<EntryOrigin, "provider">> & EntryOrigin {
  const origin: Required<Pick<EntryOrigin, "provider">> & EntryOrigin = { provider: providerNameOf(entry) };
  if (entry.sub_app_id !== undefined) origin.sub_app_id = entry.sub_app_id;
  return origin;
}
