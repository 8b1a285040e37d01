// What is recorded for a manifest, read-only: the lockfile with any journal an interrupted apply left folded in
// (in memory only; apply folds it on disk under the lock), so show and list never miss a submitted request.
import { resolve } from "node:path";
import { foldJournal } from "./fold.js";
import { journalPathFor, readJournal } from "./journal.js";
import { UserError } from "../errors.js";
import { readLockfile } from "../lockfile/io.js";
import { lockfilePathFor } from "../lockfile/paths.js";
import type { Lockfile } from "../lockfile/types.js";

export async function readRecorded(cwd: string, manifest: string): Promise<Lockfile> {
  const path = lockfilePathFor(resolve(cwd, manifest));
  const lockfile = await readLockfile(path);
  const journal = await readJournal(journalPathFor(path));
  if (journal) return foldJournal(lockfile, null, journal.records);
  if (!lockfile) throw new UserError(`no lockfile at ${path}: nothing has been applied for ${manifest} yet (run \`reelform apply ${manifest}\`)`);
  return lockfile;
}
