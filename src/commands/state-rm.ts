// reelform state rm <manifest> <pattern…> [--auto-approve]: the only way an entry leaves the recorded set (the
// lockfile or the state database). Lists exactly what it forgets (every generation's TaskId), asks, then removes
// those entries under the apply lock.
import { ExitCode, UserError } from "../errors.js";
import { describeForgotten, forgetEntries, selectForgotten } from "../lockfile/forget.js";
import type { LockEntry } from "../lockfile/types.js";
import { askYes } from "../report/confirm.js";
import { printForgetList, printForgotten, printNothingForgotten } from "../report/state-report.js";
import { warnOn } from "../report/warnings.js";
import { explainRunningApply } from "../status/apply-in-progress.js";
import { systemClock } from "../sched/clock.js";
import { requireLockfile, stateLockfileStore } from "../status/store.js";
import { openWorkspaceState } from "../state/open.js";
import { safeText } from "../util/safe-text.js";
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
  const { lockfilePath } = workspace;
  const where = state.recordIsFile ? workspace.label(state.recordName) : state.recordName;
  await explainRunningApply(state, manifest, "state rm", ctx.stderr, systemClock.now());
  const store = stateLockfileStore(state, "state rm", { warn: warnOn(ctx), clock: systemClock });
  const lockfile = await requireLockfile(store, state, manifest);
  const { keys, unmatched } = selectForgotten(lockfile, patterns);
  if (unmatched.length > 0) {
    throw new UserError(
      `${unmatched.map((p) => `"${safeText(p)}"`).join(", ")} match${unmatched.length === 1 ? "es" : ""} no key in ${where}: nothing was forgotten (\`reelform list ${manifest}\` shows every key)`,
    );
  }
  printForgetList(
    ctx,
    where,
    keys.map((key) => describeForgotten(key, lockfile.entries[key] as LockEntry)),
  );
  if (!flags.autoApprove) {
    if (!ctx.stdinIsTTY)
      throw new UserError(
        `not forgetting without confirmation: there is no terminal to ask on. Check the list above, then run it again with --auto-approve`,
      );
    if (!(await askYes(ctx, "Do you want to forget these entries?"))) {
      printNothingForgotten(ctx);
      return ExitCode.ok;
    }
  }
  let forgotten: string[] = [];
  await store.update(lockfilePath, (fresh) => {
    forgotten = forgetEntries(fresh, keys);
  });
  printForgotten(ctx, forgotten.length, where);
  return ExitCode.ok;
}
