// What is recorded for a manifest, read-only: the lockfile with what an interrupted or disk-full apply left
// (journal, errored copy) folded in, in memory only, as plan, status and pull see it (readEffectiveLockfile);
// so show and list never miss a submitted request.
import { UserError } from "../errors.js";
import type { Lockfile } from "../lockfile/types.js";
import type { StateStore } from "./state.js";
import { readEffectiveLockfile } from "./unfolded.js";

/** `manifest`: as the user named it (a Workspace's manifestArg, src/workspace.ts), for the advice. */
export async function readRecorded(state: StateStore, manifest: string): Promise<Lockfile> {
  const { lockfile } = await readEffectiveLockfile(state);
  if (!lockfile) throw new UserError(nothingRecordedMessage(state, manifest));
  return lockfile;
}

/** "no lockfile at launch.lock.json: nothing has been applied for launch.yaml yet (run `reelform apply launch.yaml`)" */
export function nothingRecordedMessage(state: StateStore, manifest: string): string {
  const where = state.recordIsFile ? `no lockfile at ${state.recordName}` : `nothing recorded in ${state.recordName}`;
  return `${where}: nothing has been applied for ${manifest} yet (run \`reelform apply ${manifest}\`)`;
}
