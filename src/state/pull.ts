// `reelform state pull`'s use case: the campaign's state in the lockfile format (byte for byte what the lockfile
// of the same entries would be), with any records a killed run left folded in, in memory only.
import { nothingRecordedMessage } from "../apply/recorded.js";
import { readEffectiveLockfile, unfoldedNotice } from "../apply/unfolded.js";
import type { StateStore } from "../apply/state.js";
import { UserError } from "../errors.js";
import { serializeLockfile } from "../lockfile/serialize.js";

export interface PulledState {
  /** The lockfile's text. */
  text: string;
  /** Set when records of an interrupted run were folded in: the notice that says from where. */
  notice?: string;
}

/**
 * `manifest`: as the user named it, for the advice when nothing is recorded; `label` shows a path as the
 * command shows paths (src/workspace.ts).
 */
export async function pullState(
  state: StateStore,
  lockfilePath: string,
  manifest: string,
  label: (path: string) => string,
): Promise<PulledState> {
  const recorded = await readEffectiveLockfile(state, { displayPath: label(lockfilePath) });
  if (!recorded.lockfile) throw new UserError(nothingRecordedMessage(state, manifest));
  return {
    text: serializeLockfile(recorded.lockfile),
    ...(recorded.unfolded ? { notice: unfoldedNotice(recorded.unfolded, label) } : {}),
  };
}
