// What a run recorded that the lockfile does not hold yet: the journal of a run that was killed, and the
// `.errored.ndjson` copy a run writes when it cannot write the lockfile (disk full). Every command that
// reads the lockfile reads these too, so nothing submitted ever shows as new.
import type { ReadOptions } from "../lockfile/io.js";
import { lockfileSha256 } from "../lockfile/serialize.js";
import type { Lockfile } from "../lockfile/types.js";
import { foldJournal } from "./fold.js";
import { journalPathFor } from "../lockfile/paths.js";
import { readJournal } from "./journal.js";
import type { JournalRecord } from "./records.js";
import type { StateStore } from "./state.js";
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
  /** The local files the records came from (journal, errored copy), for messages and removal. */
  files: string[];
  /** The log came from the state's database (its words for messages), not from a file. */
  fromDatabase?: string;
}

/** The state's log (the journal) then the local errored copy, in that order; null when neither exists. */
export async function readUnfolded(state: StateStore): Promise<Unfolded | null> {
  const found: Unfolded = { records: [], skipped: 0, files: [] };
  const log = await state.readLog();
  if (log) {
    append(found.records, log.records);
    found.skipped += log.skipped;
    if (state.logIsFile) found.files.push(state.logName);
    else found.fromDatabase = state.logName;
  }
  const errored = await readJournal(erroredPathFor(state.lockfilePath));
  if (errored) {
    append(found.records, errored.records);
    found.skipped += errored.skipped;
    found.files.push(erroredPathFor(state.lockfilePath));
  }
  return log || errored ? found : null;
}

/** The sources of unfolded records as messages name them: files labelled, the database's words as they are. */
export function unfoldedSources(
  unfolded: Pick<Unfolded, "files" | "fromDatabase">,
  label: (path: string) => string,
): string[] {
  return [...(unfolded.fromDatabase ? [unfolded.fromDatabase] : []), ...unfolded.files.map(label)];
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
export async function readEffectiveLockfile(state: StateStore, options: ReadOptions = {}): Promise<EffectiveLockfile> {
  const read = await state.read(options);
  const unfolded = await readUnfolded(state);
  // The digest stays lazy where the state makes it lazily (only a saved plan asks for it).
  if (!unfolded)
    return {
      lockfile: read?.lockfile ?? null,
      get sha256() {
        return read?.sha256 ?? "absent";
      },
      unfolded,
    };
  const lockfile = foldUnfolded(read?.lockfile ?? null, unfolded.records);
  // Made when asked, from the serialiser's chunks (the text of 500,000 entries is past V8's longest string).
  let sha256: string | undefined;
  return {
    lockfile,
    get sha256() {
      return (sha256 ??= lockfile ? lockfileSha256(lockfile) : "absent");
    },
    unfolded,
  };
}

/** Said by plan, status and pull: what they read besides the lockfile, and that apply will fold it. */
export function unfoldedNotice(unfolded: Unfolded, label: (path: string) => string): string {
  return (
    `read the records of an interrupted run from ${unfoldedSources(unfolded, label).join(" and ")}: they are shown as recorded ` +
    `(the next apply, status or pull folds them into the recorded set)`
  );
}

/** status and pull: say so when they read such records (only the files' existence is checked here). */
export async function noticeUnfolded(
  state: StateStore,
  stderr: NodeJS.WritableStream,
  label: (path: string) => string,
): Promise<void> {
  const log = (await state.hasLog()) ? state.logName : null;
  const errored = await access(erroredPathFor(state.lockfilePath)).then(
    () => erroredPathFor(state.lockfilePath),
    () => null,
  );
  const files = [...(log && state.logIsFile ? [log] : []), ...(errored ? [errored] : [])];
  const unfolded: Unfolded = {
    records: [],
    skipped: 0,
    files,
    ...(log && !state.logIsFile ? { fromDatabase: log } : {}),
  };
  if (log || errored) stderr.write(`reelform: ${unfoldedNotice(unfolded, label)}\n`);
}

/** The journal and errored copy that exist next to the lockfile (only their existence is checked). */
export async function unfoldedFiles(lockfilePath: string): Promise<string[]> {
  const files = [journalPathFor(lockfilePath), erroredPathFor(lockfilePath)];
  return (
    await Promise.all(
      files.map((f) =>
        access(f).then(
          () => f,
          () => null,
        ),
      ),
    )
  ).filter((f) => f !== null);
}
