// What is recorded for a manifest, read-only: the lockfile with what an interrupted or disk-full apply left
// (journal, errored copy) folded in, in memory only, as plan, status and pull see it (readEffectiveLockfile);
// so show and list never miss a submitted request.
import { UserError } from "../errors.js";
import type { Lockfile } from "../lockfile/types.js";
import { readEffectiveLockfile } from "./unfolded.js";

/** The paths of one campaign (a Workspace, src/workspace.ts). */
export interface RecordedPaths {
  manifestArg: string;
  lockfilePath: string;
}

export async function readRecorded(paths: RecordedPaths): Promise<Lockfile> {
  const { manifestArg: manifest, lockfilePath: path } = paths;
  const { lockfile } = await readEffectiveLockfile(path);
  if (!lockfile) throw new UserError(`no lockfile at ${path}: nothing has been applied for ${manifest} yet (run \`reelform apply ${manifest}\`)`);
  return lockfile;
}
