import pLimit from "p-limit";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "../sched/backoff.js";
import type { Clock } from "../sched/clock.js";
import { TokenBucket } from "../sched/token-bucket.js";
import type { EventSink, KeyedError, RunSummary } from "./events.js";
import { DEFAULT_GOVERNOR, RateGovernor, type GovernorOptions } from "./governor.js";
import type { JournalRecord } from "./records.js";
import type { SharedBudget } from "./shared-budget.js";
import { resultRecord, resultEvent } from "./results.js";
import type { RunSettings } from "./settings.js";
import { submitOne, type CreateClient, type ItemResult, type SubmitItem, type SubmitRuntime } from "./submit-one.js";
import { summarize } from "./summary.js";

export interface ExecutorDeps {
  client: CreateClient;
  clock: Clock;
  /** Durable append (resolves once on disk). */
  journal: {
    append(record: JournalRecord): Promise<void>;
    /** Set once the journal cannot be written (the state database died): no more requests leave. */
    readonly failure?: Error | undefined;
  };
  emit: EventSink;
  /** First Ctrl-C / SIGTERM: start nothing new; let requests in flight finish (bounded by drainMs). */
  stopSignal: AbortSignal;
  /** Second Ctrl-C: abort requests in flight (they become in doubt). */
  abortSignal: AbortSignal;
  backoff?: BackoffPolicy;
  governor?: GovernorOptions;
  /** How long in-flight requests may take to finish after a stop before they are aborted. */
  drainMs?: number;
  /** The account's rate shared with other runners (PostgreSQL state): drawn from after this run's own rate. */
  shared?: SharedBudget;
}

export interface ExecutionResult {
  summary: RunSummary;
  /** Every journal record of this run, in append order (the fold uses these even if a disk write failed). */
  records: JournalRecord[];
}

const DEFAULT_DRAIN_MS = 30_000;

/**
 * Submits every item once (with retries), at most `parallelism` in flight and `rate` starts per second.
 * Write-ahead: an item's intent is durable before its first attempt; its result is appended as soon as
 * it is known (without holding the slot: the fold also has it in memory).
 */
export async function executeSubmissions(
  items: readonly SubmitItem[],
  settings: RunSettings,
  deps: ExecutorDeps,
): Promise<ExecutionResult> {
  const started = deps.clock.now();
  const run = new RunControl(deps);
  const records: JournalRecord[] = [];
  const appends: Promise<void>[] = [];
  const append = (record: JournalRecord): Promise<void> => {
    records.push(record);
    const done = deps.journal.append(record);
    appends.push(done.catch(() => undefined));
    return done;
  };
  const rt = runtime(settings, deps, run);
  deps.emit({ event: "start", total: items.length, parallelism: settings.parallelism, rate: settings.rate });
  // Intents are written up to `parallelism` items ahead of the requests in flight, so the fsync is
  // off the critical path; an item only starts sending once its own intent is durable.
  const ahead = pLimit(settings.parallelism * 2);
  const inFlight = pLimit(settings.parallelism);
  const results = await Promise.all(
    items.map((item) =>
      ahead(async () => {
        const intent = await writeIntent(item, run, append, deps);
        return intent ? inFlight(() => sendItem(item, rt, run, append, deps)) : null;
      }),
    ),
  );
  run.finish();
  await Promise.all(appends);
  if (run.bug !== undefined) throw run.bug;
  const summary = summarize(items, results, { interrupted: run.interrupted, elapsedMs: deps.clock.now() - started });
  if (run.fatalError) summary.fatal ??= run.fatalError;
  deps.emit({ event: "done", summary });
  return { summary, records };
}

