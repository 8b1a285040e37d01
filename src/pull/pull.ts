// pull: every succeeded output downloaded (bounded); sizes and checksums recorded under the lock as files
// complete (a checkpoint every few seconds) and at the end, so a killed pull does not fetch them again.
import { downloadOutput } from "./download.js";
import { DownloadRecorder } from "./recorder.js";
import type { DownloadTarget } from "./targets.js";
import type { PullDeps, PulledFile } from "./types.js";

export type { PullDeps, PulledFile, PullEvents } from "./types.js";

export const DEFAULT_PULL_PARALLELISM = 4;

/** Targets come from downloadTargets(lockfile, dir), so progress can list them before the first byte. */
export async function pullOutputs(
  lockfilePath: string,
  targets: DownloadTarget[],
  deps: PullDeps,
): Promise<PulledFile[]> {
  const recorder = new DownloadRecorder(lockfilePath, deps);
  // `parallelism` workers taking the next target, not one queued promise per target: 500,000 targets held as
  // pending promises and closures cost pull hundreds of MB. Results keep the targets' order.
  const pulled: (PulledFile | undefined)[] = new Array<PulledFile | undefined>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const at = next++;
      pulled[at] = await pullOne(targets[at] as DownloadTarget, deps, recorder);
    }
  };
  const workers = Math.max(1, Math.min(deps.parallelism, targets.length));
  await Promise.all(Array.from({ length: workers }, worker));
  await recorder.finish();
  return pulled.filter((p): p is PulledFile => p !== undefined);
}

async function pullOne(
  target: DownloadTarget,
  deps: PullDeps,
  recorder: DownloadRecorder,
): Promise<PulledFile | undefined> {
  if (deps.stopSignal?.aborted) return undefined;
  deps.events?.onStart?.(target);
  const result = await downloadOutput(target, {
    fetch: deps.fetch,
    clock: deps.clock,
    signal: deps.abortSignal,
    ...(deps.maxFileBytes !== undefined ? { maxFileBytes: deps.maxFileBytes } : {}),
    ...(deps.fileTimeoutMs !== undefined ? { fileTimeoutMs: deps.fileTimeoutMs } : {}),
    onBytes: (bytes, total) => deps.events?.onBytes?.(target, bytes, total),
  });
  deps.events?.onDone?.(target, result);
  recorder.add({ target, result });
  return { target, result };
}
