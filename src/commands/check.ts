// reelform check <manifest> [--dir out] [--json] [--parallelism n]: every current generation's pulled file
// against its request; results recorded per generation in the lockfile. Exit 1 when any file fails a check.
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { CommandContext } from "../command-context.js";
import { settingsOf } from "../config/command-settings.js";
import { ExitCode } from "../errors.js";
import type { CheckSettings } from "../expand/check-settings.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { countChecks, printCheckReport } from "../report/check-report.js";
import { warnOn } from "../report/warnings.js";
import { systemClock } from "../sched/clock.js";
import { stateLockfileStore, requireLockfile } from "../status/store.js";
import { openState } from "../state/open.js";
import { checkCampaign } from "../video-check/check-campaign.js";
import { prepareCheckTools } from "../video-check/run.js";
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
  const resolved = settingsOf(ctx);
  const state = await openState(
    resolved,
    {
      manifestPath: workspace.manifestPath,
      lockfilePath: workspace.lockfilePath,
      campaign: compiled.campaign,
    },
    systemClock,
  );
  const store = stateLockfileStore(state, "check", { warn: warnOn(ctx), clock: systemClock });
  const lockfile = await requireLockfile(store, state, manifest);
  // The environment itself too: FFmpeg is looked up on its PATH and runs with it.
  const tools = await prepareCheckTools(ctx.env as NodeJS.ProcessEnv, resolved);
  const result = await checkCampaign({
    lockfile,
    dir: resolve(ctx.cwd, flags.dir ?? "out"),
    settingsFor: (key) => settings.get(key),
    tools,
    parallelism: flags.parallelism ?? defaultCheckParallelism(),
    update: (mutate) => store.update(workspace.lockfilePath, mutate),
  });
  const { checked } = result;
  const report = { ...result, ffmpeg: tools.ffmpeg, dir: flags.dir ?? "out" };
  printCheckReport(ctx, report, flags.json === true);
  return countChecks(checked).failed > 0 ? ExitCode.error : ExitCode.ok;
}
