// reelform import <manifest> <key> <task-id> [--allow-mismatch] [--provider NAME]: a task made elsewhere (the
// console, another tool) becomes the key's current generation, after its echoed request is compared with the
// key's. Nothing is sent but one query; the recorded set (lockfile or state database) is written under the apply
// lock. The use case is src/apply/import-run.ts; this resolves the campaign, the state and the provider.
import { importTask, requestFor } from "../apply/import-run.js";
import { ExitCode } from "../errors.js";
import { compileManifest } from "../expand/compile.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import type { ExpandedManifest } from "../expand/types.js";
import type { LockEntry } from "../lockfile/types.js";
import { settingsOf } from "../config/command-settings.js";
import { chooseProvider } from "../config/provider-choice.js";
import { providerRegistry } from "../provider/registry.js";
import type { Provider } from "../provider/types.js";
import { printImported } from "../report/command-notes.js";
import { printDiagnostics } from "../report/diagnostics.js";
import { warnOn } from "../report/warnings.js";
import { systemClock } from "../sched/clock.js";
import { openState } from "../state/open.js";
import { stateLockfileStore } from "../status/store.js";
import { workspaceFor } from "../workspace.js";
import type { CommandContext } from "../command-context.js";

export interface ImportFlags extends ManifestFlags {
  allowMismatch?: boolean;
  provider?: string;
}

export async function run(
  ctx: CommandContext,
  manifest: string,
  key: string,
  taskId: string,
  flags: ImportFlags,
): Promise<number> {
  const expanded = await compileManifest(manifest, compileOptions(ctx, flags));
  printDiagnostics(expanded.warnings, { stream: ctx.stderr, env: ctx.env });
  const request = requestFor(expanded, key, manifest);
  const workspace = workspaceFor(ctx.cwd, expanded.manifestPath);
  const state = await openState(
    settingsOf(ctx),
    {
      manifestPath: workspace.manifestPath,
      lockfilePath: workspace.lockfilePath,
      campaign: expanded.campaign,
    },
    systemClock,
  );
  const where = state.recordIsFile ? workspace.label(state.recordName) : state.recordName;
  // Under the apply lock, after a killed apply's records are folded; a campaign with nothing recorded yet starts empty.
  const store = stateLockfileStore(state, `import ${manifest}`, {
    warn: warnOn(ctx),
    lockAttempts: 1,
    clock: systemClock,
    startEmpty: expanded.campaign,
  });
  const { entry, imported, differences } = await importTask({
    expanded,
    request,
    taskId,
    state,
    where,
    lockfilePath: workspace.lockfilePath,
    allowMismatch: Boolean(flags.allowMismatch),
    providerFor: (previous) => providerFor(ctx, expanded, previous, flags.provider),
    update: (path, mutate) => store.update(path, mutate),
    warn: warnOn(ctx),
    now: () => systemClock.now(),
  });
  printImported(ctx, {
    taskId,
    key,
    generation: entry.generation,
    taskState: imported.task.state,
    differences: differences.length,
    keptEarlier: Boolean(entry.earlier?.length),
    where,
  });
  return ExitCode.ok;
}

/** The key's provider: the one that made its recorded entry, else the one apply would use (--provider, REELFORM_PROVIDER, the manifest). */
function providerFor(
  ctx: CommandContext,
  expanded: ExpandedManifest,
  previous: LockEntry | undefined,
  flag: string | undefined,
): Provider {
  const settings = settingsOf(ctx);
  const providers = providerRegistry(settings, systemClock);
  if (previous && flag === undefined) return providers.forEntry(previous);
  return providers.submitter(
    chooseProvider({ flag, env: settings, manifest: expanded.settings.provider }).name,
    expanded.settings.subAppId,
  );
}
