// `reelform state pull <manifest>`: the campaign's state in the lockfile format on stdout (byte for byte what
// the lockfile of the same entries would be), with any records a killed run left folded in, for review or backup.
import { nothingRecordedMessage } from "../apply/recorded.js";
import { readEffectiveLockfile, unfoldedNotice } from "../apply/unfolded.js";
import { printNotice } from "../report/warnings.js";
import { ExitCode, UserError } from "../errors.js";
import { serializeLockfile } from "../lockfile/serialize.js";
import { openWorkspaceState } from "../state/open.js";
import type { CommandContext, CommandResult } from "../command-context.js";
import { writeChunks } from "../report/chunked-writer.js";
import { systemClock } from "../sched/clock.js";

export async function run(ctx: CommandContext, manifest: string): CommandResult {
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  const recorded = await readEffectiveLockfile(state, { displayPath: workspace.label(workspace.lockfilePath) });
  if (!recorded.lockfile) throw new UserError(nothingRecordedMessage(state, manifest));
  if (recorded.unfolded) printNotice(ctx, unfoldedNotice(recorded.unfolded, workspace.label));
  await writeChunks(ctx.stdout, [serializeLockfile(recorded.lockfile)]);
  return ExitCode.ok;
}
