// What batch listings have taught, per provider and sub-application, kept across a pipeline's looks, so a
// look lists only what finished since the last one (DescribeTasks with Status FINISH and a FinishTime from
// which) instead of every pending task again: about one page a look.
//
// A pending task that a complete FINISH-only listing over its creation time does not list is still running.
// A task once listed FINISH is remembered until it leaves the pipeline: when its outputs could not be had
// (a failed query), later listings that no longer reach back to its finish still know it finished.
import type { ListedTask, TaskListOutcome, TaskListQuery } from "../provider/types.js";
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

interface GroupMemory {
  finished: Map<string, ListedTask>;
  /** The latest FinishTime listed (the API's clock, ms). */
  latestFinish?: number;
  /** When (our clock) the last listing that reached back to the start succeeded. */
  fullAt?: number;
}

export class ListingMemory {
  private readonly groups = new Map<string, GroupMemory>();

  /** The next listing of a group: its tasks' creation range, FINISH only, from shortly before the latest finish seen. */
  queryFor(groupId: string, createdTimes: number[], now: number): TaskListQuery {
    const group = this.group(groupId);
    const query: TaskListQuery = { after: (minOf(createdTimes) ?? now) - CREATE_PAD_MS, before: (maxOf(createdTimes) ?? now) + CREATE_PAD_MS, status: "FINISH" };
    const recentFull = group.fullAt !== undefined && now - group.fullAt < FULL_LISTING_EVERY_MS;
    if (recentFull && group.latestFinish !== undefined) query.finishedAfter = group.latestFinish - FINISH_PAD_MS;
    return query;
  }

  /** Learns from a complete listing; a failed or truncated one teaches nothing (its tasks are queried instead). */
  learn(groupId: string, query: TaskListQuery, outcome: TaskListOutcome, now: number): boolean {
    if (!outcome.ok || outcome.truncated) return false;
    const group = this.group(groupId);
    for (const task of outcome.tasks.filter((t) => t.status === "FINISH")) {
      group.finished.set(task.taskId, task);
      const finish = Date.parse(task.finishTime ?? "");
      if (!Number.isNaN(finish)) group.latestFinish = Math.max(group.latestFinish ?? finish, finish);
    }
    if (query.finishedAfter === undefined) group.fullAt = now;
    return true;
  }

  /** Pending tasks of the group known to have finished; forgets those no longer pending. */
  finished(groupId: string, pendingIds: ReadonlySet<string>): Map<string, ListedTask> {
    const group = this.group(groupId);
    for (const id of group.finished.keys()) if (!pendingIds.has(id)) group.finished.delete(id);
    return group.finished;
  }

  private group(id: string): GroupMemory {
    let group = this.groups.get(id);
    if (!group) this.groups.set(id, (group = { finished: new Map() }));
    return group;
  }
}
