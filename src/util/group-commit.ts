// Group commit for write-ahead logs: every append resolves only once its item is durable; appends that
// arrive while a write is running share the next one. The first failed write breaks the log for good:
// every pending and later append is rejected with that failure, so nothing relies on a record that may
// not be there. The journal file (apply/journal.ts) and the database's record rows (state/) both use it.
interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T, E> {
  private pending: T[] = [];
  private waiters: Waiter[] = [];
  private flushing = false;
  /** The latest flush loop: drain() waits for it instead of polling. */
  private idle: Promise<void> = Promise.resolve();
  /** Set by the first failed write. */
  failure?: E;

  /** `writeBatch`: makes the items durable, in order; returns the failure, if any (never throws). */
  constructor(private readonly writeBatch: (items: T[]) => Promise<E | undefined>) {}

  append(item: T): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    this.pending.push(item);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.flushing) this.idle = this.flushLoop();
    return done;
  }

  /** Breaks the log from outside (its storage is known gone): later appends, and any not yet written, are rejected. */
  fail(error: E): void {
    this.failure ??= error;
  }

  /** Resolves once nothing is left to write. */
  async drain(): Promise<void> {
    while (this.flushing) await this.idle;
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true; // set before the first await, cleared in the same turn as the last check
    while (this.pending.length > 0) {
      const items = this.pending.splice(0);
      const waiters = this.waiters.splice(0);
      const error = this.failure ?? (await this.writeBatch(items));
      if (error !== undefined) this.failure ??= error;
      for (const w of waiters) {
        if (error !== undefined) w.reject(error);
        else w.resolve();
      }
    }
    this.flushing = false;
  }
}
