import { rm } from "node:fs/promises";
import { relative } from "node:path";
import { findLockFiles } from "../apply/find-locks.js";
import { ExitCode, UserError } from "../errors.js";
import { readLockInfo, type LockInfo } from "../lockfile/mutex.js";
import { forceUnlockAnywhere, openWorkspaceState } from "../state/open.js";
import { printUnlocked } from "../report/state-report.js";
import type { CommandContext, CommandResult } from "../command-context.js";
import { settingsOf } from "../config/command-settings.js";
import { systemClock } from "../sched/clock.js";

/**
 * `reelform force-unlock <lock-id> [manifest]`: removes an apply lock whose holder cannot release it
 * (killed on another machine, a CI runner that vanished). Only when the id matches, so a lock taken
 * since by someone else is never removed by mistake.
 */
export async function run(ctx: CommandContext, id: string, manifest: string | undefined): CommandResult {
  if (manifest) return unlockOne(ctx, id, manifest);
  const inDatabase = await forceUnlockAnywhere(settingsOf(ctx), id);
  if (inDatabase?.found) return removed(ctx, `the lock in ${inDatabase.where}`, inDatabase.found);
  if (inDatabase) throw new UserError(`no lock with id ${id} in ${inDatabase.where}`);
  const seen: string[] = [];
  for (const path of await findLockFiles(ctx.cwd)) {
    const info = await readLockInfo(path);
    if (!info) continue;
    if (info.id === id) {
      await rm(path, { force: true });
      return removed(ctx, `the lock ${relative(ctx.cwd, path)}`, info);
    }
    seen.push(`${relative(ctx.cwd, path)} (id ${info.id})`);
  }
  throw new UserError(
    `no lock with id ${id} below ${ctx.cwd}${seen.length ? `; found: ${seen.join(", ")}` : ": no lock found"}`,
  );
}

async function unlockOne(ctx: CommandContext, id: string, manifest: string): CommandResult {
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  const what = state.recordIsFile
    ? `the lock ${relative(ctx.cwd, workspace.lockPath)}`
    : `the lock of ${state.recordName}`;
  const holders = await state.locks();
  const info = await state.forceUnlock(id);
  if (info) return removed(ctx, what, info);
  const seen = holders.map(
    (h) => `${state.recordIsFile ? relative(ctx.cwd, workspace.lockPath) : state.recordName} (id ${h.id})`,
  );
  throw new UserError(
    `no lock with id ${id} for ${manifest}${seen.length ? `; found: ${seen.join(", ")}` : ": no lock found"}`,
  );
}

function removed(ctx: CommandContext, what: string, info: LockInfo): number {
  printUnlocked(ctx, what, info);
  return ExitCode.ok;
}
