/**
 * What the executor reports while it runs. Renderers (listr2 on a TTY, plain lines in CI, NDJSON with
 * --json) turn these into output; the executor knows nothing of them. Field names are stable (snake_case).
 */
export type ApplyEvent =
  | { event: "start"; total: number; parallelism: number; rate: number }
  | { event: "created"; key: string; task_id: string; request_id?: string; attempts: number }
  | {
      event: "retry";
      key: string;
      attempt: number;
      delay_ms: number;
      code: string;
      message: string;
      http_status?: number;
    }
  | { event: "rejected"; key: string; code: string; message: string; http_status?: number }
  | { event: "duplicate"; key: string; code: string; message: string }
  | { event: "in_doubt"; key: string; code?: string; message?: string }
  | { event: "failed"; key: string; code: string; message: string }
  /** `in_doubt`: the request may have been created before the fatal answer (the summary counts it in doubt). */
  | { event: "fatal"; key: string; code: string; message: string; http_status?: number; in_doubt?: true }
  /** The shared request rate changed (a 429 slowed it, a quiet period restored it). 0 = unlimited. */
  | { event: "rate"; rate: number; reason: "throttled" | "recovered" }
  | { event: "stopping"; reason: "interrupted" | "fatal" }
  | { event: "done"; summary: RunSummary };

export interface KeyedError {
  key: string;
  code: string;
  message: string;
  http_status?: number;
}

/** How the run ended, entry by entry class. */
export interface RunSummary {
  total: number;
  created: number;
  rejected: KeyedError[];
  duplicate: KeyedError[];
  in_doubt: KeyedError[];
  /** Gave up after retries; certainly not created (nothing recorded). */
  failed: KeyedError[];
  /** Never started (interrupted or stopped by a fatal error). */
  not_started: number;
  fatal?: KeyedError;
  interrupted: boolean;
  elapsed_ms: number;
}

export type EventSink = (event: ApplyEvent) => void;
