// The latest predicted finish of the pending tasks (the ETA's generation part), kept as answers come rather
// than found by a pass over every pending task each round (issue 24). A task with a prediction of its own
// waits in one max-heap by that finish; one without waits in its class's max-heap by submission time, since
// its finish is its submission plus its class's typical time (which changes as the estimates learn). Both
// heaps drop entries lazily (an entry whose task was answered again or ended is skipped when it comes up)
// and are compacted once they hold mostly such entries.
import { MinHeap } from "../util/heap.js";

interface Entry {
  at: number;
  key: string;
  stamp: number;
}

const later = (a: Entry, b: Entry): boolean => a.at > b.at || (a.at === b.at && a.key < b.key);

export class LatestFinish {
  private readonly predicted = new MinHeap<Entry>(later);
  private readonly bySubmission = new Map<string, MinHeap<Entry>>();
  /** Per pending task, the stamp of its one valid entry. */
  private readonly stamps = new Map<string, number>();
  private stamp = 0;
  private entries = 0;
  /** Entries pushed, examined and dropped: a count for tests, not a time. */
  operations = 0;

  /** A task's latest news: its predicted finish, or none (then its submission time and class count). */
  set(key: string, cls: string, predictedAt: number | undefined, submittedAt: number): void {
    this.stamp += 1;
    this.stamps.set(key, this.stamp);
    const entry = { at: predictedAt ?? submittedAt, key, stamp: this.stamp };
    if (predictedAt !== undefined) this.predicted.push(entry);
    else this.classHeap(cls).push(entry);
    this.entries += 1;
    this.operations += 1;
    if (this.entries > 2 * this.stamps.size + 1024) this.compact();
  }

  /** The task ended. */
  delete(key: string): void {
    this.stamps.delete(key);
  }

  /** The latest finish of any pending task (at least `now`), or undefined when none is pending. */
  latest(now: number, typicalMsOf: (cls: string) => number): number | undefined {
    if (this.stamps.size === 0) return undefined;
    let latest = now;
    const top = this.validTop(this.predicted);
    if (top) latest = Math.max(latest, top.at);
    for (const [cls, heap] of this.bySubmission) {
      const submitted = this.validTop(heap);
      if (submitted) latest = Math.max(latest, submitted.at + typicalMsOf(cls));
    }
    return latest;
  }

  private validTop(heap: MinHeap<Entry>): Entry | undefined {
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      this.operations += 1;
      if (this.stamps.get(top.key) === top.stamp) return top;
      heap.pop();
      this.entries -= 1;
    }
    return undefined;
  }

  private classHeap(cls: string): MinHeap<Entry> {
    let heap = this.bySubmission.get(cls);
    if (!heap) this.bySubmission.set(cls, (heap = new MinHeap<Entry>(later)));
    return heap;
  }

  /** Linear, and only after as many entries went stale as are valid: amortised over the answers that did it. */
  private compact(): void {
    const valid = (entry: Entry): boolean => this.stamps.get(entry.key) === entry.stamp;
    this.predicted.retain(valid);
    this.entries = this.predicted.size;
    for (const heap of this.bySubmission.values()) {
      heap.retain(valid);
      this.entries += heap.size;
    }
    this.operations += this.entries;
  }
}
