// The end of a run: its answers go into the lockfile; when that cannot be written (disk full), into
// `<lockfile>.errored.ndjson`; when nothing at all can be written, onto stderr in a block that
// `reelform recover MANIFEST --from FILE` reads back (Terraform's errored.tfstate is the model).
import { rm } from "node:fs/promises";
import type { Lockfile } from "../lockfile/types.js";
import { plainWriteFailure } from "../lockfile/write-error.js";
import { JournalWriter } from "./journal.js";
import type { JournalRecord } from "./records.js";
import { formatRecordsBlock } from "./printed-records.js";
import type { StateStore } from "./state.js";
import { erroredPathFor } from "./unfolded.js";

export type SavedWhere = "lockfile" | "errored" | "stderr";

export interface OutcomeTarget {
  /** Where the run's answers belong. */
  state: StateStore;
  /** The manifest as the user would type it, for the recover command in the advice. */
  manifestLabel: string;
  /** How messages name files (relative to the current directory). */
  label: (path: string) => string;
  stderr: NodeJS.WritableStream;
}

/** Writes the folded lockfile and removes the journal; falls back as above. Never throws for a full disk. */
export async function saveRunOutcome(
  target: OutcomeTarget,
  folded: Lockfile,
  records: readonly JournalRecord[],
): Promise<SavedWhere> {
  try {
    await target.state.write(folded);
  } catch (lockError) {
    return saveElsewhere(target, records, lockError);
  }
  await target.state.clearLog().catch(() => undefined); // refolding it is harmless
  return "lockfile";
}

async function saveElsewhere(
  target: OutcomeTarget,
  records: readonly JournalRecord[],
  lockError: unknown,
): Promise<SavedWhere> {
  const { stderr, label } = target;
  const errored = erroredPathFor(target.state.lockfilePath);
  const advice = target.state.outageAdvice;
  stderr.write(`reelform: ${messageOf(lockError)}\n`);
  const recover = `reelform recover ${target.manifestLabel}`;
  let where: SavedWhere = "errored";
  try {
    await appendRecords(errored, records);
    stderr.write(
      `reelform: the answers of this run were saved to ${label(errored)} instead. ${advice}, then run \`${recover}\`\n` +
        `  (apply, plan, status and pull also read that file); keep it until then: it holds TaskIds recorded nowhere else.\n` +
        `reelform: they are also printed below, for a machine whose disk is not kept (CI): \`${recover} --from FILE\` reads them from a saved log:\n`,
    );
  } catch (erroredError) {
    where = "stderr";
    stderr.write(`reelform: ${messageOf(erroredError)}\n`);
    stderr.write(
      `reelform: nothing could be written, so the answers of this run are printed below. Save this output to a file,\n` +
        `  free some disk space, then run \`${recover} --from FILE\` (or \`--from -\` to paste them on stdin) before the next apply:\n`,
    );
  }
  stderr.write(formatRecordsBlock(records));
  return where;
}

/** Appended, never replaced: an errored copy not yet recovered must not be lost to a second failure. */
async function appendRecords(path: string, records: readonly JournalRecord[]): Promise<void> {
  const writer = await JournalWriter.open(path);
  try {
    await Promise.all(records.map((r) => writer.append(r)));
  } finally {
    await writer.close();
    // Not even one line fitted: leave no empty file for plan and apply to mention.
    if (writer.failure && writer.durableBytes === 0) await rm(path, { force: true }).catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error && (error.name === "DiskWriteError" || error.name === "StateWriteError")
    ? error.message
    : plainWriteFailure(error);
}
