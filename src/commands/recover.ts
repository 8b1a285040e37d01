// `reelform recover <manifest> [--from FILE|-]`: folds into the lockfile what a run could not write there
// (its journal, `<lockfile>.errored.ndjson`, or the records it printed on stderr when the disk was full).
import { resolve } from "node:path";
import { recoveryNotice } from "../apply/recover.js";
import { recoverRecords } from "../apply/recover-run.js";
import { parseRecordsText, readRecordsFile } from "../apply/printed-records.js";
import type { JournalRecord } from "../apply/records.js";
import { ExitCode, UserError } from "../errors.js";
import { openWorkspaceState } from "../state/open.js";
import { printNothingToRecover, printRecovered, printRefusedLines } from "../report/state-report.js";
import type { CommandContext, CommandResult } from "../command-context.js";
import { systemClock } from "../sched/clock.js";

export interface RecoverFlags {
  from?: string;
}

export async function run(ctx: CommandContext, manifest: string, flags: RecoverFlags): CommandResult {
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  const { lockfilePath, label } = workspace;
  const { records: extra, skipped } =
    flags.from === undefined ? { records: [], skipped: 0 } : await recordsFrom(ctx, flags.from);
  const recovery = await recoverRecords(state, extra, flags.from ?? "", `recover ${manifest}`);
  const recordedIn = state.recordIsFile ? label(state.recordName) : state.recordName;
  if (!recovery) {
    const where = state.recordIsFile
      ? `beside ${label(lockfilePath)}`
      : `in ${recordedIn} or beside ${label(lockfilePath)}`;
    printNothingToRecover(ctx, where);
    return ExitCode.ok;
  }
  const from = flags.from === undefined ? [] : [flags.from === "-" ? "stdin" : flags.from];
  printRecovered(
    ctx,
    recoveryNotice({ ...recovery, files: [...recovery.files.map(label), ...from] }, (p) => p),
    recordedIn,
  );
  printRefusedLines(ctx, skipped, from[0] ?? "", REFUSED);
  return ExitCode.ok;
}

const REFUSED =
  "damaged, or holding a key, session_id, TaskId or generation that apply never records (docs/security.md)";

async function recordsFrom(ctx: CommandContext, from: string): Promise<{ records: JournalRecord[]; skipped: number }> {
  const text = await readRecordsFile(from === "-" ? from : resolve(ctx.cwd, from), ctx.stdin).catch(
    (error: NodeJS.ErrnoException) => {
      throw new UserError(`cannot read --from ${from}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
    },
  );
  const { records, skipped } = parseRecordsText(text);
  if (records.length === 0) {
    const refused = skipped > 0 ? ` (${skipped} line(s) refused: ${REFUSED})` : "";
    throw new UserError(
      `no reelform records in ${from === "-" ? "stdin" : from}${refused}: give the output of the failed apply (with its -----BEGIN REELFORM RECORDS----- block), or a journal`,
    );
  }
  return { records, skipped };
}
