import type { FaultDecision } from "./faults.js";
import { phaseAt, type Ending, type Phase, type Timeline } from "./lifecycle.js";

/** One task the simulator created (and would bill), however the client heard about it. */
export interface SimTask {
  taskId: string;
  requestId: string;
  sessionId?: string;
  body: Record<string, unknown>;
  timeline: Timeline;
  ending: Ending;
}

/** One request received, as the admin view reports it. */
export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  session_id?: string;
  task_id?: string;
  /** What the client was told: "created", "ok FINISH", "http 429", "error InvalidParameterValue.SessionId", "reset before processing", … */
  outcome: string;
  /** The error code of the answer, whatever its shape (e.g. rate_limit_exceeded, InvalidParameterValue.SessionId). */
  error_code?: string;
  fault?: string;
  /** A file answer the client went away from before its whole body was sent (killed, or gave up). */
  cut_off?: boolean;
}

export interface FaultLogEntry extends FaultDecision {
  at: string;
  method: string;
  path: string;
  session_id?: string;
  task_id?: string;
}

/** What the simulator remembers: tasks by id, session_ids in the dedup window, requests and faults. */
export class SimStore {
  readonly tasks = new Map<string, SimTask>();
  readonly requests: RequestLogEntry[] = [];
  readonly faults: FaultLogEntry[] = [];
  private readonly sessions = new Map<string, SimTask>();

  addTask(task: SimTask): void {
    this.tasks.set(task.taskId, task);
    if (task.sessionId) this.sessions.set(task.sessionId, task);
  }

  /** The task that already used this session_id within the window, if any. */
  sessionHolder(sessionId: string, now: number, windowMs: number): SimTask | undefined {
    const task = this.sessions.get(sessionId);
    return task && now - task.timeline.createdAt < windowMs ? task : undefined;
  }

  /** A task that can still be queried (created within the window). */
  queryable(taskId: string, now: number, windowMs: number): SimTask | undefined {
    const task = this.tasks.get(taskId);
    return task && now - task.timeline.createdAt < windowMs ? task : undefined;
  }

  snapshot(now: number): AdminState {
    return {
      tasks: [...this.tasks.values()].map((task) => ({
        task_id: task.taskId,
        session_id: task.sessionId ?? null,
        body: task.body,
        created_at: isoTime(task.timeline.createdAt),
        status: phaseAt(task.timeline, task.ending, now),
      })),
      requests: this.requests.map((r) => ({ ...r })),
      faults: this.faults.map((f) => ({ ...f })),
    };
  }
}

export interface AdminState {
  tasks: {
    task_id: string;
    session_id: string | null;
    body: Record<string, unknown>;
    created_at: string;
    status: Phase;
  }[];
  requests: RequestLogEntry[];
  faults: FaultLogEntry[];
}

/** Tencent's time format: ISO 8601 in UTC, to the second. */
export function tencentTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Admin timestamps keep milliseconds, so ordering within a second stays visible. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
