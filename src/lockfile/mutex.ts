import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, readFile, rename, rm } from "node:fs/promises";
import { hostname, userInfo } from "node:os";
import { UserError } from "../errors.js";
import { createFileSynced } from "./atomic-write.js";
import { pidIsGone, sidePath, sweepLeftovers } from "./leftovers.js";
import { lockPathFor } from "./paths.js";
import type { Clock } from "../sched/clock.js";

export interface LockInfo {
  id: string;
  command: string;
  owner: string;
  host: string;
  pid: number;
  started_at: string;
}

export interface LockHandle {
  info: LockInfo;
  /** The lock of a process that is gone, which this one took over (for a notice). */
  tookOver?: LockInfo;
  release(): Promise<void>;
}

/**
 * `<lockfile>.lock`: one writer per lockfile. Fails fast naming the holder; takes over a dead holder's lock.
 * The clock dates the holder record (`started_at`) and ages the leftovers swept once the lock is held.
 */
export async function acquireLock(
  lockfilePath: string,
  command: string,
  clock: Pick<Clock, "now">,
): Promise<LockHandle> {
  const path = lockPathFor(lockfilePath);
  const info = describeThisProcess(command, clock.now());
  const taken = await take(path, info);
  if (taken) {
    await sweepLeftovers(lockfilePath, clock.now());
    return taken;
  }
  const now = await readLockInfo(path);
  throw new UserError(
    now
      ? heldMessage(path, now)
      : `cannot take the lock ${path}: it is damaged; remove it by hand if no reelform is running`,
  );
}

async function take(path: string, info: LockInfo): Promise<LockHandle | null> {
  if (await tryCreate(path, info)) return handleFor(path, info);
  const holder = await readLockInfo(path);
  if (holder && !holderIsGone(holder)) throw new UserError(heldMessage(path, holder));
  if (holder && (await takeOver(path, holder, info))) return handleFor(path, info, holder);
  if (!holder && (await tryCreate(path, info))) return handleFor(path, info);
  return null;
}

export async function readLockInfo(path: string): Promise<LockInfo | null> {
  try {
    const value = JSON.parse(await readFile(path, "utf8")) as Partial<LockInfo>;
    return typeof value.id === "string" && typeof value.pid === "number" ? (value as LockInfo) : null;
  } catch {
    return null;
  }
}

/** Who this process is, for a lock's holder (a fresh id per lock taken), holding it since `now`. */
export function describeThisProcess(command: string, now: number): LockInfo {
  let owner = "unknown";
  try {
    owner = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return {
    id: randomBytes(8).toString("hex"),
    command,
    owner,
    host: hostname(),
    pid: process.pid,
    started_at: new Date(now).toISOString(),
  };
}

/**
 * Creates the lock with its whole content or not at all: the content goes to a temporary file first (written,
 * fsync'd), which is then hard-linked to the lock's name, an exclusive and atomic step. A process killed at
 * any moment leaves either no lock or a complete one, never an empty file that would block every later run.
 */
async function tryCreate(path: string, info: LockInfo): Promise<boolean> {
  const temp = sidePath(path, info.pid, info.id, "tmp");
  try {
    await createFileSynced(temp, lockText(info));
    await linkOrCreate(temp, path, info);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new UserError(`cannot create the lock ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    await rm(temp, { force: true });
  }
}

function lockText(info: LockInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}

/** File systems without hard links (some network and FUSE mounts) fall back to an exclusive create. */
async function linkOrCreate(temp: string, path: string, info: LockInfo): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes((error as NodeJS.ErrnoException).code ?? ""))
      throw error;
    await createFileSynced(path, lockText(info));
  }
}

/** Only a holder on this host whose pid no longer exists is known to be gone. */
/** The holder ran on this machine and its process no longer exists (on another host we cannot tell: assume alive). */
export function holderIsGone(holder: LockInfo): boolean {
  return holder.host === hostname() && pidIsGone(holder.pid);
}

/**
 * Moves the dead holder's lock aside (rename is atomic: of two processes taking over, one wins), checks
 * it really was that lock, then creates ours exclusively.
 */
async function takeOver(path: string, dead: LockInfo, info: LockInfo): Promise<boolean> {
  const aside = sidePath(path, info.pid, info.id, "stale");
  try {
    await rename(path, aside);
  } catch {
    return false;
  }
  const moved = await readLockInfo(aside);
  if (moved?.id !== dead.id) {
    await link(aside, path).catch(() => undefined); // put a live lock back where it was
    await rm(aside, { force: true });
    return false;
  }
  await rm(aside, { force: true });
  return tryCreate(path, info);
}

function heldMessage(path: string, holder: LockInfo): string {
  return (
    `${path} is held by ${holder.owner}@${holder.host} (pid ${holder.pid}, \`${holder.command}\`, since ${holder.started_at}). ` +
    `Wait for it to finish; if that process is gone for good, run \`reelform force-unlock ${holder.id}\``
  );
}

function handleFor(path: string, info: LockInfo, tookOver?: LockInfo): LockHandle {
  // If the process exits without releasing (an uncaught error), the lock goes with it.
  const onExit = (): void => removeIfOursSync(path, info.id);
  process.once("exit", onExit);
  const handle: LockHandle = {
    info,
    release: async () => {
      process.removeListener("exit", onExit);
      const current = await readLockInfo(path);
      if (current?.id === info.id) await rm(path, { force: true });
    },
  };
  if (tookOver) handle.tookOver = tookOver;
  return handle;
}

function removeIfOursSync(path: string, id: string): void {
  try {
    if ((JSON.parse(readFileSync(path, "utf8")) as { id?: string }).id === id) unlinkSync(path);
  } catch {
    // Already gone or not ours.
  }
}
