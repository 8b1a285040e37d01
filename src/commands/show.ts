// reelform show <manifest> <key> [--json]: one recorded entry in full (body, task, outputs, earlier generations).
import { ExitCode, UserError } from "../errors.js";
import type { LockEntry } from "../lockfile/types.js";
import { readRecorded } from "../apply/recorded.js";
import { openWorkspaceState } from "../state/open.js";
import { unfoldedFiles } from "../apply/unfolded.js";
import { didYouMean } from "../manifest/suggest.js";
import { printEntry } from "../report/lockfile-view.js";
import type { CommandContext } from "../command-context.js";
import { systemClock } from "../sched/clock.js";

export async function run(
  ctx: CommandContext,
  manifest: string,
  key: string,
  flags: { json?: boolean },
): Promise<number> {
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  // Only the entry is read (the lockfile's bytes bisected, or one row) when nothing is left unfolded; else, or
  // when that read cannot answer (no such key, a file not as reelform writes it), the full read below.
  const unfolded = (await state.hasLog()) || (await unfoldedFiles(workspace.lockfilePath)).length > 0;
  const quick = unfolded
    ? undefined
    : await state.readEntry(key, { displayPath: workspace.label(workspace.lockfilePath) });
  if (quick?.kind === "missing") throw noSuchKey(key, quick.keys, manifest);
  if (quick?.kind === "found") {
    printEntry(ctx, key, quick.entry, flags.json === true);
    return ExitCode.ok;
  }
  const lockfile = await readRecorded(state, manifest);
  const entry: LockEntry | undefined = Object.hasOwn(lockfile.entries, key) ? lockfile.entries[key] : undefined;
  if (!entry) throw noSuchKey(key, Object.keys(lockfile.entries), manifest);
  printEntry(ctx, key, entry, flags.json === true);
  return ExitCode.ok;
}

function noSuchKey(key: string, keys: string[], manifest: string): UserError {
  const hint = didYouMean(key, keys);
  return new UserError(
    `no key ${JSON.stringify(key)} in the lockfile of ${manifest}${hint ? ` (${hint})` : ""}; \`reelform list ${manifest}\` shows every key`,
  );
}
