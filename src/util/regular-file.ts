// Files a manifest names (rows:, prices:) are read only when they are regular files. A FIFO, a device or a
// socket would block a read for ever (a `rows:` FIFO hung `render` past SIGTERM): it is opened without
// blocking (O_NONBLOCK), checked with fstat, and refused before anything is read.
import { constants } from "node:fs";
import { open } from "node:fs/promises";

/** Thrown (with code ENOTREGULAR) for a path that is not a regular file; other errors are fs's own. */
export class NotRegularFile extends Error {
  readonly code = "ENOTREGULAR";
  constructor(readonly what: string) {
    super(`it is ${what}, not a regular file`);
  }
}

/** The file's bytes; NotRegularFile for a folder, FIFO, socket or device; `tooLarge` when larger than maxBytes. */
export async function readRegularFile(
  path: string,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<{ bytes: Buffer } | { tooLarge: number }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new NotRegularFile(
        stats.isDirectory()
          ? "a folder"
          : stats.isFIFO()
            ? "a FIFO (named pipe)"
            : stats.isSocket()
              ? "a socket"
              : "a device",
      );
    if (stats.size > maxBytes) return { tooLarge: stats.size };
    return { bytes: await handle.readFile() };
  } finally {
    await handle.close();
  }
}
