// `reelform import`: a task made elsewhere (the console, another tool) becomes a key's current generation. Pure
// parts: where a TaskId is already recorded, and the entry the import records (the key's previous entry, if
// any, kept under `earlier` as a replacement keeps it).
import type { TaskEcho } from "../api/types.js";
import type { ExpandedRequest } from "../expand/types.js";
import type { LockEntry, Lockfile, TaskRecord } from "../lockfile/types.js";
import { deriveSessionId } from "../plan/session-id.js";
import type { EntryOrigin } from "../provider/types.js";
import { keptGenerations } from "./fold.js";
import { maxOf } from "../util/arrays.js";

export interface RecordedTask {
  key: string;
  generation: number;
  /** current, earlier (replaced) or retired (the key left the manifest). */
  where: "current" | "earlier" | "retired";
}

/** Every generation of every key, current, earlier and retired: a TaskId is recorded once only. */
export function findRecordedTask(lockfile: Lockfile | null, taskId: string): RecordedTask | undefined {
  for (const [key, entry] of Object.entries(lockfile?.entries ?? {})) {
    if (entry.task_id === taskId)
      return { key, generation: entry.generation, where: entry.retired_at === undefined ? "current" : "retired" };
    const earlier = entry.earlier?.find((g) => g.task_id === taskId);
    if (earlier) return { key, generation: earlier.generation, where: "earlier" };
  }
  return undefined;
}

export interface ImportedTask {
  taskId: string;
  task: Omit<TaskRecord, "checked_at">;
  echo?: TaskEcho;
  requestId?: string;
  origin: EntryOrigin;
}

/** The key's new current generation: the key's request as its body (so the plan sees it as unchanged). */
export function importedEntry(
  campaign: string,
  request: ExpandedRequest,
  previous: LockEntry | undefined,
  imported: ImportedTask,
  differences: readonly string[],
  at: string,
): LockEntry {
  const generation = previous
    ? Math.max(previous.generation, maxOf(previous.earlier ?? [], (g) => g.generation) ?? 0) + 1
    : 1;
  const session_id = imported.echo?.sessionId ?? deriveSessionId(campaign, request.key, request.hash, generation);
  const earlier = keptGenerations(previous);
  const createdAt =
    imported.echo?.createTime && /^\d{4}-\d{2}-\d{2}T/.test(imported.echo.createTime) ? imported.echo.createTime : at;
  return {
    hash: request.hash,
    generation,
    session_id,
    submission: "created",
    ...(imported.origin.provider && imported.origin.provider !== "gateway"
      ? { provider: imported.origin.provider }
      : {}),
    ...(imported.origin.sub_app_id !== undefined ? { sub_app_id: imported.origin.sub_app_id } : {}),
    task_id: imported.taskId,
    ...(imported.requestId ? { request_id: imported.requestId } : {}),
    submitted_at: createdAt,
    imported: { at, ...(differences.length > 0 ? { differences: [...differences] } : {}) },
    note: `imported with \`reelform import\`: made outside reelform${differences.length > 0 ? ", with a request that differs from the key's (--allow-mismatch)" : ""}`,
    body: { ...request.body, session_id },
    task: { ...imported.task, checked_at: at },
    ...(earlier && earlier.length > 0 ? { earlier } : {}),
  };
}
