// `reelform state pull <manifest>`: the campaign's state in the lockfile format on stdout (the use case is
// src/state/pull.ts), for review or backup.
import { printNotice } from "../report/warnings.js";
import { ExitCode } from "../errors.js";
import { openWorkspaceState } from "../state/open.js";
import { pullState } from "../state/pull.js";
import type { CommandContext, CommandResult } from "../command-context.js";
import { writeChunks } from "../report/chunked-writer.js";
import { systemClock } from "../sched/clock.js";

export async function run(ctx: CommandContext, manifest: string): CommandResult {
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  const pulled = await pullState(state, workspace.lockfilePath, manifest, workspace.label);
  if (pulled.notice !== undefined) printNotice(ctx, pulled.notice);
  await writeChunks(ctx.stdout, [pulled.text]);
  return ExitCode.ok;
}
