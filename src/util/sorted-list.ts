// A sorted multiset of numbers with insert, delete and the k-th smallest in time that grows with the
// square root of its size, not its size (blocks of at most 2 * BLOCK values): the pipeline's duration
// percentiles are kept current answer by answer over 100,000 running tasks (issue 24).
const BLOCK = 512;

export class SortedList {
  private blocks: number[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  insert(value: number): void {
    this.count += 1;
    const b = this.blockFor(value);
    const block = this.blocks[b];
    if (!block) {
      this.blocks.push([value]);
      return;
    }
    block.splice(bound(block, value, true), 0, value);
    if (block.length > 2 * BLOCK) this.blocks.splice(b + 1, 0, block.splice(BLOCK));
  }

  /** Removes one occurrence of `value`; false when there is none. */
  delete(value: number): boolean {
    const b = this.blockFor(value, true);
    const block = this.blocks[b];
    if (!block) return false;
    const at = bound(block, value);
    if (block[at] !== value) return false;
    block.splice(at, 1);
    if (block.length === 0) this.blocks.splice(b, 1);
    this.count -= 1;
    return true;
  }

  /** The k-th smallest (0-based); undefined out of range. */
  at(k: number): number | undefined {
    if (k < 0 || k >= this.count) return undefined;
    for (const block of this.blocks) {
      if (k < block.length) return block[k];
      k -= block.length;
    }
    return undefined;
  }

  /**
   * The block a value goes in (insert: the first whose last value is above it, else the last) or is found
   * in (find: the first whose last value is not below it).
   */
  private blockFor(value: number, find = false): number {
    let low = 0;
    let high = this.blocks.length - 1;
    if (high < 0) return 0;
    while (low < high) {
      const mid = (low + high) >> 1;
      const last = (this.blocks[mid] as number[]).at(-1) as number;
      if (find ? last >= value : last > value) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** The first index whose value is not below `value` (or, with `after`, above it). */
function bound(values: number[], value: number, after = false): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const v = values[mid] as number;
    if (v < value || (after && v === value)) low = mid + 1;
    else high = mid;
  }
  return low;
}