/** Durable intent; false when the run stopped first (or the journal cannot be written: the run stops). */
async function writeIntent(item: SubmitItem, run: RunControl, append: Append, deps: ExecutorDeps): Promise<boolean> {
  if (run.stop.aborted) return false;
  const at = new Date(deps.clock.now()).toISOString();
  try {
    await append({
      t: "intent",
      key: item.key,
      hash: item.hash,
      generation: item.generation,
      session_id: item.session_id,
      body: item.body,
      at,
      ...item.origin,
      ...(item.movedFrom !== undefined ? { moved_from: item.movedFrom } : {}),
    });
    return true;
  } catch (error) {
    // Not durable, so never sent: the in-memory record says so, for the fold at the end of the run.
    void append({ t: "unsent", key: item.key, session_id: item.session_id, at }).catch(() => undefined);
    run.stopFor("fatal", {
      key: item.key,
      code: "JournalWriteFailed",
      message: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

async function sendItem(
  item: SubmitItem,
  rt: SubmitRuntime,
  run: RunControl,
  append: Append,
  deps: ExecutorDeps,
): Promise<ItemResult | null> {
  const at = (): string => new Date(deps.clock.now()).toISOString();
  // An intent written ahead, while the journal still worked: once it has failed, its answer could not be
  // recorded, so the request does not leave (the requests in flight finish; their answers are kept elsewhere).
  const failure = deps.journal.failure;
  if (failure && !run.stop.aborted)
    run.stopFor("fatal", { key: item.key, code: "JournalWriteFailed", message: failure.message });
  if (run.stop.aborted) {
    // Its intent was written ahead, but it never left: the entry stays as it was.
    void append({ t: "unsent", key: item.key, session_id: item.session_id, at: at() }).catch(() => undefined);
    return null;
  }
  try {
    const result = await submitOne(item, rt);
    void append(resultRecord(item, result, at())).catch(() => undefined);
    deps.emit(resultEvent(item.key, result));
    if (result.kind === "fatal") run.stopFor("fatal");
    return result;
  } catch (error) {
    // A bug: this request may have left, so it is in doubt (a created answer already recorded stays); the
    // run stops, drains, and executeSubmissions throws the bug once everything in flight is recorded.
    const inDoubt: ItemResult = {
      kind: "in_doubt",
      error: { code: "InternalError", message: error instanceof Error ? error.message : String(error) },
    };
    void append(resultRecord(item, inDoubt, at())).catch(() => undefined);
    run.bug ??= error;
    run.stopFor("fatal", { key: item.key, ...inDoubt.error });
    return inDoubt;
  }
}

type Append = (record: JournalRecord) => Promise<void>;

function runtime(settings: RunSettings, deps: ExecutorDeps, run: RunControl): SubmitRuntime {
  const target = settings.rate > 0 ? settings.rate : Infinity;
  // A burst of 50 ms worth of tokens absorbs timer jitter without exceeding the rate over any second by much.
  const bucket = new TokenBucket(target, deps.clock, Math.max(1, Math.floor(settings.rate / 20)));
  const onChange = (rate: number, reason: "throttled" | "recovered"): void =>
    deps.emit({ event: "rate", rate, reason });
  const governor = new RateGovernor(bucket, target, deps.clock, onChange, deps.governor ?? DEFAULT_GOVERNOR);
  return {
    client: deps.client,
    clock: deps.clock,
    bucket,
    ...(deps.shared ? { shared: deps.shared } : {}),
    governor,
    backoff: deps.backoff ?? DEFAULT_BACKOFF,
    emit: deps.emit,
    stop: run.stop,
    abort: run.abort,
    reach: { answered: false },
  };
}

/** The run's own stop and abort signals: Ctrl-C, a fatal answer, and the bounded drain after a stop. */
class RunControl {
  private readonly stopper = new AbortController();
  private readonly aborter = new AbortController();
  private readonly finished = new AbortController();
  interrupted = false;

  constructor(private readonly deps: ExecutorDeps) {
    const onStop = (): void => {
      this.interrupted = true;
      this.stopFor("interrupted");
    };
    if (deps.stopSignal.aborted) onStop();
    else deps.stopSignal.addEventListener("abort", onStop, { once: true });
    if (deps.abortSignal.aborted) this.aborter.abort();
    else deps.abortSignal.addEventListener("abort", () => this.aborter.abort(), { once: true });
  }

  get stop(): AbortSignal {
    return this.stopper.signal;
  }

  get abort(): AbortSignal {
    return this.aborter.signal;
  }

  /** A fatal error that is not a request's answer (the journal cannot be written). */
  fatalError?: KeyedError;

  /** The first unexpected error (a bug) thrown while sending; rethrown once the run has drained. */
  bug?: unknown;

  stopFor(reason: "interrupted" | "fatal", error?: KeyedError): void {
    if (error) this.fatalError ??= error;
    if (this.stopper.signal.aborted) return;
    this.stopper.abort();
    this.deps.emit({ event: "stopping", reason });
    const drain = this.deps.drainMs ?? DEFAULT_DRAIN_MS;
    const cancel = AbortSignal.any([this.aborter.signal, this.finished.signal]);
    void this.deps.clock.sleep(drain, cancel).then(() => {
      if (!this.finished.signal.aborted) this.aborter.abort();
    });
  }

  finish(): void {
    this.finished.abort();
  }
}
