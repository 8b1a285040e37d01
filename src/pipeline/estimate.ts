// How long tasks like this one take: learned from tasks that already ended (this run's and earlier runs'
// lockfile records), per class of request (model, version, duration, resolution), with a prior when none.
// Before any task of a fresh campaign has ended, the finishes its running tasks' progress predicts stand
// in for them (a guess per task, replaced by what it really took when it ends).
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import { taskEnded } from "../lockfile/types.js";
import type { JsonObject } from "../util/canonical-json.js";
import { SortedList } from "../util/sorted-list.js";

export interface Estimate {
  /** About the quickest such task (10th percentile with 10 samples or more, else the minimum). */
  lowMs: number;
  /** The median. */
  typicalMs: number;
  /** About the slowest usual such task (80th percentile with 10 samples or more, else the maximum). */
  highMs: number;
  samples: number;
}

/** With nothing learned yet: real AIGC video tasks take minutes; scouts look early and teach the rest. */
export const PRIOR: Estimate = { lowMs: 10_000, typicalMs: 60_000, highMs: 120_000, samples: 0 };
/** Fewer samples than this in a class: use every class's samples together (then the prior). */
const MIN_SAMPLES = 3;

/** The class of a request: what decides how long generation takes. */
export function classOf(body: JsonObject | undefined): string {
  const config = (body?.output_config ?? {}) as JsonObject;
  return [body?.model_name, body?.model_version, config.duration, config.resolution]
    .map((v) => String(v ?? ""))
    .join("|");
}

/** How long an ended task took: CreateTime to FinishTime, else submission to the check that saw it end. */
export function observedMs(entry: Pick<LockEntry, "submitted_at" | "task">): number | undefined {
  const task = entry.task;
  if (!task || !taskEnded(task) || task.state === "expired") return undefined;
  const start = Date.parse(task.create_time ?? entry.submitted_at ?? "");
  const end = Date.parse(task.finish_time ?? task.checked_at);
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
}

/**
 * Samples per class and over all classes, kept sorted as they come (SortedList): an answer costs the
 * insertion of its sample, and an estimate a few percentiles, however many tasks are running (issue 24).
 */
export class DurationBook {
  /** Per class: what its ended tasks took and what its running tasks are guessed to take. */
  private readonly byClass = new Map<string, SortedList>();
  /** The same over every class (the pool a class with too few samples borrows). */
  private readonly all = new SortedList();
  /** A running task's predicted duration, by key, until it ends. */
  private readonly guesses = new Map<string, { cls: string; ms: number }>();
  private readonly cache = new Map<string, Estimate>();
  /** Changes whenever an estimate may have: a caller may keep what it derived from one until then. */
  version = 0;

  /** What an ended task took (its guess, if any, goes). */
  add(cls: string, ms: number, key?: string): void {
    if (key !== undefined) this.forget(key);
    this.insert(cls, ms);
    this.changed();
  }

  /** What a running task will take, as its progress predicts it (replaces its earlier guess, in place). */
  guess(key: string, cls: string, ms: number): void {
    const earlier = this.guesses.get(key);
    if (earlier) {
      this.byClass.get(earlier.cls)?.delete(earlier.ms);
      this.all.delete(earlier.ms);
      earlier.cls = cls;
      earlier.ms = ms;
    } else this.guesses.set(key, { cls, ms });
    this.insert(cls, ms);
    this.changed();
  }

  estimate(cls: string): Estimate {
    const cached = this.cache.get(cls);
    if (cached) return cached;
    const own = this.byClass.get(cls);
    const pooled = own && own.size >= MIN_SAMPLES ? own : this.all;
    const estimate = pooled.size >= MIN_SAMPLES ? summarize(pooled) : PRIOR;
    this.cache.set(cls, estimate);
    return estimate;
  }

  private insert(cls: string, ms: number): void {
    let own = this.byClass.get(cls);
    if (!own) this.byClass.set(cls, (own = new SortedList()));
    own.insert(ms);
    this.all.insert(ms);
  }

  /** A running task's guess goes (it ended, or is followed no more). */
  forget(key: string): void {
    const guessed = this.guesses.get(key);
    if (!guessed) return;
    this.guesses.delete(key);
    this.byClass.get(guessed.cls)?.delete(guessed.ms);
    this.all.delete(guessed.ms);
    this.changed();
  }

  private changed(): void {
    this.version += 1;
    this.cache.clear();
  }
}

/** Every ended task the lockfile records, earlier generations included. */
export function bookFromLockfile(lockfile: Lockfile): DurationBook {
  const book = new DurationBook();
  for (const entry of Object.values(lockfile.entries)) {
    for (const generation of [entry, ...(entry.earlier ?? [])]) {
      const ms = observedMs(generation);
      if (ms !== undefined) book.add(classOf(generation.body), ms);
    }
  }
  return book;
}

function summarize(sorted: SortedList): Estimate {
  const n = sorted.size;
  const at = (q: number): number => sorted.at(Math.min(n - 1, Math.floor(q * n))) as number;
  const many = n >= 10;
  return {
    lowMs: many ? at(0.1) : (sorted.at(0) as number),
    typicalMs: at(0.5),
    highMs: many ? at(0.8) : (sorted.at(n - 1) as number),
    samples: n,
  };
}
