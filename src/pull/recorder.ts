// Sizes and checksums of finished downloads, into the lockfile while a pull runs and at its end.
import { append } from "../util/arrays.js";
import type { Lockfile } from "../lockfile/types.js";
import type { PulledFile, PullDeps } from "./types.js";

const DEFAULT_CHECKPOINT_MS = 5000;

/**
 * Records finished downloads in the lockfile: a checkpoint once `checkpointMs` has passed since the last one
 * (and at least ten times as long as that write took, so a large lockfile is not rewritten all the time),
 * one write at a time, then the rest at the end. A checkpoint that fails (the lock busy) leaves its files
 * for the next; only the final write's failure is an error.
 */
export class DownloadRecorder {
  private pending: PulledFile[] = [];
  private writing: Promise<void> = Promise.resolve();
  private busy = false;
  private nextAt: number;

  constructor(
    private readonly lockfilePath: string,
    private readonly deps: Pick<PullDeps, "store" | "clock" | "checkpointMs">,
  ) {
    this.nextAt = deps.clock.now() + this.interval();
  }

  add(file: PulledFile): void {
    if (!file.result.ok || file.result.skipped) return;
    this.pending.push(file);
    if (!this.busy && this.deps.clock.now() >= this.nextAt) this.writing = this.checkpoint();
  }

  async finish(): Promise<void> {
    await this.writing;
    const batch = this.pending.splice(0);
    if (batch.length > 0)
      await this.deps.store.update(this.lockfilePath, (l) => recordDownloads(l, batch), keysOf(batch));
  }

  private async checkpoint(): Promise<void> {
    this.busy = true;
    const batch = this.pending.splice(0);
    const started = this.deps.clock.now();
    try {
      await this.deps.store.update(this.lockfilePath, (l) => recordDownloads(l, batch), keysOf(batch));
    } catch {
      this.pending = append(batch, this.pending);
    } finally {
      const took = this.deps.clock.now() - started;
      this.nextAt = this.deps.clock.now() + Math.max(this.interval(), 10 * took);
      this.busy = false;
    }
  }

  private interval(): number {
    return this.deps.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
  }
}

/** The entries recordDownloads changes: the rest of the lockfile is written as it was read. */
function keysOf(batch: readonly PulledFile[]): ReadonlySet<string> {
  return new Set(batch.map((file) => file.target.key));
}

/** Size and sha256 go on the output they came from (current or earlier generation), if the lockfile still lists that very URL. */
export function recordDownloads(lockfile: Lockfile, pulled: PulledFile[]): void {
  for (const { target, result } of pulled) {
    if (!result.ok) continue;
    const entry = lockfile.entries[target.key];
    const generation =
      target.earlierGeneration === undefined
        ? entry
        : entry?.earlier?.find((g) => g.generation === target.earlierGeneration);
    const output = generation?.task?.outputs[target.index];
    if (output?.url !== target.output.url) continue;
    output.size = result.size;
    output.sha256 = result.sha256;
    // Check results hold for the file they ran on: a different file loses them.
    if (target.index === 0 && generation?.checks && generation.checks.sha256 !== result.sha256)
      delete generation.checks;
  }
}
