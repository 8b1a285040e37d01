// reelform status <manifest> [--wait] [--timeout] [--refresh] [--json] [--parallelism] [--rate] [--dotenv: read in cli.ts]
import { resolve } from "node:path";
import { noticeUnfolded } from "../apply/unfolded.js";
import { openWorkspaceState } from "../state/open.js";
import { UserError } from "../errors.js";
import { settingsOf } from "../config/command-settings.js";
import { providerRegistry } from "../provider/registry.js";
import { systemClock } from "../sched/clock.js";
import { parseDuration } from "../status/duration.js";
import { explainRunningApply } from "../status/apply-in-progress.js";
import { followTasks } from "./follow.js";
import { landedCheckOptions } from "./check.js";
import type { CommandContext } from "../command-context.js";
import { refuseIdleFlags, timeoutRule } from "./idle-flags.js";

export interface StatusFlags {
  wait?: boolean;
  timeout?: string;
  refresh?: boolean;
  json?: boolean;
  all?: boolean;
  parallelism?: number;
  rate?: number;
  pull?: string;
  pullParallelism?: number;
  check?: boolean;
}

/** --pull DIR needs --wait: without it there is nothing to wait for the files of. */
export function pullOptions(
  ctx: CommandContext,
  flags: { pull?: string; pullParallelism?: number; wait?: boolean; check?: boolean },
): { pullDir?: string; pullParallelism?: number } {
  if (flags.check && flags.pull === undefined)
    throw new UserError(
      "--check needs --wait --pull DIR (to check files already pulled, run `reelform check MANIFEST --dir DIR`)",
    );
  if (flags.pull === undefined) return {};
  if (!flags.wait)
    throw new UserError("--pull needs --wait (to download files once, when the tasks have ended, run `reelform pull`)");
  return {
    pullDir: resolve(ctx.cwd, flags.pull),
    ...(flags.pullParallelism === undefined ? {} : { pullParallelism: flags.pullParallelism }),
  };
}

export async function run(ctx: CommandContext, manifest: string, flags: StatusFlags): Promise<number> {
  refuseIdleFlags("status", [timeoutRule(flags)]);
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  await explainRunningApply(state, manifest, "status", ctx.stderr, systemClock.now());
  const timeoutMs = flags.timeout === undefined ? undefined : parseDuration(flags.timeout, "--timeout");
  await noticeUnfolded(state, ctx.stderr, workspace.label);
  const result = await followTasks(ctx, state, {
    manifest,
    wait: Boolean(flags.wait),
    refresh: flags.refresh,
    json: flags.json,
    all: flags.all,
    parallelism: flags.parallelism,
    rate: flags.rate,
    providers: providerRegistry(settingsOf(ctx), systemClock),
    ...pullOptions(ctx, flags),
    ...(flags.check ? { check: await landedCheckOptions(ctx, manifest, flags) } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return result.exitCode;
}
