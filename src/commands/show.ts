// reelform show <manifest> <key> [--json]: one recorded entry in full (body, task, outputs, earlier generations).
import { ExitCode, UserError } from "../errors.js";
import type { LockEntry } from "../lockfile/types.js";
import { readRecorded } from "../apply/recorded.js";
import { openWorkspaceState } from "../state/open.js";
import { unfoldedFiles } from "../apply/unfolded.js";
import { readOneEntry } from "../lockfile/read-entry.js";
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
  // With the lockfile backend, only the entry's bytes are parsed when the file is as reelform writes it and
  // nothing is left unfolded.
  const quick =
    state.recordIsFile && (await unfoldedFiles(workspace.lockfilePath)).length === 0
      ? await readOneEntry(workspace.lockfilePath, key, workspace.label(workspace.lockfilePath))
      : undefined;
  if (quick?.kind === "found") {
    printEntry(ctx, key, quick.entry, flags.json === true);
    return ExitCode.ok;
  }
  const lockfile = await readRecorded(state, manifest);
  const entry: LockEntry | undefined = Object.hasOwn(lockfile.entries, key) ? lockfile.entries[key] : undefined;
  if (!entry) {
    const hint = didYouMean(key, Object.keys(lockfile.entries));
    throw new UserError(
      `no key ${JSON.stringify(key)} in the lockfile of ${manifest}${hint ? ` (${hint})` : ""}; \`reelform list ${manifest}\` shows every key`,
    );
  }
  printEntry(ctx, key, entry, flags.json === true);
  return ExitCode.ok;
}
