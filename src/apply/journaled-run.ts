// One apply run with its safety net: space reserved for the lockfile, the write-ahead journal, the
// executor, then the fold into the lockfile (or its fallbacks when the disk is full).
import { UserError } from "../errors.js";
import { formatBytes } from "../util/bytes.js";
import type { Lockfile } from "../lockfile/types.js";
import { DiskWriteError } from "../lockfile/write-error.js";
import type { Plan } from "../plan/types.js";
import type { EntryOrigin } from "../provider/types.js";
import type { RunSummary } from "./events.js";
import { executeSubmissions, type ExecutorDeps } from "./executor.js";
import { foldJournal } from "./fold.js";
import { submitItemsFor } from "./items.js";
import type { JournalRecord } from "./records.js";
import { lockfileSizeIfAllCreated, type SpaceReserve } from "./reserve.js";
import type { StateStore } from "./state.js";
import { saveRunOutcome, type OutcomeTarget, type SavedWhere } from "./save-outcome.js";
import type { RunSettings } from "./settings.js";

export interface JournaledRun {
  summary: RunSummary;
  /** Where the answers went: the lockfile, or (disk full) the errored copy or stderr. */
  savedTo: SavedWhere;
  /** The journal could not be written at some point (the run stopped then). */
  journalFailed: boolean;
}

/** Executor dependencies apart from the journal, which this run owns. */
export type RunDeps = Omit<ExecutorDeps, "journal"> & {
  /** Called once the requests are done, before anything is written (e.g. to end the progress display). */
  afterRequests?: () => Promise<void>;
  /** The provider (and sub-application) the requests go to: recorded with every intent. */
  origin?: EntryOrigin;
};

export async function runJournaled(
  plan: Plan,
  lockfile: Lockfile | null,
  settings: RunSettings,
  target: OutcomeTarget,
  deps: RunDeps,
): Promise<JournaledRun> {
  const items = submitItemsFor(plan.entries, plan.campaign).map((item) => ({ ...item, origin: deps.origin }));
  const reserve = await reserveFor(target.state, lockfileSizeIfAllCreated(lockfile, plan, items));
  try {
    const journal = await target.state.openLog();
    const seen: JournalRecord[] = [
      { t: "begin", campaign: plan.campaign, at: new Date(deps.clock.now()).toISOString(), total: items.length },
    ];
    await journal.append(seen[0] as JournalRecord);
    const save = async (): Promise<SavedWhere> => {
      await journal.close();
      await reserve.release(); // the lockfile about to be written is what the space was kept for
      return saveRunOutcome(target, foldJournal(lockfile, plan, seen), seen);
    };
    const journalDeps = {
      ...deps,
      journal: {
        append: (record: JournalRecord) => (seen.push(record), journal.append(record)),
        get failure() {
          return journal.failure;
        },
      },
    };
    const result = await executeSubmissions(items, settings, journalDeps).catch(async (error: unknown) => {
      await save(); // a bug: record what is known (requests still in flight become ? in doubt), then report it
      throw error;
    });
    await deps.afterRequests?.();
    return { summary: result.summary, savedTo: await save(), journalFailed: journal.failure !== undefined };
  } finally {
    await reserve.release();
  }
}

/** The final lockfile's size, with a margin; refusing the run (nothing sent yet) when it does not fit. */
async function reserveFor(state: StateStore, lockfileBytes: number): Promise<SpaceReserve> {
  const bytes = Math.ceil(lockfileBytes * 1.1) + 4096;
  try {
    return await state.reserve(bytes);
  } catch (error) {
    if (!(error instanceof DiskWriteError)) throw error;
    throw new UserError(
      `${error.message}: apply sets aside room for the lockfile (${formatBytes(bytes)} here) before the first request, ` +
        `and there is not that much free beside it. Nothing was submitted; free some space and run apply again.`,
      error.exitCode,
    );
  }
}
