// `reelform import`'s use case: refuse a TaskId already recorded, query the task through the key's provider,
// compare its echoed request with the key's, and record it as the key's new current generation under the
// apply lock (the caller's `update`). The command resolves the campaign, the state and the provider and prints
// what this returns.
import type { ExpandedManifest, ExpandedRequest } from "../expand/types.js";
import { UserError } from "../errors.js";
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import { didYouMean } from "../manifest/suggest.js";
import { resolveMoves } from "../plan/moves.js";
import { echoDifferences } from "../provider/compare-echo.js";
import type { Provider } from "../provider/types.js";
import { safeText } from "../util/safe-text.js";
import { findRecordedTask, importedEntry, type ImportedTask } from "./import-task.js";
import type { StateStore } from "./state.js";
import { readEffectiveLockfile } from "./unfolded.js";

export interface ImportRun {
  expanded: ExpandedManifest;
  request: ExpandedRequest;
  taskId: string;
  state: StateStore;
  /** The recorded set as messages name it (the lockfile's path, or the database). */
  where: string;
  lockfilePath: string;
  allowMismatch: boolean;
  /** The key's provider, given its recorded entry (if any). */
  providerFor: (previous: LockEntry | undefined) => Provider;
  /** Runs `mutate` on the freshly read recorded set under the apply lock, and writes it. */
  update: (lockfilePath: string, mutate: (fresh: Lockfile) => void) => Promise<unknown>;
  warn: (message: string) => void;
  now: () => number;
}

export interface ImportDone {
  entry: LockEntry;
  imported: ImportedTask;
  differences: string[];
}

export async function importTask(run: ImportRun): Promise<ImportDone> {
  const { expanded, request, taskId, where } = run;
  const key = request.key;
  const provider = await providerAfterCheck(run);
  const imported = await queryTask(provider, taskId, key, run.now());
  const differences = echoDifferences(request.body, imported.echo?.input);
  if (differences.length > 0 && !run.allowMismatch) {
    throw new UserError(
      `task ${taskId} was not made with the request of "${key}", so it is not imported:\n${differences.map((d) => `  ${safeText(d)}`).join("\n")}\nchange the manifest to match, or import it anyway with --allow-mismatch (the entry is marked as imported with these differences)`,
    );
  }
  const at = new Date(run.now()).toISOString();
  let entry: LockEntry | undefined;
  await run.update(run.lockfilePath, (fresh) => {
    refuseRecorded(fresh, taskId, where);
    const recorded = recordedFor(expanded, fresh, key);
    entry = importedEntry(expanded.campaign, request, recorded.entry, imported, differences, at);
    // In place: a copy of the entries (500,000 of them) cost seconds and doubled the memory of the write.
    Object.defineProperty(fresh.entries, key, { value: entry, enumerable: true, writable: true, configurable: true });
    if (recorded.movedFrom !== undefined) delete fresh.entries[recorded.movedFrom]; // the rename the next apply would record, made now
  });
  if (!entry) throw new Error("import: the update did not run");
  return { entry, imported, differences };
}

/**
 * The provider to ask, once the task is known not to be recorded yet (with what a killed run left unfolded: a
 * task it recorded there is already recorded). The lockfile read for it is not held past this: the update
 * reads it again under the lock, and two copies of a 500,000-entry set would be over 3 GB.
 */
async function providerAfterCheck(run: ImportRun): Promise<Provider> {
  const before = (await readEffectiveLockfile(run.state, { warn: run.warn })).lockfile;
  refuseRecorded(before, run.taskId, run.where);
  return run.providerFor(recordedFor(run.expanded, before, run.request.key).entry);
}

/** The key's request; an unknown key is refused before anything is read or sent. */
export function requestFor(expanded: ExpandedManifest, key: string, manifest: string): ExpandedRequest {
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

async function queryTask(provider: Provider, taskId: string, key: string, now: number): Promise<ImportedTask> {
  const outcome = await provider.query(taskId, undefined, now);
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
