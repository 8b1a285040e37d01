// Files pull has already hashed, so that a pull over 500,000 complete videos does not read every byte again:
// after a file's sha256 matched the lockfile, its identity on disk (device, inode, size, modification and
// change times, in nanoseconds) is remembered in `DIR/.<campaign>.reelform-verified`. The next pull
// trusts the recorded sha256 only when all of them are unchanged. Any write, rename over, truncation,
// `touch` or `chmod` changes the change time (ctime), which no ordinary tool can set back: the file is hashed
// again. A file whose last change is less than SETTLED_MS old is not remembered (a write in the same clock
// tick as the look would leave its times unchanged); it is hashed next time.
import { createHash } from "node:crypto";
import { constants, type BigIntStats } from "node:fs";
import { open, readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileAtomic } from "../lockfile/atomic-write.js";
import { safeFileName } from "./targets.js";

const SETTLED_MS = 2000n;
const HEADER = "reelform-verified 1";

/** A file's identity and the sha256 it had: `dev:ino:size:mtimeNs:ctimeNs sha256`. */
type Fingerprint = string;

export interface VerifiedFiles {
  /** The sha256 the file at `path` had when pull last hashed it, if it is provably the same file now. */
  knownSha256(path: string, stat: BigIntStats): string | undefined;
  /** Remembers a file just hashed (when its last change is settled). */
  remember(path: string, stat: BigIntStats, sha256: string, nowMs: number): void;
  /** Writes what this pull verified (files not looked at this time are forgotten). */
  save(): Promise<void>;
}

/** Where the fingerprints of `campaign`'s files in `dir` live: beside the campaign folder, not in it. */
export function verifiedFilesPath(dir: string, campaign: string): string {
  return join(dir, `.${safeFileName(campaign)}.reelform-verified`);
}

/** The fingerprints saved by the last pull into `dir` (none when the file is absent or unreadable). */
export async function openVerifiedFiles(dir: string, campaign: string): Promise<VerifiedFiles> {
  const path = verifiedFilesPath(dir, campaign);
  const before = await readFingerprints(path);
  const existed = before.size > 0;
  const after = new Map<string, Fingerprint>();
  const name = (file: string) => relative(dir, file);
  return {
    knownSha256(file, stat) {
      const known = before.get(name(file));
      const identity = identityOf(stat);
      if (known?.length !== identity.length + 65 || !known.startsWith(`${identity} `)) return undefined;
      before.delete(name(file)); // moved, not copied: 500,000 fingerprints are held once
      after.set(name(file), known);
      return known.slice(identity.length + 1);
    },
    remember(file, stat, sha256, nowMs) {
      if (stat.ctimeNs + SETTLED_MS * 1_000_000n > BigInt(nowMs) * 1_000_000n) return;
      after.set(name(file), `${identityOf(stat)} ${sha256}`);
    },
    async save() {
      if (after.size === 0 && !existed) return;
      if (after.size === 0) return void (await rm(path, { force: true }));
      await writeFileAtomic(path, fingerprintLines(after));
    },
  };
}

function identityOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * One line per file, `NAME<TAB>FINGERPRINT`, after a header line; written in chunks (500,000 files make no
 * one large string or object: pull's peak memory is the lockfile's).
 */
function fingerprintLines(files: ReadonlyMap<string, Fingerprint>): Buffer[] {
  const chunks: Buffer[] = [Buffer.from(`${HEADER}\n`)];
  let lines: string[] = [];
  const flush = () => {
    chunks.push(Buffer.from(lines.join("")));
    lines = [];
  };
  for (const [name, fingerprint] of files) {
    if (/[\t\n]/.test(name)) continue; // not a name pull makes; never a line of its own
    lines.push(`${name}\t${fingerprint}\n`);
    if (lines.length >= 10_000) flush();
  }
  flush();
  return chunks;
}

async function readFingerprints(path: string): Promise<Map<string, Fingerprint>> {
  const found = new Map<string, Fingerprint>();
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return found; // absent: every file is hashed, as without it
  }
  if (!text.startsWith(`${HEADER}\n`)) return found; // damaged, or another version: the same
  for (let at = HEADER.length + 1; at < text.length;) {
    const end = text.indexOf("\n", at);
    if (end === -1) break; // a torn last line counts for nothing
    const tab = text.indexOf("\t", at);
    if (tab !== -1 && tab < end) found.set(text.slice(at, tab), text.slice(tab + 1, end));
    at = end + 1;
  }
  return found;
}

/**
 * The sha256 of a regular file and its identity, read through one descriptor that never follows a link;
 * undefined when it is not a regular file, or when it changed while it was read.
 */
export async function hashRegularFile(path: string): Promise<{ stat: BigIntStats; sha256: string } | undefined> {
  let file;
  try {
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = await file.stat({ bigint: true });
    if (!stat.isFile()) return undefined;
    const hash = createHash("sha256");
    const chunk = Buffer.alloc(Number(stat.size < 1n << 20n ? stat.size : 1n << 20n) || 1);
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
    }
    if (identityOf(await file.stat({ bigint: true })) !== identityOf(stat)) return undefined;
    return { stat, sha256: hash.digest("hex") };
  } finally {
    await file.close();
  }
}
