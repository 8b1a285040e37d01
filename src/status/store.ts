// The lockfile as status and pull see it: read freely, but every change is a read-modify-write under the
// same lock as apply, re-reading the file under the lock so a concurrent apply's writes are never lost.
import { UserError } from "../errors.js";
import { readLockfile, writeLockfile } from "../lockfile/io.js";
import { acquireLock } from "../lockfile/mutex.js";
import type { Lockfile } from "../lockfile/types.js";

export interface LockfileStore {
  read(path: string): Promise<Lockfile | null>;
  /** Re-reads under the lock, applies `mutate`, writes atomically, releases; returns what was written. */
  update(path: string, mutate: (lockfile: Lockfile) => void): Promise<Lockfile>;
}

/** The real store. `lockHeld` is for callers that already hold the apply lock (apply --wait). */
export function fileLockfileStore(command: string, options: { lockHeld?: boolean } = {}): LockfileStore {
  return {
    read: readLockfile,
    async update(path, mutate) {
      const lock = options.lockHeld ? undefined : await acquireLock(path, command);
      try {
        const fresh = await readLockfile(path);
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
