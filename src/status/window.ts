// The API answers queries only for tasks from the last 3 days (docs/api.md): past that, a task that
// never ended is "expired" and is never queried again.
import type { LockEntry, TaskRecord } from "../lockfile/types.js";
import { taskEnded } from "../lockfile/types.js";

const QUERY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

/** When the task was created, as far as the lockfile knows (submission time first). */
function startedAt(entry: LockEntry): number | undefined {
  const iso = entry.submitted_at ?? entry.task?.create_time;
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function pastQueryWindow(entry: LockEntry, now: number): boolean {
  const started = startedAt(entry);
  return started !== undefined && now - started > QUERY_WINDOW_MS;
}

/** The entries a pass should query: a TaskId, inside the window, and not ended (or all with refresh). */
export function entriesToQuery(entries: Record<string, LockEntry>, now: number, refresh: boolean): string[] {
  return queryWindow(entries, now, refresh).query;
}

/** Entries past the window whose task never ended: they become "expired" without a query. */
export function entriesToExpire(entries: Record<string, LockEntry>, now: number): string[] {
  return queryWindow(entries, now, false).expire;
}

/** entriesToQuery and entriesToExpire in one pass over the entries (each sorted by key). */
export function queryWindow(
  entries: Record<string, LockEntry>,
  now: number,
  refresh: boolean,
): { query: string[]; expire: string[] } {
  const query: string[] = [];
  const expire: string[] = [];
  for (const key of Object.keys(entries)) {
    const entry = entries[key] as LockEntry;
    if (!entry.task_id) continue; // the cheap tests first
    const ended = taskEnded(entry.task);
    if (ended && !refresh) continue;
    if (!pastQueryWindow(entry, now)) query.push(key);
    else if (!ended) expire.push(key);
  }
  return { query: query.sort(), expire: expire.sort() };
}

export function expiredRecord(previous: TaskRecord | undefined, checkedAt: string): TaskRecord {
  const record: TaskRecord = {
    ...(previous ?? { api_status: "", outputs: [] }),
    state: "expired",
    checked_at: checkedAt,
  };
  delete record.error;
  return record;
}
