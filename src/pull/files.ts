// Small file-system facts the downloader needs: sizes and checksums of what is already on disk.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat } from "node:fs/promises";
import type { TaskOutput } from "../lockfile/types.js";

/** The size of a regular file; undefined for none, or for a link, folder or FIFO (never followed). */
export async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const stat = await lstat(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Already downloaded: the size and checksum recorded in the lockfile match the file on disk. */
export async function alreadyComplete(path: string, output: TaskOutput): Promise<boolean> {
  if (output.size === undefined || output.sha256 === undefined) return false;
  if ((await sizeOf(path)) !== output.size) return false;
  return (await sha256OfFile(path)) === output.sha256;
}
