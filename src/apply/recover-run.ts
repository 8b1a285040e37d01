// `reelform recover`'s use case: under the apply lock, refuse records of another campaign, then fold into the
// recorded set what a run could not write there (its journal, the errored copy, and the records given).
import { UserError } from "../errors.js";
import type { JournalRecord } from "./records.js";
import { recoverJournal, type Recovery } from "./recover.js";
import type { StateStore } from "./state.js";

/** null: nothing to recover. `from` names where `extra` came from, for the refusal. */
export async function recoverRecords(
  state: StateStore,
  extra: readonly JournalRecord[],
  from: string,
  command: string,
): Promise<Recovery | null> {
  const lock = await state.lock(command);
  try {
    await checkCampaign(state, extra, from);
    return await recoverJournal(state, extra);
  } finally {
    await lock.release();
  }
}

/** Records of another campaign's run would be folded into the wrong lockfile. */
async function checkCampaign(state: StateStore, records: readonly JournalRecord[], from: string): Promise<void> {
  const campaign = (await state.read())?.lockfile.campaign;
  const foreign = records.find((r) => r.t === "begin" && campaign !== undefined && r.campaign !== campaign);
  if (foreign?.t === "begin") {
    throw new UserError(
      `the records in ${from} belong to campaign "${foreign.campaign}", but ${state.recordName} is campaign "${String(campaign)}": give the manifest of that campaign`,
    );
  }
}
