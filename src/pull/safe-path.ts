// pull writes only regular files in real folders inside the output folder: a symlink planted there (the
// campaign folder, a `.part` or a finished file pointing outside) is refused, never written through,
// resumed or renamed. The output folder itself (--out) is the user's choice and may be a link.
import { constants } from "node:fs";
import { lstat } from "node:fs/promises";
import { basename, dirname } from "node:path";

/** Flags for the .part file: O_NOFOLLOW, so a link swapped in after the checks below still fails (ELOOP). */
export function partOpenFlags(append: boolean): number {
  return (
    constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC)
  );
}

/** Why pull must not write `path` or its `.part` (a link, a folder, a FIFO), or undefined when it may. */
export async function unsafeOutputPath(path: string): Promise<string | undefined> {
  const folder = dirname(path);
  const folderStat = await lstat(folder).catch(() => undefined);
  if (folderStat?.isSymbolicLink())
    return `the campaign folder ${basename(folder)} is a symbolic link; pull never writes through links (make it a real folder, or give --out the folder it points to)`;
  if (folderStat && !folderStat.isDirectory()) return `${basename(folder)} in the output folder is not a folder`;
  for (const file of [path, `${path}.part`]) {
    const problem = await notRegular(file);
    if (problem) return problem;
  }
  return undefined;
}

/** A file that exists and is not a regular file (a symbolic link, a folder, a FIFO, a device). */
export async function notRegular(file: string): Promise<string | undefined> {
  const stat = await lstat(file).catch(() => undefined);
  if (!stat || stat.isFile()) return undefined;
  const what = stat.isSymbolicLink() ? "a symbolic link" : stat.isDirectory() ? "a folder" : "not a regular file";
  return `${basename(file)} is ${what}; pull writes only regular files and never follows links (remove it)`;
}
