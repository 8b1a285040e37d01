// One look at the due tasks. Where their provider can list tasks (batch status), one DescribeTasks page
// answers for up to 100 of them, and only those it says FINISH (for their outputs), or does not list, are
// queried one by one; elsewhere every due task is queried (the same bounded, rate-limited, retried query
// as a status pass).
import type { Lockfile } from "../lockfile/types.js";
import type { EntryOrigin, ListedTask, Provider } from "../provider/types.js";
import { queryAll, type Answers, type PassDeps } from "../status/pass.js";
import type { TrackedTask } from "./tracker.js";

export interface RoundDeps extends PassDeps {
  /** The batch listing of an entry's provider, when it has one. */
  listerFor(origin: EntryOrigin): Provider["listTasks"];
}

export interface RoundResult {
  answers: Answers;
  /** Tasks a listing saw still WAITING or PROCESSING: looked at without a query of their own. */
  listedRunning: string[];
  /** Listing requests sent (pages). */
  listPages: number;
}

/** A listing's CreateTime range is padded: Tencent writes times to the second. */
const RANGE_PAD_MS = 2000;

export async function lookAt(lockfile: Lockfile, due: TrackedTask[], pending: TrackedTask[], deps: RoundDeps): Promise<RoundResult> {
  const result: RoundResult = { answers: new Map(), listedRunning: [], listPages: 0 };
  const toQuery = new Set(due.filter((t) => !t.batch).map((t) => t.key));
  for (const group of batchGroups(due, pending)) {
    const listed = await listGroup(group, deps, result);
    for (const task of group) {
      const status = listed?.get(task.taskId)?.status;
      if (status === "FINISH" || (status === undefined && due.includes(task))) toQuery.add(task.key);
      else if (status !== undefined) result.listedRunning.push(task.key);
    }
  }
  // In the order they came due (longest overdue first): with the rate saturated, none starves.
  const order = new Map(due.map((t, i) => [t.key, i]));
  result.answers = await queryAll(lockfile, [...toQuery].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1)), deps);
  return result;
}

/** Pending batch tasks by provider and sub-application, for the groups with at least one task due. */
function batchGroups(due: TrackedTask[], pending: TrackedTask[]): TrackedTask[][] {
  const groups = new Map<string, TrackedTask[]>();
  for (const task of pending.filter((t) => t.batch)) {
    const id = `${task.origin.provider ?? "gateway"}:${task.origin.sub_app_id ?? ""}`;
    groups.set(id, [...(groups.get(id) ?? []), task]);
  }
  return [...groups.values()].filter((group) => group.some((task) => due.includes(task)));
}

/** One listing over the group's creation times; undefined when it failed (its due tasks are queried instead). */
async function listGroup(group: TrackedTask[], deps: RoundDeps, result: RoundResult): Promise<Map<string, ListedTask> | undefined> {
  const list = deps.listerFor(group[0]?.origin ?? {});
  if (!list || deps.stopSignal?.aborted) return undefined;
  const times = group.map((t) => t.timing.createdAt ?? t.timing.submittedAt);
  const query = { after: Math.min(...times) - RANGE_PAD_MS, before: Math.max(...times) + RANGE_PAD_MS };
  const outcome = await list(query, deps.abortSignal, async () => {
    result.listPages += 1;
    await deps.bucket.acquire(deps.abortSignal);
  });
  return outcome.ok ? new Map(outcome.tasks.map((t) => [t.taskId, t])) : undefined;
}
