// Every path one command run works with, resolved once from the manifest the user named: the commands use
// this value instead of each working out lockfile, journal, lock and review paths (and display labels).
import { resolve } from "node:path";
import { journalPathFor, lockfilePathFor, lockPathFor } from "./lockfile/paths.js";
import { reviewPathFor } from "./review/verdicts.js";
import { displayPath } from "./util/paths.js";

export interface Workspace {
  cwd: string;
  /** The manifest as the user named it, for advice such as `reelform apply <manifest>`. */
  manifestArg: string;
  manifestPath: string;
  lockfilePath: string;
  journalPath: string;
  /** The apply lock. */
  lockPath: string;
  reviewPath: string;
  /** A path as the user sees it: relative to cwd when inside it, else absolute. */
  label(path: string): string;
}

export function workspaceFor(cwd: string, manifest: string): Workspace {
  const manifestPath = resolve(cwd, manifest);
  const lockfilePath = lockfilePathFor(manifestPath);
  return {
    cwd,
    manifestArg: manifest,
    manifestPath,
    lockfilePath,
    journalPath: journalPathFor(lockfilePath),
    lockPath: lockPathFor(lockfilePath),
    reviewPath: reviewPathFor(manifestPath),
    label: (path) => displayPath(path, cwd),
  };
}
