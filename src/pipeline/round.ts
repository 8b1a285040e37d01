// One look at the due tasks. Where their provider can list tasks (batch status), one DescribeTasks page of
// the tasks that ended (FINISH or ABORTED) since the last look answers for all of them: those it does not
// list are still running, unless unlisted well past their class's estimate (then a detail query each,
// listings.ts). A finished task whose output is kept media (Permanent storage) is settled from its media, 20 a
// request (DescribeMediaInfos); the others, and due tasks no listing covered, are queried one by one.
// Elsewhere every due task is queried (the same bounded, rate-limited, retried query as a status pass).
import type { InterpretedTask } from "../api/interpret.js";
import type { Lockfile } from "../lockfile/types.js";
import type { EntryOrigin, ListedTask, Provider } from "../provider/types.js";
import type { JsonObject } from "../util/canonical-json.js";
import { queryAll, type Answers, type PassDeps } from "../status/pass.js";
import { PRIOR, type Estimate } from "./estimate.js";
import { ListingMemory, unlistedBoundMs } from "./listings.js";
import type { TrackedTask } from "./tracker.js";

export interface RoundDeps extends PassDeps {
  /** The batch listing of an entry's provider, when it has one. */
  listerFor(origin: EntryOrigin): Provider["listTasks"];
  /** Its media route (outputs of finished tasks kept Permanent, many a request), when it has one. */
  mediaFor?(origin: EntryOrigin): Provider["settleFromMedia"];
  /** What listings learned, kept across looks; without it every look lists from the start. */
  listings?: ListingMemory;
  /** How long tasks of this one's class take (the tracker's book); without it, the prior. */
  estimateOf?(task: TrackedTask): Estimate;
}

export interface RoundResult {
  answers: Answers;
  /** Tasks a listing saw still running: looked at without a query of their own. */
  listedRunning: string[];
  /** Listing requests sent (pages). */
  listPages: number;
  /** Media requests sent (DescribeMediaInfos). */
  mediaRequests: number;
}

interface Group {
  id: string;
  tasks: TrackedTask[];
}

export async function lookAt(
  lockfile: Lockfile,
  due: TrackedTask[],
  pending: TrackedTask[],
  deps: RoundDeps,
): Promise<RoundResult> {
  const result: RoundResult = { answers: new Map(), listedRunning: [], listPages: 0, mediaRequests: 0 };
  const look: Look = {
    lockfile,
    due: new Set(due),
    memory: deps.listings ?? new ListingMemory(),
    toQuery: new Set(due.filter((t) => !t.batch).map((t) => t.key)),
    settled: new Map(),
  };
  for (const group of batchGroups(look.due, pending)) await lookAtGroup(group, look, deps, result);
  // In the order they came due (longest overdue first): with the rate saturated, none starves.
  const order = new Map(due.map((t, i) => [t.key, i]));
  const queried = await queryAll(
    lockfile,
    [...look.toQuery].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1)),
    deps,
  );
  result.answers = new Map([...look.settled, ...queried].sort(([a], [b]) => (a < b ? -1 : 1)));
  return result;
}

interface Look {
  lockfile: Lockfile;
  due: ReadonlySet<TrackedTask>;
  memory: ListingMemory;
  /** Keys to query one by one. */
  toQuery: Set<string>;
  /** Answers had without a query of their own (from media). */
  settled: Answers;
}

/** One group's listing: running tasks wait for their schedule, finished ones are settled from media or queried. */
async function lookAtGroup(group: Group, look: Look, deps: RoundDeps, result: RoundResult): Promise<void> {
  const { finished, covered } = await listGroup(group, look.memory, deps, result);
  const ended = group.tasks.filter((task) => finished.has(task.taskId));
  const running = group.tasks.filter((task) => !finished.has(task.taskId));
  for (const task of running) {
    if (covered && !(look.due.has(task) && unlistedTooLong(group.id, task, look.memory, deps)))
      result.listedRunning.push(task.key);
    else if (look.due.has(task)) look.toQuery.add(task.key);
  }
  const fromMedia = await settleFromMedia(look.lockfile, ended, finished, deps, result);
  for (const task of ended) {
    const record = fromMedia.get(task.taskId);
    if (record) look.settled.set(task.key, { taskId: task.taskId, outcome: { kind: "ok", task: record } });
    else look.toQuery.add(task.key);
  }
}

