// CONTRACT STUB (skeleton): the lockfile work replaces the bodies; the signatures are the contract.
import type { Lockfile } from "./types.js";

/** Reads and validates (schemas/lockfile.schema.json). null when the file does not exist; DiagnosticsError when damaged. */
export async function readLockfile(_path: string): Promise<Lockfile | null> {
  throw new Error("readLockfile: not implemented yet");
}

/** Canonical bytes: keys sorted, stable field order, 2-space indent, final newline. */
export function serializeLockfile(_lockfile: Lockfile): string {
  throw new Error("serializeLockfile: not implemented yet");
}

/** Atomic: temp file in the same directory, fsync, rename, fsync the directory. */
export async function writeLockfile(_path: string, _lockfile: Lockfile): Promise<void> {
  throw new Error("writeLockfile: not implemented yet");
}
