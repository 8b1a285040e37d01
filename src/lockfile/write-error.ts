// A file write that failed (disk full, quota, read-only file system, I/O error), said in plain words with
// the path, so the user knows what to free or fix. Never a stack trace: the run stops, the answers are kept.
import { ExitCode, UserError } from "../errors.js";

const PLAIN: Record<string, string> = {
  ENOSPC: "the disk is full (no space left on the device)",
  EDQUOT: "the disk quota is exceeded (disk full for this user)",
  EROFS: "the file system is read-only",
  EIO: "an I/O error (the disk failed)",
  EFBIG: "the file is too large for this file system",
};

/** What a failed write means, in words: "the disk is full (no space left on the device)". */
export function plainWriteFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && PLAIN[code]) return `${PLAIN[code]}, ${code}`;
  return error instanceof Error ? error.message : String(error);
}

/** A journal, lockfile or recovery-file write that failed; `path` is the file that could not be written. */
export class DiskWriteError extends UserError {
  constructor(
    readonly path: string,
    readonly failure: unknown,
  ) {
    super(`cannot write ${path}: ${plainWriteFailure(failure)}`, ExitCode.writeFailed);
    this.name = "DiskWriteError";
  }
}
