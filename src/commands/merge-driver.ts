// `reelform merge-driver %O %A %B %P`: git's custom merge driver for *.lock.json (docs/plans-and-lockfile.md "Merging lockfiles").
// Writes the union of ours (%A) and theirs (%B) into %A and exits 0; when it cannot (an unreadable side,
// two campaigns) it leaves git's own conflict-marked merge in %A and exits 1, so git shows a conflict and
// nothing is dropped.
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ExitCode, DiagnosticsError, UserError } from "../errors.js";
import { parseLockfileBytes, writeLockfile } from "../lockfile/io.js";
import { mergeLockfiles, mergingInto, type LockfileMerge } from "../lockfile/merge.js";
import { ONE_STRING_BYTES, readLockfileEntries } from "../lockfile/by-entries.js";
import type { Lockfile } from "../lockfile/types.js";
import { printMergeRefused } from "../report/command-notes.js";
import type { CommandContext } from "../command-context.js";
import { warnOn } from "../report/warnings.js";

export async function run(
  ctx: CommandContext,
  base: string,
  ours: string,
  theirs: string,
  pathName: string | undefined,
): Promise<number> {
  const file = pathName ?? ours;
  const oursPath = resolve(ctx.cwd, ours);
  try {
    // The sides are not held while the union is written: what only they hold can be collected (500,000 entries).
    const merged = await mergeSides(ctx, file, oursPath, resolve(ctx.cwd, theirs));
    await writeLockfile(oursPath, merged.lockfile);
    for (const note of merged.notes) warnOn(ctx)(`${file}: ${note}`);
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    printMergeRefused(ctx, error, error instanceof DiagnosticsError ? error.diagnostics : []);
    leaveTextualConflict(ctx.cwd, oursPath, resolve(ctx.cwd, base), resolve(ctx.cwd, theirs));
    return ExitCode.error;
  }
}

async function mergeSides(ctx: CommandContext, file: string, ours: string, theirs: string): Promise<LockfileMerge> {
  const a = await readSide(ours, `${file} (ours)`, ctx);
  const theirsBytes = await readSideBytes(theirs, `${file} (theirs)`);
  if (a && theirsBytes && theirsBytes.length > ONE_STRING_BYTES) {
    // Past one string, theirs is read a batch at a time and merged into ours as it comes (never both whole).
    const merging = mergingInto(a, file);
    readLockfileEntries(theirsBytes, `${file} (theirs)`, merging);
    return merging.lockfile();
  }
  const b = theirsBytes && parseSide(theirsBytes, theirs, `${file} (theirs)`, ctx);
  if (!a && !b) throw new UserError(`cannot merge ${file}: both sides are empty`);
  return a && b ? mergeLockfiles(a, b, file) : { lockfile: (a ?? b) as Lockfile, notes: [] };
}

/** One side, conflict markers and all (a side may itself be an unresolved merge); null when empty. */
async function readSide(path: string, label: string, ctx: CommandContext): Promise<Lockfile | null> {
  const bytes = await readSideBytes(path, label);
  return bytes && parseSide(bytes, path, label, ctx);
}

function parseSide(bytes: Buffer, path: string, label: string, ctx: CommandContext): Lockfile {
  return parseLockfileBytes(bytes, path, { displayPath: label, warn: warnOn(ctx) });
}

/** A side's bytes; null when it is empty. */
async function readSideBytes(path: string, label: string): Promise<Buffer | null> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read ${label}: ${error.code ?? error.message}`);
  });
  // Looked at as bytes: a 500,000-entry side as one string would be 480 MB more, and past V8's longest string.
  return onlyWhitespace(bytes) ? null : bytes;
}

/** Nothing but what String.prototype.trim removes in ASCII (space, tab, CR, LF, VT, FF) and a UTF-8 BOM. */
function onlyWhitespace(bytes: Buffer): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i += 1) {
    const byte = bytes[i] as number;
    if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) return false;
  }
  return true;
}

/** git's own line merge with markers into ours, as git would have left it without this driver. */
function leaveTextualConflict(cwd: string, ours: string, base: string, theirs: string): void {
  spawnSync("git", ["merge-file", "-L", "ours", "-L", "base", "-L", "theirs", ours, base, theirs], {
    cwd,
    stdio: "ignore",
  });
}
