// reelform state rm <manifest> <pattern…> [--auto-approve]: the only way an entry leaves the recorded set (the
// lockfile or the state database). Lists exactly what it forgets (every generation's TaskId), asks, then removes
// those entries under the apply lock (the use case is src/state/forget.ts).
import { ExitCode, UserError } from "../errors.js";
import { askYes } from "../report/confirm.js";
import { printForgetList, printForgotten, printNothingForgotten } from "../report/state-report.js";
import { warnOn } from "../report/warnings.js";
import { explainRunningApply } from "../status/apply-in-progress.js";
import { systemClock } from "../sched/clock.js";
import { forgetRecorded } from "../state/forget.js";
import { openWorkspaceState } from "../state/open.js";
import type { CommandContext } from "../command-context.js";

export interface StateRmFlags {
  autoApprove?: boolean;
}

export async function run(
  ctx: CommandContext,
  manifest: string,
  patterns: string[],
  flags: StateRmFlags,
): Promise<number> {
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  const where = state.recordIsFile ? workspace.label(state.recordName) : state.recordName;
  await explainRunningApply(state, manifest, "state rm", ctx.stderr, systemClock.now());
  const request = { state, lockfilePath: workspace.lockfilePath, manifest, patterns, where };
  const outcome = await forgetRecorded(
    { ...request, clock: systemClock, warn: warnOn(ctx) },
    { confirm: (lines) => confirmForget(ctx, where, lines, flags) },
  );
  if (outcome.kind === "declined") printNothingForgotten(ctx);
  else printForgotten(ctx, outcome.keys.length, where);
  return ExitCode.ok;
}

async function confirmForget(
  ctx: CommandContext,
  where: string,
  lines: string[],
  flags: StateRmFlags,
): Promise<boolean> {
  printForgetList(ctx, where, lines);
  if (flags.autoApprove) return true;
  if (!ctx.stdinIsTTY)
    throw new UserError(
      `not forgetting without confirmation: there is no terminal to ask on. Check the list above, then run it again with --auto-approve`,
    );
  return askYes(ctx, "Do you want to forget these entries?");
}