/** A due task no listing shows ended, well past its class's estimate (unlistedBoundMs): its own detail query. */
function unlistedTooLong(groupId: string, task: TrackedTask, memory: ListingMemory, deps: RoundDeps): boolean {
  const age = deps.clock.now() - (task.timing.createdAt ?? task.timing.submittedAt);
  return memory.unlistedDue(groupId, task.taskId, age, unlistedBoundMs(deps.estimateOf?.(task) ?? PRIOR));
}

/** Pending batch tasks by provider and sub-application, for the groups with at least one task due. */
function batchGroups(due: ReadonlySet<TrackedTask>, pending: TrackedTask[]): Group[] {
  const groups = new Map<string, TrackedTask[]>();
  for (const task of pending.filter((t) => t.batch)) {
    const id = `${task.origin.provider ?? "gateway"}:${task.origin.sub_app_id ?? ""}`;
    const group = groups.get(id);
    if (group) group.push(task);
    else groups.set(id, [task]);
  }
  return [...groups].filter(([, tasks]) => tasks.some((task) => due.has(task))).map(([id, tasks]) => ({ id, tasks }));
}

/**
 * The group's tasks known to have finished (this listing's and earlier ones'), and whether this listing
 * covered the group: when it failed or stopped short, its due tasks are queried instead.
 */
async function listGroup(
  group: Group,
  memory: ListingMemory,
  deps: RoundDeps,
  result: RoundResult,
): Promise<{ finished: Map<string, ListedTask>; covered: boolean }> {
  const pendingIds = new Set(group.tasks.map((t) => t.taskId));
  const list = deps.listerFor(group.tasks[0]?.origin ?? {});
  if (!list || deps.stopSignal?.aborted) return { finished: memory.finished(group.id, pendingIds), covered: false };
  const now = deps.clock.now();
  const query = memory.queryFor(
    group.id,
    group.tasks.map((t) => t.timing.createdAt ?? t.timing.submittedAt),
    now,
  );
  const origin = group.tasks[0]?.origin ?? {};
  const outcome = await list(query, deps.abortSignal, () => takeToken(deps, origin, () => (result.listPages += 1)));
  const covered = memory.learn(group.id, query, outcome, now);
  return { finished: memory.finished(group.id, pendingIds), covered };
}

/** Finished tasks whose entry asked for Permanent storage and whose listing gave a FileId: settled from their media. */
async function settleFromMedia(
  lockfile: Lockfile,
  ended: TrackedTask[],
  finished: Map<string, ListedTask>,
  deps: RoundDeps,
  result: RoundResult,
): Promise<Map<string, InterpretedTask>> {
  const kept = ended.filter(
    (task) => finished.get(task.taskId)?.fileId && asksPermanent(lockfile.entries[task.key]?.body),
  );
  const origin = kept[0]?.origin ?? {};
  const settle = kept.length > 0 && !deps.stopSignal?.aborted ? deps.mediaFor?.(origin) : undefined;
  if (!settle) return new Map();
  const listed = kept.map((task) => finished.get(task.taskId) as ListedTask);
  const outcome = await settle(listed, deps.abortSignal, () =>
    takeToken(deps, origin, () => (result.mediaRequests += 1)),
  );
  return outcome.records;
}

function asksPermanent(body: JsonObject | undefined): boolean {
  const config = body?.output_config;
  return config !== null && typeof config === "object" && !Array.isArray(config) && config.storage_mode === "Permanent";
}

/**
 * Listing pages and media requests take their token from the same limiter as detail queries, and, with a state
 * database, a slot of the account's shared query rate: one request upstream, one slot, however many tasks it answers.
 */
async function takeToken(deps: RoundDeps, origin: EntryOrigin, count: () => void): Promise<void> {
  count();
  await deps.bucket.acquire(deps.abortSignal);
  await deps.sharedSlot?.(origin, deps.abortSignal);
}
