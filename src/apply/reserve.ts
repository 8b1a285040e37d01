// Disk space set aside before the first request, so that when the journal fills the disk mid-run the
// final lockfile still fits: the reserve is deleted just before the lockfile is written. A run that cannot
// even reserve that much stops before anything is sent (and so before anything is paid for).
import { randomBytes } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { serializeLockfile } from "../lockfile/io.js";
import type { Lockfile } from "../lockfile/types.js";
import { writeAll } from "../lockfile/write-all.js";
import { DiskWriteError } from "../lockfile/write-error.js";
import type { Plan } from "../plan/types.js";
import { foldJournal } from "./fold.js";
import type { JournalRecord } from "./records.js";
import type { SubmitItem } from "./submit-one.js";

/** `launch.lock.json.reserve`: beside the lockfile, so on the same file system. */
export function reservePathFor(lockfilePath: string): string {
  return `${lockfilePath}.reserve`;
}

/** Bytes of the lockfile if every item came back created (TaskIds and RequestIds of the longest usual size). */
export function lockfileSizeIfAllCreated(lockfile: Lockfile | null, plan: Plan, items: readonly SubmitItem[]): number {
  const at = new Date(0).toISOString();
  const records: JournalRecord[] = items.flatMap((item): JournalRecord[] => [
    {
      t: "intent",
      key: item.key,
      hash: item.hash,
      generation: item.generation,
      session_id: item.session_id,
      body: item.body,
      at,
    },
    {
      t: "created",
      key: item.key,
      session_id: item.session_id,
      task_id: "x".repeat(80),
      request_id: "x".repeat(40),
      at,
    },
  ]);
  return Buffer.byteLength(serializeLockfile(foldJournal(lockfile, plan, records)), "utf8");
}

const CHUNK = 1 << 20;

export interface SpaceReserve {
  /** Gives the space back (idempotent). */
  release(): Promise<void>;
}

/**
 * Writes `bytes` of random filler (compressing file systems cannot shrink it) and syncs it, so the
 * blocks are really taken. DiskWriteError, with the file removed, when the disk cannot hold it.
 */
export async function reserveSpace(path: string, bytes: number): Promise<SpaceReserve> {
  try {
    const handle = await open(path, "w", 0o600);
    try {
      for (let written = 0; written < bytes; written += CHUNK)
        await writeAll(handle, randomBytes(Math.min(CHUNK, bytes - written)));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(path, { force: true }).catch(() => undefined);
    throw new DiskWriteError(path, error);
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await rm(path, { force: true }).catch(() => undefined);
    },
  };
}
