import { readLockfile, writeLockfile, type ReadOptions } from "../lockfile/io.js";
import { foldJournal } from "./fold.js";
import { journalPathFor, readJournal, removeJournal } from "./journal.js";

export interface Recovery {
  /** Requests whose outcome the crashed run never learned: now `?` in doubt. */
  inDoubt: number;
  recorded: number;
  skippedLines: number;
}

/**
 * A journal left by a run that crashed or was killed: fold it into the lockfile (atomically), then
 * delete it. Call with the apply lock held. null when there was no journal.
 */
export async function recoverJournal(lockfilePath: string, read: ReadOptions = {}): Promise<Recovery | null> {
  const path = journalPathFor(lockfilePath);
  const journal = await readJournal(path);
  if (!journal) return null;
  const before = await readLockfile(lockfilePath, read);
  const after = foldJournal(before, null, journal.records);
  if (before || Object.keys(after.entries).length > 0) await writeLockfile(lockfilePath, after);
  await removeJournal(path);
  const intents = journal.records.filter((r) => r.t === "intent").length;
  const results = new Set(journal.records.filter((r) => r.t !== "intent" && r.t !== "begin").map((r) => ("session_id" in r ? r.session_id : "")));
  const inDoubt = journal.records.filter((r) => r.t === "intent" && !results.has(r.session_id)).length;
  return { inDoubt, recorded: intents - inDoubt, skippedLines: journal.skipped };
}
