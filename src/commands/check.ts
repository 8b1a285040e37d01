// reelform check <manifest> [--dir out] [--json] [--parallelism n]: every current generation's pulled file
// against its request; results recorded per generation in the lockfile. Exit 1 when any file fails a check.
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { CommandContext } from "../command-context.js";
import { ExitCode } from "../errors.js";
import type { CheckSettings } from "../expand/check-settings.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { countChecks, printCheckReport } from "../report/check-report.js";
import { warnOn } from "../report/warnings.js";
import { systemClock } from "../sched/clock.js";
import { stateLockfileStore, requireLockfile } from "../status/store.js";
import { openState } from "../state/open.js";
import { planChecks } from "../video-check/jobs.js";
import { recordCheckResults } from "../video-check/record.js";
import { checkFiles, prepareCheckTools } from "../video-check/run.js";
import { workspaceFor } from "../workspace.js";

export interface CheckFlags extends ManifestFlags {
  dir?: string;
  json?: boolean;
  parallelism?: number;
}

/** Files checked at once: FFmpeg decodes on one core each. */
export function defaultCheckParallelism(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** --check with --wait --pull: each key's check settings from the manifest (compiled here), and the lane's width. */
export async function landedCheckOptions(
  ctx: CommandContext,
  manifest: string,
  flags: ManifestFlags & { parallelism?: number },
): Promise<{ settingsFor: (key: string) => CheckSettings | undefined; parallelism: number }> {
  const { compileManifest } = await import("../expand/compile.js");
  const compiled = await compileManifest(manifest, compileOptions(ctx, flags));
  const settings = new Map(compiled.requests.map((r) => [r.key, r.checks]));
  return { settingsFor: (key) => settings.get(key), parallelism: defaultCheckParallelism() };
}

export async function run(ctx: CommandContext, manifest: string, flags: CheckFlags): Promise<number> {
  const { compileManifest } = await import("../expand/compile.js");
  const compiled = await compileManifest(manifest, compileOptions(ctx, flags));
  const settings = new Map(compiled.requests.map((r) => [r.key, r.checks]));
  const workspace = workspaceFor(ctx.cwd, manifest);
  const state = await openState(
    ctx.env,
    {
      manifestPath: workspace.manifestPath,
      lockfilePath: workspace.lockfilePath,
      campaign: compiled.campaign,
    },
    systemClock,
  );
  const store = stateLockfileStore(state, "check", { warn: warnOn(ctx), clock: systemClock });
  const lockfile = await requireLockfile(store, state, manifest);
  const dir = resolve(ctx.cwd, flags.dir ?? "out");
  const plan = planChecks(lockfile, dir, (key) => settings.get(key));
  const tools = await prepareCheckTools(ctx.env as NodeJS.ProcessEnv);
  const checked = await checkFiles(plan.jobs, tools, flags.parallelism ?? defaultCheckParallelism());
  let recorded = new Map<(typeof checked)[number], "recorded" | "file differs" | "gone">();
  if (checked.length > 0)
    await store.update(workspace.lockfilePath, (l) => void (recorded = recordCheckResults(l, checked)));
  const report = {
    checked,
    recorded,
    notPulled: plan.notPulled,
    noOutput: plan.noOutput,
    ffmpeg: tools.ffmpeg,
    dir: flags.dir ?? "out",
  };
  printCheckReport(ctx, report, flags.json === true);
  return countChecks(checked).failed > 0 ? ExitCode.error : ExitCode.ok;
}
