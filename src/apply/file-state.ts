// The default state: the lockfile beside the manifest, its `.journal` and its `.lock` (the behaviour of every
// reelform before the state seam, unchanged).
import { access, rm } from "node:fs/promises";
import { readLockfileBytes, parseLockfileBytes, writeLockfile } from "../lockfile/io.js";
import { readOneEntry } from "../lockfile/read-entry.js";
import { digestOf, fileHoldsBytes, rememberDigest, sourceOf } from "../lockfile/source-bytes.js";
import { acquireLock, readLockInfo, type LockInfo } from "../lockfile/mutex.js";
import type { Clock } from "../sched/clock.js";
import { journalPathFor, lockPathFor } from "../lockfile/paths.js";
import { JournalWriter, readJournal } from "./journal.js";
import { reservePathFor, reserveSpace } from "./reserve.js";
import type { StateStore } from "./state.js";

/** The clock dates the lock this state takes (its holder record, and the age of leftovers it sweeps). */
export function fileState(lockfilePath: string, clock: Pick<Clock, "now">): StateStore {
  const journalPath = journalPathFor(lockfilePath);
  const lockPath = lockPathFor(lockfilePath);
  return {
    lockfilePath,
    logName: journalPath,
    logIsFile: true,
    recordName: lockfilePath,
    recordIsFile: true,
    outageAdvice: "Free some disk space",
    async read(options = {}) {
      const raw = await readLockfileBytes(lockfilePath, options);
      if (!raw) return null;
      const lockfile = parseLockfileBytes(raw.bytes, lockfilePath, options);
      // Bytes not kept (format 1, another layout): their sha256 tells later whether the file is still the same.
      if (options.keepSource && !sourceOf(lockfile)) rememberDigest(lockfile, raw.sha256);
      return {
        lockfile,
        get sha256() {
          return raw.sha256; // hashed on first use only
        },
      };
    },
    async readEntry(key, options = {}) {
      const found = await readOneEntry(lockfilePath, key, options.displayPath ?? lockfilePath, undefined, true);
      return found.kind === "found" || found.kind === "missing" ? found : undefined;
    },
    async readIfTencent() {
      // A gateway-only lockfile is not parsed for nothing.
      const raw = await readLockfileBytes(lockfilePath);
      return raw && raw.bytes.includes('"provider": "tencent"') ? parseLockfileBytes(raw.bytes, lockfilePath) : null;
    },
    digest: async () => (await readLockfileBytes(lockfilePath))?.sha256 ?? null,
    async sameAsRead(lockfile) {
      const source = sourceOf(lockfile);
      if (source) return fileHoldsBytes(lockfilePath, source);
      const digest = digestOf(lockfile);
      return digest !== undefined && (await readLockfileBytes(lockfilePath))?.sha256 === digest;
    },
    write: (lockfile, changed, options) => writeLockfile(lockfilePath, lockfile, changed, options),
    lock: (command) => acquireLock(lockfilePath, command, clock),
    async locks() {
      const info = await readLockInfo(lockPath);
      return info ? [info] : [];
    },
    async forceUnlock(id): Promise<LockInfo | null> {
      const info = await readLockInfo(lockPath);
      if (info?.id !== id) return null;
      await rm(lockPath, { force: true });
      return info;
    },
    openLog: () => JournalWriter.open(journalPath),
    readLog: () => readJournal(journalPath),
    hasLog: () =>
      access(journalPath).then(
        () => true,
        () => false,
      ),
    clearLog: () => rm(journalPath, { force: true }),
    reserve: (bytes) => reserveSpace(reservePathFor(lockfilePath), bytes),
    close: async () => undefined,
  };
}
