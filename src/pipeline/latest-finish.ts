// The latest predicted finish of the pending tasks (the ETA's generation part), kept as answers come rather
// than found by a pass over every pending task each round (issue 24). A task with a prediction of its own
// waits in one max-heap by that finish; one without waits in its class's max-heap by submission time, since
// its finish is its submission plus its class's typical time (which changes as the estimates learn). Each task
// has one slot, made when it is first set and moved between and within the heaps as its news changes: an
// answer allocates nothing here (entries made per answer were the garbage of the follower's rounds).
import { IndexedHeap, type HeapSlot } from "../util/indexed-heap.js";

interface Slot extends HeapSlot {
  at: number;
  key: string;
  heap: IndexedHeap<Slot>;
}

const later = (a: Slot, b: Slot): boolean => a.at > b.at || (a.at === b.at && a.key < b.key);

export class LatestFinish {
  private readonly predicted = new IndexedHeap<Slot>(later);
  private readonly bySubmission = new Map<string, IndexedHeap<Slot>>();
  private readonly slots = new Map<string, Slot>();
  /** Slots set and heap tops examined: a count for tests, not a time. */
  operations = 0;

  /** A task's latest news: its predicted finish, or none (then its submission time and class count). */
  set(key: string, cls: string, predictedAt: number | undefined, submittedAt: number): void {
    const heap = predictedAt !== undefined ? this.predicted : this.classHeap(cls);
    const at = predictedAt ?? submittedAt;
    this.operations += 1;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { at, key, heap, heapIndex: -1 }));
    else if (slot.heap !== heap) {
      slot.heap.remove(slot);
      slot.heap = heap;
    }
    slot.at = at;
    heap.set(slot);
  }

  /** The task ended. */
  delete(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    slot.heap.remove(slot);
    this.slots.delete(key);
  }

  /** The latest finish of any pending task (at least `now`), or undefined when none is pending. */
  latest(now: number, typicalMsOf: (cls: string) => number): number | undefined {
    if (this.slots.size === 0) return undefined;
    let latest = Math.max(now, this.top(this.predicted)?.at ?? now);
    for (const [cls, heap] of this.bySubmission) {
      const submitted = this.top(heap);
      if (submitted) latest = Math.max(latest, submitted.at + typicalMsOf(cls));
    }
    return latest;
  }

  private top(heap: IndexedHeap<Slot>): Slot | undefined {
    this.operations += 1;
    return heap.peek();
  }

  private classHeap(cls: string): IndexedHeap<Slot> {
    let heap = this.bySubmission.get(cls);
    if (!heap) this.bySubmission.set(cls, (heap = new IndexedHeap<Slot>(later)));
    return heap;
  }
}
