// The temporary files of a lock attempt (`<lock>.<pid>-<id>.tmp|stale`) and of an atomic lockfile write
// (`.<lockfile>.<pid>.<hex>.tmp`), named by pid so that a later run can remove those of killed processes.
import { readdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isAtomicTempOf } from "./atomic-write.js";
import { lockPathFor } from "./paths.js";

/** `<lock>.<pid>-<id>.<kind>`: the temporary files of one attempt, named so a later run can tell whose they were. */
export function sidePath(lockPath: string, pid: number, id: string, kind: "tmp" | "stale"): string {
  return `${lockPath}.${pid}-${id}.${kind}`;
}

/**
 * Removes the temporary files that killed processes left beside the lockfile: a half-taken lock's, or a
 * half-written lockfile's (up to its whole size). Only those of a process that is gone, and older than a
 * minute at `now` (by the files' mtime): a live process's file is never touched. Called with the lock held.
 */
export async function sweepLeftovers(lockfilePath: string, now: number): Promise<void> {
  const dir = dirname(lockfilePath);
  const lockPrefix = `${basename(lockPathFor(lockfilePath))}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const side = name.startsWith(lockPrefix)
      ? /^(\d+)-[0-9a-f]+\.(?:tmp|stale)$/.exec(name.slice(lockPrefix.length))
      : null;
    const pid = side ? Number(side[1]) : isAtomicTempOf(lockfilePath, name);
    if (pid === null || !pidIsGone(pid)) continue;
    const file = join(dir, name);
    const age = await stat(file).then(
      (s) => now - s.mtimeMs,
      () => 0,
    );
    if (age > 60_000) await rm(file, { force: true });
  }
}

/** True only when no process with this pid exists on this machine. */
export function pidIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
