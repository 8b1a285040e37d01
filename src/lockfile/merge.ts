// Two versions of a lockfile (git branches) -> their union. No entry and no TaskId is ever dropped: the
// merge driver and the reader of conflict-marked lockfiles both come here.
import { UserError } from "../errors.js";
import { sortKeys } from "./json-text.js";
import { keyedRecord } from "../util/objects.js";
import { mergeEntry } from "./merge-entry.js";
import { LOCKFILE_FORMAT_VERSION, type LockEntry, type Lockfile } from "./types.js";

export interface LockfileMerge {
  lockfile: Lockfile;
  /** One line per key whose two sides both submitted it (both tasks kept, one under `earlier`). */
  notes: string[];
}

/**
 * Keys on one side only are kept as they are; keys on both sides are merged by mergeEntry. The base is not
 * needed: a union never drops anything, so an orphan one branch dropped comes back and the next plan shows
 * it as `-` again (docs/plans-and-lockfile.md "Merging lockfiles").
 */
export function mergeLockfiles(ours: Lockfile, theirs: Lockfile, file: string): LockfileMerge {
  if (ours.campaign !== theirs.campaign) {
    throw new UserError(
      `cannot merge ${file}: one side is campaign "${ours.campaign}", the other "${theirs.campaign}"; lockfiles of different campaigns are never mixed`,
    );
  }
  const entries = keyedRecord<LockEntry>();
  const notes: string[] = [];
  for (const key of sortKeys([...new Set([...Object.keys(ours.entries), ...Object.keys(theirs.entries)])])) {
    const a = ours.entries[key];
    const b = theirs.entries[key];
    if (!a || !b) {
      entries[key] = (a ?? b) as LockEntry;
      continue;
    }
    const merged = mergeEntry(key, a, b);
    entries[key] = merged.entry;
    if (merged.note) notes.push(merged.note);
  }
  return { lockfile: { format_version: LOCKFILE_FORMAT_VERSION, campaign: ours.campaign, entries }, notes };
}
