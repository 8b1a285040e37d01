// `reelform state push`'s use case: under the campaign's lock, with what a killed run left folded in first,
// the database's entries merged with the lockfile's as git merges two lockfiles (the union; of two TaskIds of
// one key, both are kept) and written back. Idempotent.
import { recoverJournal } from "../apply/recover.js";
import type { StateStore } from "../apply/state.js";
import { mergeLockfiles } from "../lockfile/merge.js";
import type { Lockfile } from "../lockfile/types.js";

export interface Pushed {
  /** What the database held before (null: nothing yet). */
  before: Lockfile | null;
  after: Lockfile;
  /** The merge's notes (two TaskIds of one key kept, …). */
  notes: string[];
}

export async function pushLockfile(state: StateStore, local: Lockfile, command: string): Promise<Pushed> {
  const lock = await state.lock(command);
  try {
    await recoverJournal(state);
    const before = (await state.read())?.lockfile ?? null;
    const merged = before ? mergeLockfiles(before, local, state.recordName) : { lockfile: local, notes: [] };
    await state.write(merged.lockfile);
    return { before, after: merged.lockfile, notes: merged.notes };
  } finally {
    await lock.release();
  }
}
