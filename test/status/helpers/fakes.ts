import type { Lockfile, LockEntry } from "../../../src/lockfile/types.js";
import type { Clock } from "../../../src/sched/clock.js";
import type { LockfileStore } from "../../../src/status/store.js";

/** A clock whose sleeps advance time at once. */
export function fakeClock(start = Date.parse("2026-11-24T10:00:00Z")): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
}

/** The lockfile in memory; `update` re-reads a deep copy, like the real store re-reads the file under the lock. */
export function memoryStore(
  initial: Lockfile | null,
): LockfileStore & { current: () => Lockfile | null; writes: number } {
  let current = initial ? structuredClone(initial) : null;
  const store = {
    writes: 0,
    current: () => current,
    read: async () => (current ? structuredClone(current) : null),
    update: async (_path: string, mutate: (l: Lockfile) => void) => {
      if (!current) throw new Error("no lockfile");
      const fresh = structuredClone(current);
      mutate(fresh);
      current = fresh;
      store.writes++;
      return structuredClone(fresh);
    },
  };
  return store;
}

export function entry(taskId: string | undefined, extra: Partial<LockEntry> = {}): LockEntry {
  return {
    hash: "sha256:00",
    generation: 1,
    session_id: `s-${taskId ?? "none"}`,
    submission: taskId ? "created" : "in_doubt",
    ...(taskId ? { task_id: taskId } : {}),
    submitted_at: "2026-11-24T09:59:00Z",
    body: { model_name: "Kling" },
    ...extra,
  };
}

export function lockfileWith(entries: Record<string, LockEntry>): Lockfile {
  return { format_version: 1, campaign: "spring", entries };
}

/** DescribeTaskDetail bodies as the API sends them. */
export function detail(status: string, task: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Response: {
      TaskType: "AigcVideoTask",
      Status: status,
      RequestId: "req-1",
      AigcVideoTask: { Status: status, ...task },
    },
  };
}

export function finished(
  url = "https://files.example.com/v/out.mp4",
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return detail("FINISH", {
    Progress: 100,
    ErrCode: 0,
    ErrCodeExt: "",
    Message: "",
    Output: {
      FileInfos: [{ FileUrl: url, ExpireTime: "2026-12-01T00:00:00Z", StorageMode: "Temporary", FileType: "mp4" }],
      Usage: { OutputSeconds: 5 },
    },
    ...extra,
  });
}
