// reelform list <manifest> [--json]: every recorded key with its generation, state and TaskId.
import { readRecorded } from "../apply/recorded.js";
import { openWorkspaceState } from "../state/open.js";
import { listRows, printList } from "../report/lockfile-view.js";
import { ExitCode } from "../errors.js";
import type { CommandContext } from "../command-context.js";
import { systemClock } from "../sched/clock.js";

export async function run(ctx: CommandContext, manifest: string, flags: { json?: boolean }): Promise<number> {
  const { state } = await openWorkspaceState(ctx, manifest, systemClock);
  const rows = listRows(await readRecorded(state, manifest));
  printList(ctx, rows, flags.json === true);
  return ExitCode.ok;
}
