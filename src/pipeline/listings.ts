// What batch listings have taught, per provider and sub-application, kept across a pipeline's looks, so a
// look lists only what ended since the last one (DescribeTasks with a FinishTime from which) instead of
// every pending task again: about one page a look.
//
// A listing asks for the tasks that *ended* (FinishTime), not for `Status: FINISH`: that filter leaves out
// tasks that ended ABORTED (the SDK's TaskSimpleInfo.Status has four values, its Status filter three). A
// task listed FINISH or ABORTED has ended; a pending task that a complete listing over its creation time
// does not list as ended is still running, until it is unlisted well past its class's estimate
// (`unlistedBoundMs`): then it gets a detail query of its own, in case the listing never shows its end.
// A task once listed ended is remembered until it leaves the pipeline: when its outputs could not be had
// (a failed query), later listings that no longer reach back to its finish still know it ended.
import { ENDED_STATUSES, type ListedTask, type TaskListOutcome, type TaskListQuery } from "../provider/types.js";
import type { Estimate } from "./estimate.js";
import { maxOf, minOf } from "../util/arrays.js";

/**
 * Creation times we estimate from our own clock (a task not answered yet) are within this of the API's:
 * a TC3-signed request is refused when this machine's clock is more than 5 minutes off.
 */
export const CREATE_PAD_MS = 5 * 60_000 + 2000;
/** A listing reaches this far back before the latest finish seen: Tencent writes times to the second. */
export const FINISH_PAD_MS = 5000;
/** At least this often a listing reaches back to the start, in case the API listed a finish late. */
export const FULL_LISTING_EVERY_MS = 60_000;
/** Added to twice the class's slow time (its estimate's high) before an unlisted task gets a detail query. */
const UNLISTED_SLACK_MS = 60_000;

/**
 * How long after its creation a batch task may stay unlisted as ended before it gets a detail query of its
 * own: twice its class's slow time (80th percentile) plus a minute (5 minutes with nothing learned yet).
 * Later detail queries come each time its age doubles, so a task that really runs long costs a few queries.
 */
export function unlistedBoundMs(estimate: Estimate): number {
  return 2 * estimate.highMs + UNLISTED_SLACK_MS;
}

interface GroupMemory {
  finished: Map<string, ListedTask>;
  /** The latest FinishTime listed (the API's clock, ms). */
  latestFinish?: number;
  /** When (our clock) the last listing that reached back to the start succeeded. */
  fullAt?: number;
  /** Unlisted tasks given a detail query: the age from which the next one is due. */
  nextDetailAge: Map<string, number>;
}

export class ListingMemory {
  private readonly groups = new Map<string, GroupMemory>();

  /** The next listing of a group: its tasks' creation range, ended from shortly before the latest finish seen (else from the start). */
  queryFor(groupId: string, createdTimes: number[], now: number): TaskListQuery {
    const group = this.group(groupId);
    const after = (minOf(createdTimes) ?? now) - CREATE_PAD_MS;
    const query: TaskListQuery = { after, before: (maxOf(createdTimes) ?? now) + CREATE_PAD_MS, finishedAfter: after };
    const recentFull = group.fullAt !== undefined && now - group.fullAt < FULL_LISTING_EVERY_MS;
    if (recentFull && group.latestFinish !== undefined)
      query.finishedAfter = Math.max(after, group.latestFinish - FINISH_PAD_MS);
    return query;
  }

  /** Learns from a complete listing; a failed or truncated one teaches nothing (its tasks are queried instead). */
  learn(groupId: string, query: TaskListQuery, outcome: TaskListOutcome, now: number): boolean {
    if (!outcome.ok || outcome.truncated) return false;
    const group = this.group(groupId);
    for (const task of outcome.tasks.filter((t) => ENDED_STATUSES.has(t.status))) {
      group.finished.set(task.taskId, task);
      const finish = Date.parse(task.finishTime ?? "");
      if (!Number.isNaN(finish)) group.latestFinish = Math.max(group.latestFinish ?? finish, finish);
    }
    if (query.finishedAfter <= query.after) group.fullAt = now;
    return true;
  }

  /** Pending tasks of the group known to have ended; forgets those no longer pending. */
  finished(groupId: string, pendingIds: ReadonlySet<string>): Map<string, ListedTask> {
    const group = this.group(groupId);
    for (const id of group.finished.keys()) if (!pendingIds.has(id)) group.finished.delete(id);
    for (const id of group.nextDetailAge.keys()) if (!pendingIds.has(id)) group.nextDetailAge.delete(id);
    return group.finished;
  }

  /** Whether a task no listing shows as ended is due a detail query now (and, if so, when the next one is). */
  unlistedDue(groupId: string, taskId: string, ageMs: number, boundMs: number): boolean {
    const next = this.group(groupId).nextDetailAge;
    if (ageMs < (next.get(taskId) ?? boundMs)) return false;
    next.set(taskId, 2 * ageMs);
    return true;
  }

  private group(id: string): GroupMemory {
    let group = this.groups.get(id);
    if (!group) this.groups.set(id, (group = { finished: new Map(), nextDetailAge: new Map() }));
    return group;
  }
}
