// Lockfile I/O: read with validation (never silently replaced), canonical bytes, atomic write.
import { readFile } from "node:fs/promises";
import { DiagnosticsError, UserError } from "../errors.js";
import { sha256Hex } from "../util/canonical-json.js";
import { writeFileAtomic } from "./atomic-write.js";
import { writeChangedEntries } from "./changed-write.js";
import { hasConflictMarkers } from "./conflict-markers.js";
import { resolveConflictedLockfile } from "./resolve-conflict.js";
import { lockfileChunks, type ReusedEntries, serializeLockfile, serializeLockfileChunks } from "./serialize.js";
import { entryBytes, rememberSource, sourceOf } from "./source-bytes.js";
import { ONE_STRING_BYTES, parseLockfileByEntries } from "./by-entries.js";
import type { Lockfile } from "./types.js";
import { parseLockfileText } from "./validate.js";

export { serializeLockfile };

export interface ReadOptions {
  /** How diagnostics name the file (e.g. relative to the current directory); default the path itself. */
  displayPath?: string;
  /**
   * Told when the file held git conflict markers and was read as the union of both sides (the command
   * prints it as a warning). Without it such a file is still resolved, silently.
   */
  warn?: (message: string) => void;
  /**
   * Keep the bytes read with the lockfile (lockfile/source-bytes.ts), so that a write that changes a few
   * entries copies the others' bytes (status, pull). They stay in memory as long as the lockfile does.
   */
  keepSource?: boolean;
}

/** Reads and validates (schemas/lockfile.schema.json). null when the file does not exist; DiagnosticsError when damaged. */
export async function readLockfile(path: string, options: ReadOptions = {}): Promise<Lockfile | null> {
  return (await readLockfileWithDigest(path, options))?.lockfile ?? null;
}

/** As readLockfile, with the sha256 of the exact bytes read (saved plans record it). */
export async function readLockfileWithDigest(
  path: string,
  options: ReadOptions = {},
): Promise<{ lockfile: Lockfile; sha256: string } | null> {
  const raw = await readLockfileBytes(path, options);
  return raw ? { lockfile: parseLockfileBytes(raw.bytes, path, options), sha256: raw.sha256 } : null;
}

/** The lockfile's bytes and their sha256, not yet parsed; null when there is none. */
export async function readLockfileBytes(
  path: string,
  options: ReadOptions = {},
): Promise<{ bytes: Buffer; sha256: string } | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    throw new UserError(
      `cannot read lockfile ${options.displayPath ?? path}: ${code === "EISDIR" ? "it is a directory" : (error as Error).message}`,
    );
  }
  // Hashed only when asked (a saved plan records it): 775 MB of lockfile cost seconds of sha256.
  let sha256: string | undefined;
  return {
    bytes,
    get sha256() {
      return (sha256 ??= sha256Hex(bytes));
    },
  };
}

/** Validates bytes read by readLockfileBytes (DiagnosticsError when damaged). */
export function parseLockfileBytes(bytes: Buffer, path: string, options: ReadOptions = {}): Lockfile {
  const lockfile = parseLockfileBytesOnly(bytes, path, options);
  if (options.keepSource) rememberSource(lockfile, bytes);
  return lockfile;
}

function parseLockfileBytesOnly(bytes: Buffer, path: string, options: ReadOptions): Lockfile {
  const file = options.displayPath ?? path;
  // Past what one string can hold (a 500,000-entry lockfile), entry by entry (lockfile/by-entries.ts).
  if (bytes.length > ONE_STRING_BYTES) return parseLockfileByEntries(bytes, file);
  const text = bytes.toString("utf8");
  try {
    return parseLockfileText(text, file);
  } catch (error) {
    // Checked only once JSON.parse has failed: a sound file pays nothing for it.
    if (!(error instanceof DiagnosticsError) || !hasConflictMarkers(text)) throw error;
    const resolved = resolveConflictedLockfile(text, file, error);
    options.warn?.(resolved.warning);
    return resolved.lockfile;
  }
}

/**
 * Atomic: temp file in the same directory, fsync, rename, fsync the directory. `changed`: the only entries
 * that may differ from the bytes the lockfile was read from (read with keepSource); every other entry is
 * written as those bytes, unserialised. Without it, or without such bytes, every entry is serialised.
 */
export async function writeLockfile(
  path: string,
  lockfile: Lockfile,
  changed?: ReadonlySet<string>,
  options: WriteOptions = {},
): Promise<void> {
  if (options.keepWritten && changed && (await writeChangedEntries(path, lockfile, changed))) return;
  const reuse = changed && reusableEntries(lockfile, changed);
  if (!options.keepWritten) {
    // Made as they are written: the 480 MB of a 500,000-entry lockfile are never all in memory.
    await writeFileAtomic(path, lockfileChunks(lockfile, reuse));
    return;
  }
  const chunks = serializeLockfileChunks(lockfile, reuse);
  await writeFileAtomic(path, chunks);
  rememberSource(lockfile, Buffer.concat(chunks));
}

export interface WriteOptions {
  /**
   * The caller goes on using this lockfile (the follower, round after round): the bytes written are kept as
   * its source, so that the next write names its changed entries and copies the rest (changed-write.ts: in
   * time slices, never blocking the event loop for long), and sameAsRead() tells whether the file is still it.
   */
  keepWritten?: boolean;
}

/** The source bytes of every entry not in `changed`, when the source is canonical and has the same keys. */
function reusableEntries(lockfile: Lockfile, changed: ReadonlySet<string>): ReusedEntries | undefined {
  const source = sourceOf(lockfile);
  const entries = source && entryBytes(source);
  if (!entries) return undefined;
  // Object.keys, not for-in: enumerating 500,000 keys with for-in costs seconds.
  const keys = Object.keys(lockfile.entries);
  if (keys.length !== entries.size) return undefined;
  for (const key of keys) if (!entries.has(key)) return undefined; // an entry added since the read
  return (key) => (changed.has(key) ? undefined : entries.get(key));
}
