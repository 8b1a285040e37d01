// How long tasks like this one take: learned from tasks that already ended (this run's and earlier runs'
// lockfile records), per class of request (model, version, duration, resolution), with a prior when none.
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import { taskEnded } from "../lockfile/types.js";
import type { JsonObject } from "../util/canonical-json.js";

export interface Estimate {
  /** About the quickest such task (10th percentile with 10 samples or more, else the minimum). */
  lowMs: number;
  /** The median. */
  typicalMs: number;
  samples: number;
}

/** With nothing learned yet: real AIGC video tasks take minutes; the first look is early, the rest adapt. */
export const PRIOR: Estimate = { lowMs: 10_000, typicalMs: 60_000, samples: 0 };
/** Fewer samples than this in a class: use every class's samples together (then the prior). */
const MIN_SAMPLES = 3;

/** The class of a request: what decides how long generation takes. */
export function classOf(body: JsonObject | undefined): string {
  const config = (body?.output_config ?? {}) as JsonObject;
  return [body?.model_name, body?.model_version, config.duration, config.resolution].map((v) => String(v ?? "")).join("|");
}

/** How long an ended task took: CreateTime to FinishTime, else submission to the check that saw it end. */
export function observedMs(entry: Pick<LockEntry, "submitted_at" | "task">): number | undefined {
  const task = entry.task;
  if (!task || !taskEnded(task) || task.state === "expired") return undefined;
  const start = Date.parse(task.create_time ?? entry.submitted_at ?? "");
  const end = Date.parse(task.finish_time ?? task.checked_at);
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
}

export class DurationBook {
  private readonly byClass = new Map<string, number[]>();
  private readonly all: number[] = [];

  add(cls: string, ms: number): void {
    const list = this.byClass.get(cls) ?? [];
    list.push(ms);
    this.byClass.set(cls, list);
    this.all.push(ms);
  }

  estimate(cls: string): Estimate {
    const own = this.byClass.get(cls) ?? [];
    if (own.length >= MIN_SAMPLES) return summarize(own);
    return this.all.length >= MIN_SAMPLES ? summarize(this.all) : PRIOR;
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

function summarize(samples: number[]): Estimate {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { lowMs: sorted.length >= 10 ? at(0.1) : (sorted[0] as number), typicalMs: at(0.5), samples: sorted.length };
}
