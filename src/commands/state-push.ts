// `reelform state push <manifest>`: copies the lockfile's entries (with what a killed run left beside it) into
// the state database (the use case is src/state/push.ts), and says what changed.
import { fileState } from "../apply/file-state.js";
import { readEffectiveLockfile } from "../apply/unfolded.js";
import { ExitCode, UserError } from "../errors.js";
import { openWorkspaceState } from "../state/open.js";
import { pushLockfile } from "../state/push.js";
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
  const pushed = await pushLockfile(state, local, `state push ${manifest}`);
  for (const note of pushed.notes) printNotice(ctx, note);
  printPushed(ctx, file, state.recordName, pushed.before, pushed.after);
  return ExitCode.ok;
}
