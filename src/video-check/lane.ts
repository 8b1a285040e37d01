// apply --wait --pull --check: each file is checked as soon as it lands, on its own bounded lane (never
// holding a download slot or a query), and its results are recorded as a group commit: every file measured
// while the previous write was under way goes into the next write. The request a file is judged against is
// the body its generation sent, read from the lockfile inside that write.
import pLimit from "p-limit";
import { DEFAULT_CHECKS, type CheckSettings } from "../expand/check-settings.js";
import type { LockfileStore } from "../lockfile/store.js";
import type { Lockfile } from "../lockfile/types.js";
import { askedBy } from "../util/asked.js";
import { evaluateChecks, type Measurements } from "./evaluate.js";
import { measureFile, type CheckedFile, type CheckTools } from "./run.js";

export interface LandedFile {
  key: string;
  /** Absent: the key's current generation. */
  earlierGeneration?: number;
  path: string;
}

export interface CheckLaneDeps {
  lockfilePath: string;
  store: LockfileStore;
  tools: CheckTools;
  parallelism: number;
  settingsFor: (key: string) => CheckSettings | undefined;
}

interface Measured {
  file: LandedFile;
  settings: CheckSettings;
  sha256: string;
  measured: Measurements;
}

export class CheckLane {
  private readonly limit;
  private readonly running: Promise<void>[] = [];
  private waiting: Measured[] = [];
  private drained: Promise<void> = Promise.resolve();
  private draining = false;
  readonly done: CheckedFile[] = [];
  /** Files measured whose generation or file had changed by the time they were recorded. */
  skipped = 0;

  constructor(private readonly deps: CheckLaneDeps) {
    this.limit = pLimit(Math.max(1, deps.parallelism));
  }

  add(file: LandedFile): void {
    const settings = this.deps.settingsFor(file.key) ?? DEFAULT_CHECKS;
    this.running.push(
      this.limit(async () => {
        const { sha256, measured } = await measureFile(file.path, settings, this.deps.tools);
        this.waiting.push({ file, settings, sha256, measured });
        if (!this.draining) this.drained = this.drain();
      }),
    );
  }

  /** Every added file measured and recorded. */
  async idle(): Promise<CheckedFile[]> {
    for (let seen = 0; seen < this.running.length; seen = this.running.length)
      await Promise.all(this.running.slice(seen));
    await this.drained;
    return this.done;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0);
        // Only the checked files' entries change: the others are written as they were.
        const keys = new Set(batch.map((m) => m.file.key));
        await this.deps.store.update(this.deps.lockfilePath, (lockfile) => this.record(lockfile, batch), keys);
      }
    } finally {
      this.draining = false;
    }
  }

  private record(lockfile: Lockfile, batch: readonly Measured[]): void {
    for (const m of batch) {
      const entry = Object.hasOwn(lockfile.entries, m.file.key) ? lockfile.entries[m.file.key] : undefined;
      const generation =
        m.file.earlierGeneration === undefined
          ? entry
          : entry?.earlier?.find((g) => g.generation === m.file.earlierGeneration);
      const recorded = generation?.task?.outputs[0]?.sha256;
      if (!generation || (recorded !== undefined && recorded !== m.sha256)) {
        this.skipped++;
        continue;
      }
      const results = evaluateChecks(m.settings, askedBy(generation.body), m.measured);
      generation.checks = { sha256: m.sha256, results: results.map((r) => ({ ...r })) };
      this.done.push({
        job: {
          key: m.file.key,
          generation: generation.generation,
          path: m.file.path,
          body: generation.body,
          settings: m.settings,
        },
        sha256: m.sha256,
        results,
      });
    }
  }
}
