// --pull: the download lane (and with --check the check lane) the follower feeds as tasks finish.
import type { FetchLike } from "../api/http.js";
import type { CheckSettings } from "../expand/check-settings.js";
import { DownloadLane } from "../pipeline/downloads.js";
import { RecordQueue } from "../pipeline/record-queue.js";
import { DEFAULT_PULL_PARALLELISM, type PulledFile } from "../pull/pull.js";
import type { Clock } from "../sched/clock.js";
import type { LockfileStore } from "../status/store.js";
import { CheckLane } from "../video-check/lane.js";
import { prepareCheckTools } from "../video-check/run.js";
import type { EnvSource } from "../config/settings.js";

export interface PullRequest {
  dir: string;
  /** Downloads at once (default: pull's). */
  parallelism?: number;
  /** --check: each file landed is checked on its own lane (the check settings of each key). */
  check?: { settingsFor: (key: string) => CheckSettings | undefined; parallelism: number };
}

export interface PullLanes {
  dir: string;
  downloads: DownloadLane;
  checks?: CheckLane;
  ffmpeg?: { version: string };
}

export async function pullLanes(
  path: string,
  store: LockfileStore,
  request: PullRequest & {
    fetch: FetchLike;
    /** FFmpeg's environment, for --check (a child process's: its PATH, its locale). */
    env: Readonly<Record<string, string | undefined>>;
    /** The command's resolved settings, where REELFORM_FFMPEG is read. */
    settings: EnvSource;
    clock: Clock;
    stopSignal?: AbortSignal;
    abortSignal?: AbortSignal;
  },
): Promise<PullLanes> {
  const tools = request.check ? await prepareCheckTools(request.env as NodeJS.ProcessEnv, request.settings) : undefined;
  const checks =
    request.check && tools
      ? new CheckLane({
          lockfilePath: path,
          store,
          tools,
          parallelism: request.check.parallelism,
          settingsFor: request.check.settingsFor,
        })
      : undefined;
  const downloads = new DownloadLane({
    fetch: request.fetch,
    clock: request.clock,
    parallelism: request.parallelism ?? DEFAULT_PULL_PARALLELISM,
    records: new RecordQueue(path, store),
    ...(request.stopSignal ? { stopSignal: request.stopSignal } : {}),
    ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    ...(checks
      ? {
          onLanded: ({ target }: PulledFile) =>
            target.index === 0 &&
            checks.add({
              key: target.key,
              path: target.path,
              ...(target.earlierGeneration === undefined ? {} : { earlierGeneration: target.earlierGeneration }),
            }),
        }
      : {}),
  });
  return {
    dir: request.dir,
    downloads,
    ...(checks ? { checks } : {}),
    ...(tools?.ffmpeg ? { ffmpeg: tools.ffmpeg } : {}),
  };
}
