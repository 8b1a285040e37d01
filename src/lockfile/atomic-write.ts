// No reader ever sees half a file: write a temporary file in the same directory (same file system),
// fsync it, rename it over the target, then fsync the directory so the rename itself survives a crash.
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DiskWriteError } from "./write-error.js";

/**
 * The bytes of a file, whole or as chunks written one after another (a file larger than one string); chunks
 * may be made as they are written (a generator), so that the whole file is never in memory.
 */
export type FileContent = string | Uint8Array | Iterable<Uint8Array>;

export async function writeFileAtomic(path: string, content: FileContent): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await createFileSynced(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new DiskWriteError(path, error); // disk full, read-only...: said in plain words, never a stack trace
  }
  await syncDirectory(dir);
}

/** Creates `path` exclusively (EEXIST if it is there) with `content`, on disk before it returns. */
export async function createFileSynced(path: string, content: FileContent): Promise<void> {
  const handle = await open(path, "wx", 0o644);
  try {
    if (typeof content === "string") await handle.writeFile(content, "utf8");
    else if (content instanceof Uint8Array) await handle.writeFile(content);
    else for (const chunk of content) await handle.writeFile(chunk); // appends: the handle's position moves on
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `.<name>.<pid>.<hex>.tmp`: the temporary file of `writeFileAtomic(path)`; the pid tells whose it was. */
export function isAtomicTempOf(path: string, name: string): number | null {
  const prefix = `.${basename(path)}.`;
  const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length)) : null;
  return match ? Number(match[1]) : null;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Some platforms (Windows) and file systems cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
