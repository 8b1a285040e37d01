// reelform show <manifest> <key> [--json]: one recorded entry in full (body, task, outputs, earlier generations).
import { ExitCode, UserError } from "../errors.js";
import type { LockEntry } from "../lockfile/types.js";
import { readRecorded } from "../apply/recorded.js";
import { workspaceFor } from "../workspace.js";
import { didYouMean } from "../manifest/suggest.js";
import { renderEntryText, renderJson } from "../report/lockfile-view.js";
import type { CommandContext } from "../command-context.js";

export async function run(ctx: CommandContext, manifest: string, key: string, flags: { json?: boolean }): Promise<number> {
  const lockfile = await readRecorded(workspaceFor(ctx.cwd, manifest));
  const entry: LockEntry | undefined = Object.hasOwn(lockfile.entries, key) ? lockfile.entries[key] : undefined;
  if (!entry) {
    const hint = didYouMean(key, Object.keys(lockfile.entries));
    throw new UserError(`no key ${JSON.stringify(key)} in the lockfile of ${manifest}${hint ? ` (${hint})` : ""}; \`reelform list ${manifest}\` shows every key`);
  }
  ctx.stdout.write(flags.json ? renderJson({ key, ...entry }) : renderEntryText(key, entry));
  return ExitCode.ok;
}
