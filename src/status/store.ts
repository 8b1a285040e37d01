// The lockfile as status and pull see it: read freely, but every change is a read-modify-write under the
// same lock as apply, re-reading the file under the lock so a concurrent apply's writes are never lost.
import { UserError } from "../errors.js";
import { readLockfile, writeLockfile } from "../lockfile/io.js";
import { acquireLock, type LockHandle } from "../lockfile/mutex.js";
import type { LockfileStore } from "../lockfile/store.js";
import type { Lockfile } from "../lockfile/types.js";
import { systemClock } from "../sched/clock.js";
import { recoverJournal } from "../apply/recover.js";
import { readEffectiveLockfile } from "../apply/unfolded.js";

export type { LockfileStore } from "../lockfile/store.js";

export interface FileStoreOptions {
  /** The caller already holds the apply lock (apply --wait): do not take it again. */
  lockHeld?: boolean;
  /** The lock is held for seconds at a time by an apply's fold: try this many times before giving up. */
  lockAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told when the lockfile held git conflict markers and was read as the union of both sides. */
  warn?: (message: string) => void;
}

/** The real store: the lockfile on disk, changed only under the apply lock. */
export function fileLockfileStore(command: string, options: FileStoreOptions = {}): LockfileStore {
  return {
    // With what a killed run left unfolded (journal, errored copy): a submitted task never looks unrecorded.
    read: async (path) => (await readEffectiveLockfile(path, { warn: options.warn })).lockfile,
    async update(path, mutate) {
      const lock = options.lockHeld ? undefined : await acquireWithPatience(path, command, options);
      try {
        await recoverJournal(path, [], { warn: options.warn }); // under the lock: nothing else is writing the journal
        const fresh = await readLockfile(path, { warn: options.warn });
        if (!fresh) throw new UserError(`the lockfile ${path} disappeared while ${command} was running`);
        mutate(fresh);
        await writeLockfile(path, fresh);
        return fresh;
      } finally {
        await lock?.release();
      }
    },
  };
}

/** Reads the lockfile or explains that there is nothing to follow yet. */
export async function requireLockfile(store: LockfileStore, path: string, manifest: string): Promise<Lockfile> {
  const lockfile = await store.read(path);
  if (!lockfile) {
    throw new UserError(`no lockfile at ${path}: nothing has been applied for ${manifest} yet (run \`reelform apply ${manifest}\`)`);
  }
  return lockfile;
}

async function acquireWithPatience(path: string, command: string, options: FileStoreOptions): Promise<LockHandle> {
  const attempts = options.lockAttempts ?? 5;
  const sleep = options.sleep ?? systemClock.sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await acquireLock(path, command);
    } catch (error) {
      // Only "held by another process" (a UserError naming the holder) is worth waiting for.
      if (!(error instanceof UserError) || attempt >= attempts) throw error;
      await sleep(1000);
    }
  }
}
