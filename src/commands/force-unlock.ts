import { rm } from "node:fs/promises";
import { relative } from "node:path";
import { findLockFiles } from "../apply/find-locks.js";
import { workspaceFor } from "../workspace.js";
import { ExitCode, UserError } from "../errors.js";
import { readLockInfo } from "../lockfile/mutex.js";
import type { CommandContext, CommandResult } from "../command-context.js";

/**
 * `reelform force-unlock <lock-id> [manifest]`: removes an apply lock whose holder cannot release it
 * (killed on another machine, a CI runner that vanished). Only when the id matches, so a lock taken
 * since by someone else is never removed by mistake.
 */
export async function run(ctx: CommandContext, id: string, manifest: string | undefined): CommandResult {
  const candidates = manifest ? [workspaceFor(ctx.cwd, manifest).lockPath] : await findLockFiles(ctx.cwd);
  const seen: string[] = [];
  for (const path of candidates) {
    const info = await readLockInfo(path);
    if (!info) continue;
    if (info.id === id) {
      await rm(path, { force: true });
      ctx.stdout.write(`Removed the lock ${relative(ctx.cwd, path)} held by ${info.owner}@${info.host} (pid ${info.pid}, since ${info.started_at}).\n`);
      return ExitCode.ok;
    }
    seen.push(`${relative(ctx.cwd, path)} (id ${info.id})`);
  }
  const where = manifest ? `for ${manifest}` : `below ${ctx.cwd}`;
  throw new UserError(`no lock with id ${id} ${where}${seen.length ? `; found: ${seen.join(", ")}` : ": no lock found"}`);
}
