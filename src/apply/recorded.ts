// What is recorded for a manifest, read-only: the lockfile with any journal an interrupted apply left folded in
// (in memory only; apply folds it on disk under the lock), so show and list never miss a submitted request.
import { foldJournal } from "./fold.js";
import { readJournal } from "./journal.js";
import { UserError } from "../errors.js";
import { readLockfile } from "../lockfile/io.js";
import type { Lockfile } from "../lockfile/types.js";

/** The paths of one campaign (a Workspace, src/workspace.ts). */
export interface RecordedPaths {
  manifestArg: string;
  lockfilePath: string;
  journalPath: string;
}

export async function readRecorded(paths: RecordedPaths): Promise<Lockfile> {
  const { manifestArg: manifest, lockfilePath: path } = paths;
  const lockfile = await readLockfile(path);
  const journal = await readJournal(paths.journalPath);
  if (journal) return foldJournal(lockfile, null, journal.records);
  if (!lockfile) throw new UserError(`no lockfile at ${path}: nothing has been applied for ${manifest} yet (run \`reelform apply ${manifest}\`)`);
  return lockfile;
}
