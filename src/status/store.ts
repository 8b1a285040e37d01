// The lockfile as status and pull see it: read freely, but every change is a read-modify-write under the
// same lock as apply, re-reading the file under the lock so a concurrent apply's writes are never lost.
import { UserError } from "../errors.js";
import type { LockHandle } from "../lockfile/mutex.js";
import type { LockfileStore } from "../lockfile/store.js";
import type { Lockfile } from "../lockfile/types.js";
import { retryWithBackoff } from "../sched/backoff.js";
import type { Clock } from "../sched/clock.js";
import { recoverJournal } from "../apply/recover.js";
import type { StateStore } from "../apply/state.js";
import { readEffectiveLockfile } from "../apply/unfolded.js";
import { nothingRecordedMessage } from "../apply/recorded.js";

export type { LockfileStore } from "../lockfile/store.js";

export interface FileStoreOptions {
  /** The caller already holds the apply lock (apply --wait): do not take it again. */
  lockHeld?: boolean;
  /** The lock is held for seconds at a time by an apply's fold: try this many times before giving up. */
  lockAttempts?: number;
  /** The command's clock: the waits between attempts at the lock. */
  clock: Pick<Clock, "sleep">;
  /** Told when the lockfile held git conflict markers and was read as the union of both sides. */
  warn?: (message: string) => void;
  /** Nothing recorded yet is not an error: the update starts from an empty recorded set of this campaign (import). */
  startEmpty?: string;
  /**
   * The caller does not change what read() gave it before its first update (a status pass): when the recorded
   * bytes are still those read, that update starts from the lockfile read rather than parsing it again (a
   * 500,000-entry lockfile: seconds of CPU and a second copy in memory). Only where the state has a digest()
   * or unchangedSince().
   */
  reuseRead?: boolean;
  /**
   * The caller goes on using what update() returned and names what it changes (the follower, round after
   * round): each update that names its changed entries keeps what it wrote, and the next one starts from it
   * when the recorded set is still exactly that (sameAsRead: the lockfile's bytes compared under the lock;
   * unchangedSince: the database row's version) instead of reading and parsing the whole set again; the
   * lockfile then serialises only the changed entries (lockfile/changed-write.ts). Implies reuseRead.
   */
  keepWritten?: boolean;
}

/**
 * The real store: the campaign's state (the lockfile on disk, or the database), changed only under the apply
 * lock. The paths its callers pass name the lockfile in messages; the state is the one given here.
 */
export function stateLockfileStore(state: StateStore, command: string, options: FileStoreOptions): LockfileStore {
  let lastRead: { lockfile: Lockfile; sha256: string } | undefined;
  const keep = Boolean(options.keepWritten && (state.unchangedSince ?? state.sameAsRead));
  const reuse = keep || Boolean(options.reuseRead && (state.unchangedSince ?? state.sameAsRead ?? state.digest));
  return {
    // With what a killed run left unfolded (journal, errored copy): a submitted task never looks unrecorded.
    async read() {
      const effective = await readEffectiveLockfile(state, { warn: options.warn, keepSource: reuse });
      lastRead = reuse && effective.lockfile && !effective.unfolded ? readMark(state, effective) : undefined;
      return effective.lockfile;
    },
    async update(_path, mutate, changed) {
      const lock = options.lockHeld ? undefined : await acquireWithPatience(state, command, options);
      try {
        await recoverJournal(state, [], { warn: options.warn }); // under the lock: nothing else is writing the journal
        const unchanged = await stillAsRead(state, lastRead);
        lastRead = undefined; // once, unless kept again below: after this write the read is no longer on disk
        // Read with its bytes kept when the caller names what it changes: the rest is written as it was read.
        const fresh =
          unchanged ??
          (await state.read({ warn: options.warn, keepSource: changed !== undefined }))?.lockfile ??
          (options.startEmpty !== undefined
            ? { format_version: 1, campaign: options.startEmpty, entries: {} }
            : undefined);
        if (!fresh)
          throw new UserError(`the recorded set ${state.recordName} disappeared while ${command} was running`);
        mutate(fresh);
        const keepThis = keep && changed !== undefined;
        await state.write(fresh, changed, keepThis ? { keepWritten: true } : {});
        // Only once written: a failed write leaves lastRead unset, so the next update reads the set again.
        if (keepThis) lastRead = { lockfile: fresh, sha256: "" };
        return fresh;
      } finally {
        await lock?.release();
      }
    },
  };
}

/** The lockfile read earlier when the recorded bytes (checked under the lock) are still the ones it came from. */
async function stillAsRead(
  state: StateStore,
  read: { lockfile: Lockfile; sha256: string } | undefined,
): Promise<Lockfile | undefined> {
  if (!read) return undefined;
  if (state.unchangedSince) return (await state.unchangedSince(read.lockfile)) ? read.lockfile : undefined;
  if (state.sameAsRead) return (await state.sameAsRead(read.lockfile)) ? read.lockfile : undefined;
  if (!state.digest) return undefined;
  return (await state.digest()) === read.sha256 ? read.lockfile : undefined;
}

/**
 * What the update compares: where the state compares what it read (sameAsRead), the lockfile alone (no
 * digest, and nothing that would keep the bytes read alive when the state did not keep them: a format 1
 * file of 800 MB held through a full rewrite); elsewhere the digest, taken now.
 */
function readMark(
  state: StateStore,
  effective: { lockfile: Lockfile | null; sha256: string },
): { lockfile: Lockfile; sha256: string } {
  const lockfile = effective.lockfile as Lockfile;
  return { lockfile, sha256: state.sameAsRead || state.unchangedSince ? "" : effective.sha256 };
}

/** Reads the lockfile or explains that there is nothing to follow yet. */
export async function requireLockfile(store: LockfileStore, state: StateStore, manifest: string): Promise<Lockfile> {
  const lockfile = await store.read(state.lockfilePath);
  if (!lockfile) throw new UserError(nothingRecordedMessage(state, manifest));
  return lockfile;
}

/** A second apart, `lockAttempts` times (5): only "held by another process" (a UserError naming the holder) is worth waiting for. */
async function acquireWithPatience(state: StateStore, command: string, options: FileStoreOptions): Promise<LockHandle> {
  const attempts = options.lockAttempts ?? 5;
  const taken = await retryWithBackoff(
    () =>
      state.lock(command).then(
        (lock) => ({ ok: true as const, lock }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    (result) => !result.ok && result.error instanceof UserError,
    // A fixed second between attempts: no growth (cap = base), no jitter (random 1 takes the ceiling).
    {
      policy: { maxAttempts: attempts, baseMs: 1000, capMs: 1000 },
      clock: { sleep: (ms) => options.clock.sleep(ms), random: () => 1 },
    },
  );
  if (!taken.ok) throw taken.error;
  return taken.lock;
}
