// reelform import <manifest> <key> <task-id> [--allow-mismatch] [--provider NAME]: a task made elsewhere (the
// console, another tool) becomes the key's current generation, after its echoed request is compared with the
// key's. Nothing is sent but one query; the recorded set (lockfile or state database) is written under the apply lock.
import { findRecordedTask, importedEntry, type ImportedTask } from "../apply/import-task.js";
import { ExitCode, UserError } from "../errors.js";
import { compileManifest } from "../expand/compile.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import type { ExpandedManifest, ExpandedRequest } from "../expand/types.js";
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import { didYouMean } from "../manifest/suggest.js";
import { resolveMoves } from "../plan/moves.js";
import { chooseProvider } from "../config/provider-choice.js";
import { echoDifferences } from "../provider/compare-echo.js";
import { providerRegistry } from "../provider/registry.js";
import type { Provider } from "../provider/types.js";
import { printDiagnostics } from "../report/diagnostics.js";
import { warnOn } from "../report/warnings.js";
import { systemClock } from "../sched/clock.js";
import { readEffectiveLockfile } from "../apply/unfolded.js";
import { openState } from "../state/open.js";
import { stateLockfileStore } from "../status/store.js";
import { safeText } from "../util/safe-text.js";
import { printImported } from "../report/command-notes.js";
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
    ctx.env,
    {
      manifestPath: workspace.manifestPath,
      lockfilePath: workspace.lockfilePath,
      campaign: expanded.campaign,
    },
    systemClock,
  );
  const where = state.recordIsFile ? workspace.label(state.recordName) : state.recordName;
  // With what a killed run left unfolded: a task it recorded there is already recorded.
  const before = (await readEffectiveLockfile(state, { warn: warnOn(ctx) })).lockfile;
  refuseRecorded(before, taskId, where);
  const previous = recordedFor(expanded, before, key).entry;
  const provider = providerFor(ctx, expanded, previous, flags.provider);
  const imported = await queryTask(provider, taskId, key);
  const differences = echoDifferences(request.body, imported.echo?.input);
  if (differences.length > 0 && !flags.allowMismatch) {
    throw new UserError(
      `task ${taskId} was not made with the request of "${key}", so it is not imported:\n${differences.map((d) => `  ${safeText(d)}`).join("\n")}\nchange the manifest to match, or import it anyway with --allow-mismatch (the entry is marked as imported with these differences)`,
    );
  }
  const at = new Date(systemClock.now()).toISOString();
  // Under the apply lock, after a killed apply's records are folded; a campaign with nothing recorded yet starts empty.
  const store = stateLockfileStore(state, `import ${manifest}`, {
    warn: warnOn(ctx),
    lockAttempts: 1,
    clock: systemClock,
    startEmpty: expanded.campaign,
  });
  let entry: LockEntry | undefined;
  await store.update(workspace.lockfilePath, (fresh) => {
    refuseRecorded(fresh, taskId, where);
    const recorded = recordedFor(expanded, fresh, key);
    entry = importedEntry(expanded.campaign, request, recorded.entry, imported, differences, at);
    fresh.entries = { ...fresh.entries, [key]: entry };
    if (recorded.movedFrom !== undefined) delete fresh.entries[recorded.movedFrom]; // the rename the next apply would record, made now
  });
  if (!entry) throw new Error("import: the update did not run");
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

function requestFor(expanded: ExpandedManifest, key: string, manifest: string): ExpandedRequest {
  const request = expanded.requests.find((r) => r.key === key);
  if (request) return request;
  const hint = didYouMean(
    key,
    expanded.requests.map((r) => r.key),
  );
  throw new UserError(
    `"${key}" is not a key of ${manifest}${hint ? ` (${hint})` : ""}: import records a task under a key the manifest produces (\`reelform render ${manifest}\` lists them)`,
  );
}

function refuseRecorded(lockfile: Lockfile | null, taskId: string, lockfileLabel: string): void {
  const found = findRecordedTask(lockfile, taskId);
  if (found)
    throw new UserError(
      `task ${taskId} is already recorded in ${lockfileLabel}: "${found.key}" generation ${found.generation} (${found.where}); a task is recorded once only`,
    );
}

/**
 * What the key has recorded: its own entry, or, when a rename (`renamed_from`, `moved:`) not applied yet
 * moves an entry to it, that one (the import then records the move too, keeping it under `earlier`).
 */
function recordedFor(
  expanded: ExpandedManifest,
  lockfile: Lockfile | null,
  key: string,
): { entry?: LockEntry; movedFrom?: string } {
  const entries = lockfile?.entries ?? {};
  const movedFrom = resolveMoves(expanded.moves ?? [], entries).into.get(key);
  const from = movedFrom ?? key;
  const entry = Object.hasOwn(entries, from) ? entries[from] : undefined;
  return { ...(entry ? { entry } : {}), ...(movedFrom !== undefined ? { movedFrom } : {}) };
}

/** The key's provider: the one that made its recorded entry, else the one apply would use (--provider, REELFORM_PROVIDER, the manifest). */
function providerFor(
  ctx: CommandContext,
  expanded: ExpandedManifest,
  previous: LockEntry | undefined,
  flag: string | undefined,
): Provider {
  const providers = providerRegistry(ctx.env, systemClock);
  if (previous && flag === undefined) return providers.forEntry(previous);
  return providers.submitter(
    chooseProvider({ flag, env: ctx.env, manifest: expanded.settings.provider }).name,
    expanded.settings.subAppId,
  );
}

async function queryTask(provider: Provider, taskId: string, key: string): Promise<ImportedTask> {
  const outcome = await provider.query(taskId, undefined, systemClock.now());
  if (outcome.kind === "ok")
    return {
      taskId,
      task: outcome.task,
      origin: provider.origin,
      ...(outcome.echo ? { echo: outcome.echo } : {}),
      ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
    };
  const why = `${outcome.error.code}${outcome.error.message ? `: ${outcome.error.message}` : ""}`;
  if (outcome.kind === "not_found")
    throw new UserError(`${provider.name} has no task ${taskId} (${why}); nothing imported for "${key}"`);
  throw new UserError(
    `could not query task ${taskId} through ${provider.name}: ${why}${outcome.kind === "retryable" ? " (worth trying again)" : ""}; nothing imported for "${key}"`,
  );
}
