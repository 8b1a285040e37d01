// What a run recorded that the lockfile does not hold yet: the journal of a run that was killed, and the
// `.errored.ndjson` copy a run writes when it cannot write the lockfile (disk full). Every command that
// reads the lockfile reads these too, so nothing submitted ever shows as new.
import { sha256Hex } from "../util/canonical-json.js";
import { readLockfileWithDigest, serializeLockfile, type ReadOptions } from "../lockfile/io.js";
import type { Lockfile } from "../lockfile/types.js";
import { foldJournal } from "./fold.js";
import { journalPathFor } from "../lockfile/paths.js";
import { readJournal } from "./journal.js";
import type { JournalRecord } from "./records.js";
import { access } from "node:fs/promises";
import { append } from "../util/arrays.js";

/** `launch.lock.json.errored.ndjson`: a run's records, saved there when the lockfile could not be written. */
export function erroredPathFor(lockfilePath: string): string {
  return `${lockfilePath}.errored.ndjson`;
}

export interface Unfolded {
  records: JournalRecord[];
  /** Damaged or torn lines (each costs only itself). */
  skipped: number;
  /** The files the records came from (journal, errored copy), for messages and removal. */
  files: string[];
}

/** The journal then the errored copy, in that order; null when neither exists. */
export async function readUnfolded(lockfilePath: string): Promise<Unfolded | null> {
  const found: Unfolded = { records: [], skipped: 0, files: [] };
  for (const path of [journalPathFor(lockfilePath), erroredPathFor(lockfilePath)]) {
    const contents = await readJournal(path);
    if (!contents) continue;
    append(found.records, contents.records);
    found.skipped += contents.skipped;
    found.files.push(path);
  }
  return found.files.length > 0 ? found : null;
}

/**
 * The lockfile as it will be once the records are folded in; null when there is still nothing to
 * record (no lockfile and no entry), exactly when recovery writes no file.
 */
export function foldUnfolded(before: Lockfile | null, records: readonly JournalRecord[]): Lockfile | null {
  const after = foldJournal(before, null, records);
  return before || Object.keys(after.entries).length > 0 ? after : null;
}

export interface EffectiveLockfile {
  lockfile: Lockfile | null;
  /** sha256 of the lockfile's bytes once folded ("absent": none): what apply will see after recovery. */
  sha256: string;
  unfolded: Unfolded | null;
}

/** The lockfile with any unfolded records folded in, in memory: what plan, status and pull show. */
export async function readEffectiveLockfile(lockfilePath: string, options: ReadOptions = {}): Promise<EffectiveLockfile> {
  const read = await readLockfileWithDigest(lockfilePath, options);
  const unfolded = await readUnfolded(lockfilePath);
  if (!unfolded) return { lockfile: read?.lockfile ?? null, sha256: read?.sha256 ?? "absent", unfolded };
  const lockfile = foldUnfolded(read?.lockfile ?? null, unfolded.records);
  return { lockfile, sha256: lockfile ? sha256Hex(Buffer.from(serializeLockfile(lockfile), "utf8")) : "absent", unfolded };
}

/** Said by plan, status and pull: what they read besides the lockfile, and that apply will fold it. */
export function unfoldedNotice(unfolded: Unfolded, label: (path: string) => string): string {
  return (
    `read the records of an interrupted run from ${unfolded.files.map(label).join(" and ")}: they are shown as recorded ` +
    `(the next apply, status or pull folds them into the lockfile)`
  );
}

/** status and pull: say so when they read such records (only the files' existence is checked here). */
export async function noticeUnfolded(lockfilePath: string, stderr: NodeJS.WritableStream, label: (path: string) => string): Promise<void> {
  const present = await unfoldedFiles(lockfilePath);
  if (present.length > 0) stderr.write(`reelform: ${unfoldedNotice({ records: [], skipped: 0, files: present }, label)}\n`);
}

/** The journal and errored copy that exist next to the lockfile (only their existence is checked). */
export async function unfoldedFiles(lockfilePath: string): Promise<string[]> {
  const files = [journalPathFor(lockfilePath), erroredPathFor(lockfilePath)];
  return (await Promise.all(files.map((f) => access(f).then(() => f, () => null)))).filter((f) => f !== null);
}
