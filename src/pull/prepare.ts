// The one way every path that downloads (pull, apply --wait --pull, status --wait --pull) gets its files
// ready: first each file already on disk under a key's current name that holds an earlier generation's
// recorded output (size and sha256 checked) moves to its own name `<key>.g<N>.<ext>`, so no generation's
// file is overwritten by another's; then the outputs to fetch, where earlier generations whose URLs have
// expired are left out (counted, not failed) and retired keys are left out unless asked.
import { isRetired, type Lockfile } from "../lockfile/types.js";
import { keepEarlierGenerations, type KeptFile } from "./keep-earlier.js";
import { downloadTargets, expiredEarlierOutputs, type DownloadTarget } from "./targets.js";

export interface PrepareOptions {
  /** The current time (ms): earlier outputs whose URLs expired by then are not fetched. */
  now: number;
  /** Also fetch the outputs of retired keys (pull --include-retired). */
  includeRetired?: boolean;
  /** Only these keys (the pipeline: the tasks a round just learned about). Default every key. */
  keys?: ReadonlySet<string>;
}

export interface PreparedDownloads {
  /** Files moved to their generation's own name. */
  kept: KeptFile[];
  targets: DownloadTarget[];
  /** Outputs of earlier generations not fetched because their URLs expired. */
  expiredEarlier: number;
}

export async function prepareDownloads(
  lockfile: Lockfile,
  dir: string,
  options: PrepareOptions,
): Promise<PreparedDownloads> {
  const wanted = (key: string): boolean => {
    if (options.keys && !options.keys.has(key)) return false;
    const entry = Object.hasOwn(lockfile.entries, key) ? lockfile.entries[key] : undefined;
    return entry !== undefined && (options.includeRetired === true || !isRetired(entry));
  };
  const kept = await keepEarlierGenerations(lockfile, dir, options.keys);
  // Names are chosen over every key (two keys with one file name are told apart the same way whatever is fetched).
  const targets = downloadTargets(lockfile, dir, options.now).filter((t) => wanted(t.key));
  return { kept, targets, expiredEarlier: expiredEarlierOutputs(lockfile, options.now, wanted) };
}

/** Retired keys whose outputs a pull without --include-retired leaves alone. */
export function retiredKeys(lockfile: Lockfile): string[] {
  return Object.keys(lockfile.entries).filter((key) => {
    const entry = lockfile.entries[key];
    return entry !== undefined && isRetired(entry);
  });
}
