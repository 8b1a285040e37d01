// Two versions of a lockfile (git branches) -> their union. No entry and no TaskId is ever dropped: the
// merge driver and the reader of conflict-marked lockfiles both come here.
import { UserError } from "../errors.js";
import { sortKeys } from "./json-text.js";
import { keyedRecord } from "../util/objects.js";
import { mergeEntry } from "./merge-entry.js";
import type { EntrySink } from "./by-entries.js";
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
  refuseOtherCampaign(ours.campaign, theirs.campaign, file);
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

function refuseOtherCampaign(ours: string, theirs: string, file: string): void {
  if (ours === theirs) return;
  throw new UserError(
    `cannot merge ${file}: one side is campaign "${ours}", the other "${theirs}"; lockfiles of different campaigns are never mixed`,
  );
}

/**
 * mergeLockfiles with theirs read a batch at a time (by-entries.ts readLockfileEntries): each of their entries
 * is merged into `ours` (changed in place) as it is read, so the two sides of a 500,000-entry lockfile are never
 * both in memory. The same union, the same notes in the same (key) order; `lockfile()` once theirs is read.
 */
export function mergingInto(ours: Lockfile, file: string): EntrySink & { lockfile(): LockfileMerge } {
  const seen = new Set<string>();
  const notes: string[] = [];
  return {
    batchSize: 250,
    header: (theirs) => refuseOtherCampaign(ours.campaign, theirs.campaign, file),
    has: (key) => seen.has(key),
    add(batch, keys) {
      for (const key of keys) {
        seen.add(key);
        const theirs = batch[key] as LockEntry;
        const mine = Object.hasOwn(ours.entries, key) ? ours.entries[key] : undefined;
        if (!mine) {
          ours.entries[key] = theirs; // prototype-free entries: "__proto__" is a key like any other
          continue;
        }
        const merged = mergeEntry(key, mine, theirs);
        ours.entries[key] = merged.entry;
        if (merged.note) notes.push(merged.note);
      }
    },
    lockfile: () => ({
      lockfile: { format_version: LOCKFILE_FORMAT_VERSION, campaign: ours.campaign, entries: ours.entries },
      notes,
    }),
  };
}
