// `reelform state push <manifest>`: copies the lockfile's entries (with what a killed run left beside it) into
// the state database, under the campaign's lock. Idempotent: what the database already holds is merged with
// the lockfile as git merges two lockfiles (the union; of two TaskIds of one key, both are kept).
import { fileState } from "../apply/file-state.js";
import { recoverJournal } from "../apply/recover.js";
import { readEffectiveLockfile } from "../apply/unfolded.js";
import { ExitCode, UserError } from "../errors.js";
import { mergeLockfiles } from "../lockfile/merge.js";
import { openWorkspaceState } from "../state/open.js";
import { printPushed } from "../report/state-report.js";
import { printNotice } from "../report/warnings.js";
import type { CommandContext, CommandResult } from "../command-context.js";
import { systemClock } from "../sched/clock.js";

export async function run(ctx: CommandContext, manifest: string): CommandResult {
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  const file = workspace.label(workspace.lockfilePath);
  if (state.recordIsFile)
    throw new UserError(
      "`state push` copies the lockfile into a state database: set REELFORM_STATE (or --state) to its postgres:// URL",
    );
  const local = (await readEffectiveLockfile(fileState(workspace.lockfilePath, systemClock), { displayPath: file }))
    .lockfile;
  if (!local) throw new UserError(`no lockfile at ${file}: nothing to push for ${manifest}`);
  const lock = await state.lock(`state push ${manifest}`);
  try {
    await recoverJournal(state);
    const before = (await state.read())?.lockfile ?? null;
    const after = before ? mergeLockfiles(before, local, state.recordName) : { lockfile: local, notes: [] };
    await state.write(after.lockfile);
    for (const note of after.notes) printNotice(ctx, note);
    printPushed(ctx, file, state.recordName, before, after.lockfile);
    return ExitCode.ok;
  } finally {
    await lock.release();
  }
}
