// Sizes and checksums of finished downloads into the lockfile, as a group commit: every file that finished
// while the previous write was under way goes into the next write, and each waits for the write holding it.
import type { PulledFile } from "../pull/pull.js";
import { recordDownloads } from "../pull/recorder.js";
import type { LockfileStore } from "../status/store.js";

interface Waiting {
  file: PulledFile;
  done: (error?: unknown) => void;
}

export class RecordQueue {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly path: string,
    private readonly store: LockfileStore,
  ) {}

  record(file: PulledFile): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ file, done: (error) => (error === undefined ? resolve() : reject(error as Error)) });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        const files = batch.map((w) => w.file);
        // Only the downloaded files' entries change: the others are written as they were.
        const keys = new Set(files.map((file) => file.target.key));
        await this.store.update(this.path, (lockfile) => recordDownloads(lockfile, files), keys);
        for (const w of batch) w.done();
      } catch (error) {
        for (const w of batch) w.done(error ?? new Error("the lockfile could not be written"));
      }
    }
    this.draining = false;
  }
}
