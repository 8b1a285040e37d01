// A binary heap whose items know their place in it (`heapIndex`): an item moves when its key changes and
// leaves when it is removed, so the heap holds one entry per item, with nothing allocated per change. The
// follower reschedules 100,000 tasks this way (issue 24): entries dropped lazily and pushed anew on each
// change outlived the young generation and filled the old one, whose collections blocked the event loop.
export interface HeapSlot {
  /** Its index in the heap, -1 when it is in none. */
  heapIndex: number;
}

export class IndexedHeap<T extends HeapSlot> {
  private readonly items: T[] = [];

  /** `before(a, b)`: a comes out first. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds the item, or moves it to its new place when it is in the heap already (its key changed). */
  set(item: T): void {
    if (item.heapIndex >= 0 && this.items[item.heapIndex] === item) {
      this.siftDown(this.siftUp(item.heapIndex));
      return;
    }
    item.heapIndex = this.items.length;
    this.items.push(item);
    this.siftUp(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top) this.remove(top);
    return top;
  }

  /** Takes the item out; nothing when it is not in this heap. */
  remove(item: T): void {
    const at = item.heapIndex;
    if (at < 0 || this.items[at] !== item) return;
    const last = this.items.pop() as T;
    item.heapIndex = -1;
    if (last === item) return;
    this.place(last, at);
    this.siftDown(this.siftUp(at));
  }

  private siftUp(start: number): number {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.items[i] as T, this.items[parent] as T)) break;
      this.swap(i, parent);
      i = parent;
    }
    return i;
  }

  private siftDown(start: number): void {
    const items = this.items;
    for (let i = start; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < items.length && this.before(items[left] as T, items[best] as T)) best = left;
      if (right < items.length && this.before(items[right] as T, items[best] as T)) best = right;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private swap(i: number, j: number): void {
    const a = this.items[i] as T;
    this.place(this.items[j] as T, i);
    this.place(a, j);
  }

  private place(item: T, at: number): void {
    this.items[at] = item;
    item.heapIndex = at;
  }
}
