import { rm } from "node:fs/promises";
import type { ReadOptions } from "../lockfile/io.js";
import type { JournalRecord } from "./records.js";
import { reservePathFor } from "./reserve.js";
import type { StateStore } from "./state.js";
import { foldUnfolded, readUnfolded, unfoldedSources } from "./unfolded.js";

export interface Recovery {
  /** Requests whose outcome the crashed run never learned: now `?` in doubt. */
  inDoubt: number;
  recorded: number;
  skippedLines: number;
  /** The files folded in (and then removed). */
  files: string[];
  /** The database's log was folded in (its words for messages). */
  fromDatabase?: string;
}

/**
 * Records a crashed or disk-full run left (its journal, its errored copy, and `extra` records handed in
 * by `reelform recover --from`): fold them into the lockfile atomically, then delete those files. Call
 * with the apply lock held. null when there was nothing to fold.
 */
export async function recoverJournal(
  state: StateStore,
  extra: readonly JournalRecord[] = [],
  read: ReadOptions = {},
): Promise<Recovery | null> {
  const unfolded = await readUnfolded(state);
  if (!unfolded && extra.length === 0) return null;
  const records = [...(unfolded?.records ?? []), ...extra];
  const after = foldUnfolded((await state.read(read))?.lockfile ?? null, records);
  if (after) await state.write(after);
  if (unfolded?.fromDatabase !== undefined || unfolded?.files.includes(state.logName)) await state.clearLog();
  for (const file of unfolded?.files ?? []) await rm(file, { force: true });
  await rm(reservePathFor(state.lockfilePath), { force: true }); // the space a killed run had set aside
  const files = unfolded?.files ?? [];
  return {
    ...countOutcomes(records),
    skippedLines: unfolded?.skipped ?? 0,
    files,
    ...(unfolded?.fromDatabase ? { fromDatabase: unfolded.fromDatabase } : {}),
  };
}

/** Answers recorded (an unsent request is none), and intents without any result (in doubt), once per session_id. */
function countOutcomes(records: readonly JournalRecord[]): { inDoubt: number; recorded: number } {
  const intents = new Set(records.flatMap((r) => (r.t === "intent" ? [r.session_id] : [])));
  const answered = new Set(records.flatMap((r) => (r.t !== "intent" && r.t !== "begin" ? [r.session_id] : [])));
  const inDoubt = [...intents].filter((s) => !answered.has(s)).length;
  // One outcome per distinct answer: the same record read twice (journal and errored copy) counts once.
  const recorded = new Set(
    records.flatMap((r) =>
      r.t !== "intent" && r.t !== "begin" && r.t !== "unsent"
        ? [JSON.stringify([r.key, r.session_id, r.t, r.t === "created" ? r.task_id : ""])]
        : [],
    ),
  );
  return { inDoubt, recorded: recorded.size };
}

/** "recovered the records of an interrupted run (launch.lock.json.journal): 3 outcome(s) recorded, …" */
export function recoveryNotice(recovery: Recovery, label: (path: string) => string): string {
  const sources = unfoldedSources(recovery, label);
  const from = sources.length > 0 ? ` (${sources.join(", ")})` : "";
  return (
    `recovered the records of an interrupted run${from}: ${recovery.recorded} outcome(s) recorded, ${recovery.inDoubt} request(s) in doubt (?)` +
    (recovery.skippedLines ? `, ${recovery.skippedLines} damaged or torn line(s) ignored` : "")
  );
}
