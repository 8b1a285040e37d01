// One status pass: query every unfinished task once (bounded, rate-limited, retried), then record the
// answers in the lockfile under the lock. The network is never used while the lock is held.
import pLimit from "p-limit";
import { stopsTheRun } from "../api/query.js";
import type { QueryOutcome } from "../api/types.js";
import type { ApiErrorRecord, LockEntry, Lockfile, TaskRecord } from "../lockfile/types.js";
import type { EntryOrigin } from "../provider/types.js";
import type { Clock } from "../sched/clock.js";
import type { TokenBucket } from "../sched/token-bucket.js";
import { mergeTaskRecord } from "../lockfile/merge-task.js";
import { queryWithRetry, type QueryFn } from "./query-retry.js";
import type { LockfileStore } from "./store.js";
import { expiredRecord, pastQueryWindow, queryWindow } from "./window.js";

export interface PassDeps {
  store: LockfileStore;
  query: QueryFn;
  bucket: TokenBucket;
  clock: Clock;
  parallelism: number;
  /** Stop starting queries (first Ctrl-C). */
  stopSignal?: AbortSignal;
  /** Abort queries in flight (second Ctrl-C). */
  abortSignal?: AbortSignal;
  /**
   * With a state database: waits for a slot of the account's shared query rate (docs/state.md). `query` draws
   * on it by itself; requests that are not a task's own query (a batch listing's page, a media request) call
   * this, one slot a request, as each costs one request upstream.
   */
  sharedSlot?(origin: EntryOrigin, signal?: AbortSignal): Promise<void>;
}

export interface PassProblem {
  key: string;
  task_id: string;
  kind: "retryable" | "not_found" | "fatal";
  error: ApiErrorRecord;
}

export interface PassResult {
  lockfile: Lockfile;
  queried: string[];
  expired: string[];
  problems: PassProblem[];
  /** An answer (401/403, AuthFailure) after which no query can succeed: the pass stopped early. */
  runStopped?: ApiErrorRecord;
}

export async function runStatusPass(
  path: string,
  lockfile: Lockfile,
  deps: PassDeps,
  refresh: boolean,
): Promise<PassResult> {
  const now = deps.clock.now();
  // Both lists from the entries as read (the queries below change nothing in them until the update).
  const { query: keys, expire: expired } = queryWindow(lockfile.entries, now, refresh);
  const answers = await queryAll(lockfile, keys, deps);
  const checkedAt = new Date(deps.clock.now()).toISOString();
  const result: PassResult = { lockfile, queried: [...answers.keys()], expired, problems: [] };
  const updates = new Map<string, { taskId: string; record: TaskRecord }>();
  for (const [key, { taskId, outcome }] of answers) {
    const record = recordFor(outcome, lockfile.entries[key], checkedAt, now);
    if (record) updates.set(key, { taskId, record });
    else if (outcome.kind !== "ok")
      result.problems.push({ key, task_id: taskId, kind: outcome.kind, error: outcome.error });
    if (outcome.kind === "fatal" && stopsTheRun(outcome.error)) result.runStopped = outcome.error;
  }
  for (const key of expired) {
    const entry = lockfile.entries[key];
    if (entry?.task_id) updates.set(key, { taskId: entry.task_id, record: expiredRecord(entry.task, checkedAt) });
  }
  // Only the answered and expired entries change: the others are written as they were read.
  if (updates.size > 0)
    result.lockfile = await deps.store.update(path, (fresh) => applyUpdates(fresh, updates), new Set(updates.keys()));
  return result;
}

export type Answers = Map<string, { taskId: string; outcome: QueryOutcome }>;

/** Queries `keys` (bounded, rate-limited, retried); stops starting new ones after an answer that stops the run. */
export async function queryAll(lockfile: Lockfile, keys: string[], deps: PassDeps): Promise<Answers> {
  const limit = pLimit(deps.parallelism);
  const answers: Answers = new Map();
  const reach = { answered: false };
  let stopped = false;
  await Promise.all(
    keys.map((key) =>
      limit(async () => {
        const entry = lockfile.entries[key];
        const taskId = entry?.task_id;
        if (!taskId || stopped || deps.stopSignal?.aborted) return;
        const outcome = await queryWithRetry(taskId, { ...deps, signal: deps.abortSignal, reach }, entry);
        if (outcome.kind === "fatal" && stopsTheRun(outcome.error)) stopped = true;
        answers.set(key, { taskId, outcome });
      }),
    ),
  );
  return new Map([...answers].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** What to store for one answer, or undefined when the answer is a problem to report instead. */
export function recordFor(
  outcome: QueryOutcome,
  entry: LockEntry | undefined,
  checkedAt: string,
  now: number,
): TaskRecord | undefined {
  if (outcome.kind === "ok") return mergeTaskRecord(entry?.task, { ...outcome.task, checked_at: checkedAt });
  if (outcome.kind !== "not_found" || !entry) return undefined;
  // The API no longer knows a task that is past the window, or whose age we cannot tell: it expired.
  const unknownAge = !entry.submitted_at && !entry.task?.create_time;
  return unknownAge || pastQueryWindow(entry, now) ? expiredRecord(entry.task, checkedAt) : undefined;
}

/** Only entries still holding the queried TaskId are touched: apply may have replaced one meanwhile. */
export function applyUpdates(fresh: Lockfile, updates: Map<string, { taskId: string; record: TaskRecord }>): void {
  for (const [key, { taskId, record }] of updates) {
    const entry = fresh.entries[key];
    if (entry?.task_id === taskId) entry.task = mergeTaskRecord(entry.task, record);
  }
}
